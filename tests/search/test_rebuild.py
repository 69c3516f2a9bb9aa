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


def test_an_entry_deleted_while_the_index_fills_is_not_in_the_new_index(
    publish, rebuild, monkeypatch
):
    """The fill read the item before the live path deleted it; that delete found nothing
    in the new index yet. The rebuild removes what it sent and the database copy lost."""
    from search import rebuild as rebuilding

    kept = publish(title="Zůstává v knihovně")
    deleted = publish(title="Smazáno během přestavby")
    rebuild()
    entries = list(rebuilding.all_entries_fast())
    assert {e.key for e in entries} >= {f"page:{kept.pk}", f"page:{deleted.pk}"}

    def read_then_deleted():
        yield from entries
        # the live path's deletion, after the fill's read: the database copy loses it
        write_database({f"page:{deleted.pk}": None})

    monkeypatch.setattr(rebuilding, "all_entries_fast", read_then_deleted)
    report = rebuilding.rebuild_engine()
    client = connect()
    assert client.exists(index=report.index, id=f"page:{kept.pk}")
    assert not client.exists(index=report.index, id=f"page:{deleted.pk}")
    assert client.count(index=report.index)["count"] == SearchEntry.objects.count()


def test_the_old_index_is_dropped_only_once_no_search_reads_it(publish, rebuild, monkeypatch):
    from search import rebuild as rebuilding

    publish(title="Čtená položka")
    old = rebuild().index
    client = connect()
    # an open scroll is a search still reading the old index
    scroll = client.search(index=old, scroll="1m", size=1, body={"query": {"match_all": {}}})
    monkeypatch.setattr(rebuilding, "OLD_INDEX_GRACE_SECONDS", 60)
    dropping = threading.Thread(target=rebuilding._drop_when_unread, args=(client, [old]))
    dropping.start()
    try:
        dropping.join(timeout=1.5)
        assert dropping.is_alive() and client.indices.exists(index=old)
    finally:
        client.clear_scroll(scroll_id=scroll["_scroll_id"])
    dropping.join(timeout=30)
    assert not dropping.is_alive()
    assert not client.indices.exists(index=old)


def _entries(count, *, fail_after=None, consumed=None):
    from search.sources import Entry

    for n in range(count):
        if fail_after is not None and n == fail_after:
            raise RuntimeError("database gone mid-rebuild")
        if consumed is not None:
            consumed.append(n)
        yield Entry(
            key=f"programme:{n}",
            content_type="programme",
            kind="programme",
            title=f"Podpora v bydlení {n}",
            url=f"/programy/{n}/",
        )


def test_a_fill_whose_node_goes_away_stops_and_says_so(settings):
    """The sender fails at its first bulk request: the building thread stops instead of
    waiting forever on a full queue, and the failure reaches the caller."""
    from search.client import EngineUnavailable
    from search.rebuild import _fill

    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"  # nothing listens on the discard port
    consumed, raised = [], []

    def fill():
        try:
            _fill(connect(), "gone", _entries(20_000, consumed=consumed), None, 0)
        except EngineUnavailable as exc:
            raised.append(exc)

    thread = threading.Thread(target=fill, daemon=True)
    thread.start()
    thread.join(timeout=60)
    assert not thread.is_alive(), "the fill hung"
    assert raised
    assert 0 < len(consumed) < 15_000  # it stopped reading soon after the failure


def test_a_fill_whose_reading_fails_sends_what_it_built_and_raises(publish, rebuild):
    from search.rebuild import _fill

    name = rebuild().index
    client = connect()
    with pytest.raises(RuntimeError, match="database gone"):
        _fill(client, name, _entries(1200, fail_after=1100), None, 0)
    client.indices.refresh(index=name)
    assert client.count(index=name, q="content_type:programme")["count"] == 1100


def test_dropping_old_indexes_that_another_rebuild_dropped_first_is_not_an_error(publish, rebuild):
    from search.rebuild import _drop_when_unread

    publish(title="Položka")
    kept = rebuild().index
    client = connect()
    client.indices.create(index=f"{kept}-other")
    _drop_when_unread(client, [f"{kept}-gone", f"{kept}-other"])
    assert not client.indices.exists(index=f"{kept}-other")
    assert client.indices.exists(index=kept)
