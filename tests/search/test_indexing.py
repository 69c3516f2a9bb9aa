"""The indexing pipeline: queued after commit, batched, run by the Celery task."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import transaction

from partners.models import IntakeCriterion
from search import indexing
from search.client import connect
from search.documents import alias_name
from search.models import SearchEntry, SearchEntryFacet
from search.selectors import search_content
from search.tasks import index_entries
from tests.knowledge.factories import make_item
from tests.partners.factories import ProgrammeFactory

from .node import closed_port

pytestmark = pytest.mark.search_node


def indexed(key: str) -> bool:
    return SearchEntry.objects.filter(key=key).exists() and connect().exists(
        index=alias_name(), id=key
    )


def test_changes_are_indexed_only_after_the_commit(section, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        first = make_item(section, title="První položka")
        second = make_item(section, title="Druhá položka")
        # inside the transaction nothing has reached the index yet
        assert not SearchEntry.objects.exists()
        assert {f"page:{first.pk}", f"page:{second.pk}"} <= indexing._pending()
    assert callbacks
    callbacks[0]()  # the first callback flushes the whole batch
    assert indexed(f"page:{first.pk}") and indexed(f"page:{second.pk}")
    assert not indexing._pending()
    for callback in callbacks[1:]:
        callback()  # the others find nothing left to do


def test_a_rolled_back_change_is_not_indexed(section, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                make_item(section, title="Stažená položka")
                raise RuntimeError("editor cancelled")
        except RuntimeError:
            pass
    assert not SearchEntry.objects.filter(title="Stažená položka").exists()


def test_the_celery_task_indexes_and_removes_keys(publish):
    item = publish(title="Úloha pro frontu")
    SearchEntry.objects.all().delete()
    connect().delete(index=alias_name(), id=f"page:{item.pk}", refresh=True)
    index_entries.apply(args=[[f"page:{item.pk}", "page:999999", "organisation:999999"]])
    assert indexed(f"page:{item.pk}")
    assert not SearchEntry.objects.filter(key="page:999999").exists()


def test_the_task_survives_a_down_node_and_still_writes_the_fallback(publish, settings):
    item = publish(title="Výpadek vyhledávače")
    SearchEntry.objects.all().delete()
    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{closed_port()}"
    result = index_entries.apply(args=[[f"page:{item.pk}"]])
    # eager: logged and dropped; a worker retries with back-off instead
    assert result.successful() or result.state == "RETRY"
    assert SearchEntry.objects.filter(key=f"page:{item.pk}").exists()


def test_facet_rows_follow_the_entry(publish):
    item = publish(title="Fasety", region="praha", year=2020)
    rows = set(
        SearchEntryFacet.objects.filter(entry__key=f"page:{item.pk}").values_list("facet", "value")
    )
    assert {("kind", "methodology"), ("region", "praha"), ("year", "2020")} <= rows
    assert ("organisation", "azylovy-dum") in rows


def test_renaming_an_organisation_reindexes_its_items(publish, orgs, index_now):
    publish(title="Metodika sdílená s partnery")
    organisation = orgs.sender.organisation
    with index_now():
        organisation.name = "Azylový dům Naděje Přerov"
        organisation.save()
    titles = [h.title for h in search_content(AnonymousUser(), query="nadeje").hits]
    assert "Metodika sdílená s partnery" in titles
    assert "Azylový dům Naděje Přerov" in titles


def test_programmes_follow_their_changes(orgs, index_now):
    with index_now():
        programme = ProgrammeFactory(
            organisation=orgs.receiver.organisation, name="Startovací byty pro mladé"
        )
    found = search_content(AnonymousUser(), query="startovaci byty").hits
    # the organisation's entry lists its programmes too
    assert sorted(h.content_type for h in found) == ["organisation", "programme"]
    with index_now():
        IntakeCriterion.objects.create(
            programme=programme, text="Věk 18 až 26 let po odchodu z dětského domova"
        )
    assert search_content(AnonymousUser(), query="detskeho domova").total == 1
    with index_now():
        programme.is_active = False
        programme.save()
    assert search_content(AnonymousUser(), query="startovaci byty").total == 0


def test_moving_a_page_updates_its_url(publish, orgs, index_now, moderator):
    item = publish(title="Stěhovaná položka")
    target = orgs.third.organisation.library_section
    with index_now():
        item.move(target, pos="last-child")
    hit = search_content(AnonymousUser(), query="stehovana polozka").hits[0]
    assert hit.url.startswith(target.url)
