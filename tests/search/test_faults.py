"""Faults of the search node and of the indexing pipeline, on real services.

The node these tests kill is their own (tests/search/node.py: OwnNode, a free port and a
data directory of its own), never the shared one. Indexing runs in the test's process
(SEARCH_INDEX_SYNC), so what the pipeline does after a commit happens before the next line.
"""

import logging
import time
import uuid
from unittest import mock

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.test import Client

from search import client, indexing, outbox, tasks
from search.client import connect, scan
from search.documents import alias_name, drop_indexes
from search.indexing import drain_pending
from search.models import PendingIndexKey, SearchEntry
from search.rebuild import rebuild_engine
from search.selectors import search_content
from search.sources import all_entries
from tests.knowledge.factories import make_item

from .node import OwnNode, answers

pytestmark = pytest.mark.search_node


@pytest.fixture(scope="module")
def own_node(tmp_path_factory):
    node = OwnNode(tmp_path_factory.mktemp("fault-node"))
    node.start()
    try:
        yield node
    finally:
        node.stop()


@pytest.fixture
def on_own_node(own_node, orgs, settings):
    """Point the portal at the test's own node (fresh prefix) with the database's content
    in it, so the engine and the database start equal."""
    settings.ELASTICSEARCH_URL = own_node.url
    settings.SEARCH_INDEX_PREFIX = f"faults-{uuid.uuid4().hex[:8]}"
    client.reset_state()
    if not answers(own_node.url):
        own_node.start()
    rebuild_engine()
    yield own_node
    client.reset_state()
    if answers(own_node.url):
        drop_indexes()


def engine_documents() -> dict[str, dict]:
    connection = connect()
    connection.indices.refresh(index=alias_name())
    return {hit["_id"]: hit["_source"] for hit in scan(connection, index=alias_name())}


def visible_entries() -> dict[str, dict]:
    """What the database says must be searchable now, built afresh from the content."""
    return {entry.key: entry.as_document() for entry in all_entries()}


def titles(query: str):
    results = search_content(AnonymousUser(), query=query)
    return results.backend, {hit.title for hit in results.hits}


def test_node_killed_mid_run_loses_nothing_and_keeps_nothing_stale(on_own_node, publish, index_now):
    node = on_own_node
    kept = publish(title="Nájemní smlouva na tréninkový byt")
    edited = publish(title="Pořadník žadatelů o sociální byt")
    withdrawn = publish(title="Zápis komise o nabídce bytu")
    assert set(engine_documents()) == set(visible_entries())
    assert not PendingIndexKey.objects.exists()

    node.kill()

    # Search still answers, from the database copy, with what was there.
    assert titles("najemni smlouva") == ("database", {kept.title})
    assert client.recently_down()

    # Publish, edit and unpublish while the node is down.
    created = publish(title="Krizové bydlení pro matky s dětmi")
    with index_now():
        edited.title = "Pořadník žadatelů o sociální bydlení v Přerově"
        edited.save_revision().publish()
    with index_now():
        withdrawn.unpublish()

    assert titles("krizove bydleni matky") == ("database", {created.title})
    assert titles("poradnik zadatelu") == ("database", {edited.title})
    assert titles("zapis komise") == ("database", set())
    api = Client().get("/hledat/api/", {"q": "krizove bydleni matky"}).json()
    assert (api["backend"], api["limited"], api["total"]) == ("database", True, 1)

    changed = {f"page:{created.pk}", f"page:{edited.pk}", f"page:{withdrawn.pk}"}
    pending = {row.key: row for row in PendingIndexKey.objects.all()}
    assert set(pending) == changed
    assert all(row.attempts >= 1 and row.last_error for row in pending.values())

    # The periodic drain while the node is still down: nothing lost, nothing raised.
    assert tasks.drain_pending_keys(min_age_seconds=0) == 0
    assert set(PendingIndexKey.objects.values_list("key", flat=True)) == changed

    status = _status()
    assert "Waiting for the engine (outbox): 3 keys" in status
    health = Client().get("/healthz/").json()
    assert health["search_pending"] == 3

    # The node comes back on the same data: it holds the state of the moment it died.
    node.start()
    stale = engine_documents()
    assert f"page:{created.pk}" not in stale
    assert stale[f"page:{edited.pk}"]["title"] == "Pořadník žadatelů o sociální byt"
    assert f"page:{withdrawn.pk}" in stale

    # Its recovery drains the outbox.
    assert client.mark_up() is True
    assert not PendingIndexKey.objects.exists()
    engine = engine_documents()
    expected = visible_entries()
    assert set(engine) == set(expected)  # nothing missing, nothing left over
    assert set(SearchEntry.objects.values_list("key", flat=True)) == set(expected)
    for key, document in expected.items():  # nothing stale
        fields = ("title", "url", "visibility", "summary", "organisation", "topics")
        assert {f: engine[key][f] for f in fields} == {f: document[f] for f in fields}, key
    assert titles("poradnik zadatelu") == ("engine", {edited.title})
    assert titles("zapis komise") == ("engine", set())
    assert "Waiting for the engine (outbox): 0 keys" in _status()


