"""search_rebuild builds a new index and swaps the alias; search_status compares counts."""

import io
import threading

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import CommandError, call_command
from django.db import connection

from partners.models import Programme
from search.client import connect
from search.documents import alias_name, indexes_behind, next_alias_name
from search.indexing import sync_keys, write_database
from search.models import SearchEntry
from search.selectors import search_content
from tests.partners.factories import ProgrammeFactory

pytestmark = pytest.mark.search_node


def run(command, *args):
    out = io.StringIO()
    call_command(command, *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def many_programmes(orgs):
    """Programmes created without signals (bulk), so only a rebuild indexes them."""
    organisation = orgs.receiver.organisation
    Programme.objects.bulk_create(
        [
            Programme(
                organisation=organisation,
                name=f"Podpora v bydlení {n}",
                slug=f"podpora-{n}",
                kind=Programme.Kind.SUPPORT_IN_HOUSING,
                description="Terénní podpora domácností v bytech města.",
            )
            for n in range(400)
        ]
    )


def test_rebuild_swaps_the_alias_to_a_new_index(publish, many_programmes):
    publish(title="Metodika podpory v bydlení")
    first = indexes_behind(alias_name())
    output = run("search_rebuild")
    second = indexes_behind(alias_name())
    assert len(second) == 1 and second != first
    assert not connect().indices.exists(index=first[0])  # the old index is dropped
    assert indexes_behind(next_alias_name()) == []
    assert "Database copy:" in output and "alias swapped" in output
    assert search_content(AnonymousUser(), query="podpora v bydleni 17").hits[0].title == (
        "Podpora v bydlení 17"
    )


def test_rebuild_shows_a_progress_bar(publish, capsys):
    publish(title="Cokoliv k indexování")
    out = io.StringIO()
    call_command("search_rebuild", "--batch-size=2", stdout=out)
    printed = capsys.readouterr().out + out.getvalue()
    assert "database" in printed and "engine" in printed
    assert "[" in printed and "100 %" in printed


def test_queries_keep_answering_during_a_rebuild(
    publish, many_programmes, django_db_blocker, rebuild
):
    rebuild()
    expected = search_content(AnonymousUser(), query="podpora v bydleni").total
    assert expected >= 400
    totals, errors = [], []
    stop = threading.Event()

    def ask():
        try:
            while not stop.is_set():
                results = search_content(AnonymousUser(), query="podpora v bydleni")
                totals.append((results.backend, results.total))
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connection.close()

    thread = threading.Thread(target=ask)
    with django_db_blocker.unblock():
        thread.start()
        try:
            for _ in range(2):
                call_command(
                    "search_rebuild", "--batch-size=25", "--no-progress", stdout=io.StringIO()
                )
        finally:
            stop.set()
            thread.join(timeout=60)
    assert not errors
    assert len(totals) >= 5
    assert set(totals) == {("engine", expected)}


def test_live_updates_during_a_rebuild_reach_the_new_index(publish, rebuild, index_now):
    """A change written while the new index fills (behind the -next alias) is kept."""
    from search.indexing import _actions, _bulk
    from search.sources import entries_for_keys

    item = publish(title="Původní název")
    rebuild()
    client = connect()
    client.indices.put_alias(index=indexes_behind(alias_name())[0], name=next_alias_name())
    with index_now():
        item.title = "Nový název během přestavby"
        item.save_revision().publish()
    building = indexes_behind(next_alias_name())
    assert client.get(index=building[0], id=f"page:{item.pk}")["_source"]["title"] == (
        "Nový název během přestavby"
    )
    client.indices.delete_alias(index=building[0], name=next_alias_name())
    assert _bulk(_actions(entries_for_keys([f"page:{item.pk}"]), building), refresh=True) == 1


def test_status_reports_counts_and_mismatches(publish, orgs, rebuild):
    publish(title="Položka pro kontrolu stavu")
    rebuild()
    output = run("search_status")
    assert "knowledge" in output and "MISMATCH" not in output
    assert "Index in step with the database." in output

    ProgrammeFactory(organisation=orgs.third.organisation)  # signals queue it: not run here
    SearchEntry.objects.filter(content_type="knowledge").delete()
    output = run("search_status")
    assert "MISMATCH" in output
    with pytest.raises(CommandError):
        call_command("search_status", "--fail-on-mismatch", stdout=io.StringIO())
    keys = [f"programme:{p.pk}" for p in Programme.objects.all()]
    sync_keys(keys + [f"page:{pk}" for pk in _item_ids()])
    assert "MISMATCH" not in run("search_status")


def _item_ids():
    from knowledge.models import KnowledgeItemPage

    return KnowledgeItemPage.objects.values_list("pk", flat=True)


def test_rebuild_without_engine_rebuilds_the_database_copy(publish, database_search):
    item = publish(title="Jen databáze")
    write_database({f"page:{item.pk}": None})
    output = run("search_rebuild")
    assert "ELASTICSEARCH_URL is not set" in output
    assert SearchEntry.objects.filter(key=f"page:{item.pk}").exists()
