"""The rebuild's fast path (entries from plain rows, parallel bulk with refresh off) gives
exactly what the per-object path gives, and leaves the new index with its serving settings."""

import pytest

from knowledge.models import KnowledgeItemAttachment, LibraryDocument, LibrarySectionPage, Topic
from search.client import connect
from search.documents import alias_name, indexes_behind, live_settings, next_alias_name
from search.models import SearchEntry, SearchEntryFacet
from search.rebuild import rebuild_database, rebuild_engine
from search.sources import SOURCES, all_entries, all_entries_fast
from tests.knowledge.factories import make_document, make_item

pytestmark = pytest.mark.search_node


@pytest.fixture
def varied_content(demo, db):
    """The demo library plus items that exercise every branch of an entry: attachments with
    and without a label, long extracted text, several topics, members-only, a draft."""
    section = LibrarySectionPage.objects.live().order_by("pk").first()
    long_text = "Splátkový kalendář a oddlužení. " * 4000  # over the attachment cap
    first = make_document("Postup.pdf")
    LibraryDocument.objects.filter(pk=first.pk).update(extracted_text=long_text)
    second = make_document("Vzor smlouvy.pdf")
    LibraryDocument.objects.filter(pk=second.pk).update(extracted_text="Nájemní smlouva vzor")
    item = make_item(section, title="Dluhové poradenství s přílohami", visibility="members")
    KnowledgeItemAttachment.objects.create(page=item, document=first, label="", sort_order=1)
    KnowledgeItemAttachment.objects.create(
        page=item, document=second, label="Vzor nájemní smlouvy", sort_order=0
    )
    item.topics.set(Topic.objects.order_by("-name")[:3])
    item.save()
    make_item(section, title="Koncept bez zveřejnění", live=False)
    return item


def test_fast_entries_equal_the_per_object_entries(varied_content, django_assert_max_num_queries):
    slow = {e.key: e.as_document() for e in all_entries()}
    with django_assert_max_num_queries(40):
        fast = {e.key: e.as_document() for e in all_entries_fast()}
    assert len(fast) > 20
    assert f"page:{varied_content.pk}" in fast
    assert list(fast) == list(slow)
    for key, document in slow.items():
        assert fast[key] == document, key
    item = fast[f"page:{varied_content.pk}"]
    assert item["visibility"] == "members"
    assert item["meta"].count("Vzor nájemní smlouvy") == 1
    assert len(item["attachments"]) <= 100_000 + 1  # the cap, plus the joining newline
    assert len(item["topics"]) == 3


def test_fast_entries_take_few_queries_whatever_the_number_of_items(varied_content):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    source = SOURCES[0]
    with CaptureQueriesContext(connection) as before:
        count_before = sum(1 for _ in source.bulk_entries())
    for n in range(15):
        make_item(varied_content.get_parent().specific, title=f"Položka {n}", live=True)
    with CaptureQueriesContext(connection) as after:
        count_after = sum(1 for _ in source.bulk_entries())
    assert count_after == count_before + 15
    # the same queries, plus at most the site root paths Wagtail re-reads after a publish
    assert len(after.captured_queries) <= len(before.captured_queries) + 1


def test_rebuild_restores_the_serving_settings_and_matches_the_database(varied_content):
    rebuild_database()
    report = rebuild_engine()
    client = connect()
    assert indexes_behind(alias_name()) == [report.index]
    assert indexes_behind(next_alias_name()) == []
    index = client.indices.get_settings(index=report.index)[report.index]["settings"]["index"]
    assert index["refresh_interval"] == live_settings()["refresh_interval"]
    assert int(index["number_of_replicas"]) == live_settings()["number_of_replicas"]
    assert index["translog"]["durability"] == "request"
    expected = {e.key for e in all_entries()}
    assert report.total == len(expected)
    assert set(SearchEntry.objects.values_list("key", flat=True)) == expected
    assert client.count(index=alias_name())["count"] == len(expected)
    assert (
        SearchEntryFacet.objects.filter(
            entry__key=f"page:{varied_content.pk}", facet="topic"
        ).count()
        == 3
    )