def _status() -> str:
    from io import StringIO

    out = StringIO()
    call_command("search_status", stdout=out)
    return out.getvalue()


def test_a_drain_replays_the_latest_state_and_is_idempotent(on_own_node, publish, index_now):
    item = publish(title="Metodika dostupného bydlení")
    key = f"page:{item.pk}"
    # The node refuses while the item changes twice; only the latest state must arrive.
    client.mark_down()
    with index_now():
        item.title = "Metodika dostupného bydlení, druhé vydání"
        item.save_revision().publish()
    with index_now():
        item.summary = "Aktualizované postupy pro obce."
        item.save_revision().publish()
    assert list(PendingIndexKey.objects.values_list("key", flat=True)) == [key]
    assert engine_documents()[key]["title"] == "Metodika dostupného bydlení"

    assert drain_pending() == 1
    assert drain_pending() == 0  # nothing left: a second drain does nothing
    document = engine_documents()[key]
    assert (document["title"], document["summary"]) == (
        "Metodika dostupného bydlení, druhé vydání",
        "Aktualizované postupy pro obce.",
    )
    indexing.sync_keys([key])  # replaying a key already indexed changes nothing
    assert engine_documents()[key] == document
    assert not PendingIndexKey.objects.exists()


def test_a_change_queued_during_a_write_keeps_its_outbox_row(on_own_node, publish, index_now):
    item = publish(title="Sociální bydlení v malých obcích")
    key = f"page:{item.pk}"
    outbox.record_pending([key])
    old_token = PendingIndexKey.objects.get(key=key).token
    outbox.record_pending([key])  # queued again: a new token
    assert PendingIndexKey.objects.get(key=key).token != old_token
    assert outbox.release_pending([old_token]) == 0  # the older writer removes nothing
    assert PendingIndexKey.objects.filter(key=key).exists()


def test_a_broker_outage_after_the_commit_loses_nothing(
    on_own_node, section, settings, caplog, django_capture_on_commit_callbacks
):
    settings.SEARCH_INDEX_SYNC = False  # hand the keys to Celery, whose broker refuses
    with (
        mock.patch.object(tasks.index_entries, "delay", side_effect=ConnectionError("broker")),
        caplog.at_level(logging.WARNING, logger="search.indexing"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        item = make_item(section, title="Housing First v Ostravě")
    key = f"page:{item.pk}"
    assert "wait in the outbox for the drain" in caplog.text
    # The task never ran: neither the database copy nor the engine has the item yet.
    assert not SearchEntry.objects.filter(key=key).exists()
    assert key not in engine_documents()
    assert PendingIndexKey.objects.filter(key=key).exists()

    settings.SEARCH_INDEX_SYNC = True
    assert tasks.drain_pending_keys(min_age_seconds=0) >= 1
    assert SearchEntry.objects.filter(key=key).exists()
    assert engine_documents()[key]["title"] == "Housing First v Ostravě"
    assert not PendingIndexKey.objects.exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_failing_index_task_retries_with_backoff_then_gives_up_visibly(settings):
    """A real Celery worker (in this process, on the real Redis broker, on a queue of its
    own) runs the indexing task against a node that does not answer."""
    from celery.contrib.testing.worker import start_worker

    from portal.celery import app

    from .node import closed_port

    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{closed_port()}"
    settings.SEARCH_RETRY_BACKOFF_SECONDS = 0.25
    settings.SEARCH_INDEX_MAX_RETRIES = 3
    key = "organisation:987654"
    outbox.record_pending([key])
    queue = f"test-search-{uuid.uuid4().hex[:8]}"
    records: list[logging.LogRecord] = []
    handler = logging.Handler(level=logging.WARNING)
    handler.emit = records.append  # the worker's logging setup replaces pytest's capture
    task_logger = logging.getLogger("search.tasks")
    task_logger.addHandler(handler)
    try:
        with start_worker(app, queues=[queue], perform_ping_check=False, shutdown_timeout=30):
            started = time.monotonic()
            tasks.index_entries.apply_async(args=[[key]], queue=queue)
            while time.monotonic() < started + 60 and not any(
                r.levelno == logging.ERROR for r in records
            ):
                time.sleep(0.05)
            elapsed = time.monotonic() - started
    finally:
        task_logger.removeHandler(handler)

    messages = [r.getMessage() for r in records]
    assert messages[:3] == [
        "search: engine unavailable (attempt 1 of 4), retrying 1 keys in 0.2 s",
        "search: engine unavailable (attempt 2 of 4), retrying 1 keys in 0.5 s",
        "search: engine unavailable (attempt 3 of 4), retrying 1 keys in 1.0 s",
    ]
    assert 0.25 + 0.5 + 1.0 <= elapsed < 30  # the countdowns were waited for, no more
    assert records[3].levelno == logging.ERROR
    assert messages[3].startswith("search: engine unavailable after 4 attempts, giving up")
    assert len(records) == 4
    # recorded: the key waits in the outbox with its attempts, for the periodic drain
    row = PendingIndexKey.objects.get(key=key)
    assert row.attempts == 4 and row.last_error
