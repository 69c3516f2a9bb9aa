"""The library's listing table (knowledge.listing): kept exact by the items' own writes, and
read with a cost that does not grow with the library: the same queries whatever the number
of items, a plan that walks an index for one page and stops, totals from maintained counts.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from knowledge.listing import (
    ALL,
    Audience,
    Listing,
    listing_differences,
    listing_rebuild,
)
from knowledge.models import ListingCount, ListingEntry
from partners.models import PathwayStage, TargetGroup
from tests.knowledge.factories import TopicFactory, make_item
from tests.plans import analyze, assert_page_walk, plan, shape


def _count(audience, facet="", value=""):
    row = ListingCount.objects.filter(audience=audience, facet=facet, value=value).first()
    return row.entries if row else 0


@pytest.fixture
def section(orgs):
    return orgs.sender.organisation.library_section


def test_publish_edit_restrict_unpublish_and_delete_keep_the_listing_exact(section):
    topic = TopicFactory(slug="dluhy", name="Dluhy")
    group, _ = TargetGroup.objects.get_or_create(slug="rodiny", defaults={"name": "Rodiny"})
    stage = PathwayStage.objects.order_by("level").first()
    item = make_item(section, title="Metodika A", kind="methodology", region="olomoucky")
    item.topics.set([topic])
    item.target_groups.set([group])
    item.stages.set([stage])
    item.save_revision().publish()
    members_item = make_item(section, title="Kazuistika B", kind="analysis", visibility="members")
    assert listing_differences() == 0
    assert _count(Audience.PUBLIC) == 1
    assert _count(Audience.MEMBERS) == 2
    assert _count(Audience.PUBLIC, "topic", str(topic.pk)) == 1
    assert _count(Audience.MEMBERS, "stage", str(stage.pk)) == 1
    assert _count(Audience.PUBLIC, "region", "olomoucky") == 1

    # An edit that changes the kind moves the item from one kind's range to the other.
    item.kind = "analysis"
    item.save_revision().publish()
    assert listing_differences() == 0
    assert _count(Audience.PUBLIC, "kind", "methodology") == 0
    assert _count(Audience.MEMBERS, "kind", "analysis") == 2

    # A view restriction on the section hides both from every listing; lifting it lists
    # them again.
    restriction = PageViewRestriction.objects.create(
        page=section, restriction_type=PageViewRestriction.LOGIN
    )
    assert not ListingEntry.objects.exists()
    assert listing_differences() == 0
    restriction.delete()
    assert _count(Audience.MEMBERS) == 2

    item.unpublish()
    assert _count(Audience.PUBLIC) == 0
    assert _count(Audience.MEMBERS, "topic", str(topic.pk)) == 0
    members_item.delete()
    assert not ListingEntry.objects.exists()
    assert listing_differences() == 0


def test_a_draft_of_a_live_item_changes_nothing_until_published(section):
    item = make_item(section, title="Původní název")
    item.title = "Nový název v konceptu"
    item.save_revision()
    assert set(ListingEntry.objects.values_list("title", flat=True)) == {"Původní název"}
    item.get_latest_revision().publish()
    assert set(ListingEntry.objects.values_list("title", flat=True)) == {"Nový název v konceptu"}


def test_rebuild_writes_what_the_saves_wrote(section):
    make_item(section, title="A", year=2020)
    make_item(section, title="B", year=None, visibility="members")
    before = sorted(
        ListingEntry.objects.values_list("item_id", "audience", "facet", "value", "year", "title")
    )
    counts = sorted(ListingCount.objects.values_list("audience", "facet", "value", "entries"))
    ListingCount.objects.update(entries=999)
    assert listing_differences() > 0
    listing_rebuild()
    after = sorted(
        ListingEntry.objects.values_list("item_id", "audience", "facet", "value", "year", "title")
    )
    assert after == before
    assert sorted(ListingCount.objects.values_list("audience", "facet", "value", "entries")) == [
        c for c in counts if c[3]
    ]


def test_the_listing_never_shows_a_members_item_to_the_public_audience(section):
    public = make_item(section, title="Veřejná")
    members = make_item(section, title="Jen pro členy", visibility="members")
    # Even an entry written wrongly (by hand, around the models) shows nothing more.
    ListingEntry.objects.filter(item_id=members.pk).update(audience=Audience.PUBLIC)
    assert [item.pk for item in Listing(Audience.PUBLIC)[0:20]] == [public.pk]


def test_sorted_by_year_or_title_as_before(section):
    make_item(section, title="Bez roku", year=None)
    make_item(section, title="Beta", year=2020)
    make_item(section, title="Alfa", year=2020)
    make_item(section, title="Staré", year=2010)
    by_year = [item.title for item in Listing(Audience.PUBLIC, order="-year")[0:10]]
    by_title = [item.title for item in Listing(Audience.PUBLIC, order="title")[0:10]]
    # PostgreSQL sorts NULL first in descending order, as the library always did.
    assert by_year == ["Bez roku", "Alfa", "Beta", "Staré"]
    assert by_title == ["Alfa", "Beta", "Bez roku", "Staré"]


def test_two_filters_walk_the_rarer_range_and_count_it(section):
    topic = TopicFactory(slug="energie", name="Energie")
    for n in range(4):
        item = make_item(section, title=f"Metodika {n}", kind="methodology")
        if n % 2:
            item.topics.set([topic])
            item.save_revision().publish()
    make_item(section, title="Analýza", kind="analysis").topics.set([topic])
    listing = Listing(Audience.PUBLIC, [("kind", "methodology"), ("topic", str(topic.pk))])
    assert listing.count() == 2
    assert sorted(item.title for item in listing[0:20]) == ["Metodika 1", "Metodika 3"]


# --- Cost that does not grow with the library --------------------------------------------


def _bulk_entries(n: int, first_item: int = 10_000_000) -> None:
    """`n` items' worth of entries (unfiltered, kind, topic), written around the models:
    only the plans are looked at, and they read nothing but the listing table."""
    kinds = ["methodology", "analysis", "case_study", "good_practice", "evaluation"]
    rows = []
    for i in range(n):
        item_id, year, title = first_item + i, 1995 + i % 30, f"Položka {i:07d}"
        for facet, value in [ALL, ("kind", kinds[i % 5]), ("topic", str(i % 12))]:
            for audience in (0, 1):
                rows.append(
                    ListingEntry(
                        item_id=item_id,
                        audience=audience,
                        facet=facet,
                        value=value,
                        year=year,
                        title=title,
                    )
                )
    ListingEntry.objects.bulk_create(rows, batch_size=5000)
    analyze(ListingEntry._meta.db_table)


LISTINGS = {
    "unfiltered by year": (Listing(Audience.MEMBERS), 0, "knowledge_listing_year"),
    "unfiltered by title": (Listing(Audience.MEMBERS, order="title"), 0, "knowledge_listing_title"),
    "one kind": (Listing(Audience.PUBLIC, [("kind", "analysis")]), 0, "knowledge_listing_year"),
    "one topic by title": (
        Listing(Audience.MEMBERS, [("topic", "3")], "title"),
        0,
        "knowledge_listing_title",
    ),
    "page 50": (Listing(Audience.MEMBERS), 980, "knowledge_listing_year"),
}


@pytest.mark.django_db
@pytest.mark.parametrize("name", LISTINGS)
def test_a_listing_page_is_an_index_walk_at_any_size(name):
    listing, start, index = LISTINGS[name]
    shapes = []
    for total in (6_000, 30_000):
        _bulk_entries(total - ListingEntry.objects.filter(facet="", audience=1).count())
        listing._planned = None
        query = listing.ids_query(start, start + 20)
        assert_page_walk(plan(query), index)
        shapes.append(shape(plan(query)))
    assert shapes[0] == shapes[1]


@pytest.mark.django_db
def test_the_total_is_one_maintained_number():
    _bulk_entries(3_000)
    ListingCount.objects.create(audience=1, facet="", value="", entries=3_000)
    listing = Listing(Audience.MEMBERS)
    with CaptureQueriesContext(connection) as queries:
        assert listing.count() == 3_000
    assert len(queries) == 1
    assert "knowledge_listingentry" not in queries[0]["sql"]


def _library_queries(client, url):
    client.get(url)  # warm: the filter options are cached under the content version
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response


@pytest.mark.parametrize(
    "query", ["", "?kind=methodology", "?order=title", "?kind=methodology&region=olomoucky"]
)
def test_library_queries_do_not_grow_with_the_items(client, orgs, site_tree, query):
    section = orgs.sender.organisation.library_section
    client.force_login(orgs.third.users["social_worker"])
    url = site_tree.library.url + query
    for n in range(3):
        make_item(section, title=f"První {n}", region="olomoucky", year=2000 + n)
    few, response = _library_queries(client, url)
    assert "První 2" in response.content.decode()
    for n in range(25):
        make_item(section, title=f"Další {n}", region="olomoucky", visibility="members")
    many, response = _library_queries(client, url)
    assert "Stránka 1 z 2" in response.content.decode()
    assert many == few


def test_partner_page_and_section_queries_do_not_grow_with_the_items(client, orgs):
    organisation = orgs.sender.organisation
    section = organisation.library_section
    client.force_login(orgs.third.users["social_worker"])
    make_item(section, title="První položka")
    few_partner, _ = _library_queries(client, organisation.get_absolute_url())
    few_section, _ = _library_queries(client, section.url)
    for n in range(22):
        make_item(section, title=f"Položka {n}", year=2030, visibility="members")
    many_partner, response = _library_queries(client, organisation.get_absolute_url())
    many_section, _ = _library_queries(client, section.url)
    assert "Položka 21" in response.content.decode()
    assert "První položka" not in response.content.decode()  # 20 newer ones first
    assert (many_partner, many_section) == (few_partner, few_section)


@pytest.mark.parametrize("query", ["", "?kind=methodology", "?kind=methodology&region=olomoucky"])
def test_library_api_reads_the_listing_in_queries_that_do_not_grow(client, orgs, query):
    """The JSON API pages the listing table like the library page: a total from the
    maintained counts, twenty ids from the index, the items and their topics and stages."""
    section = orgs.sender.organisation.library_section
    client.force_login(orgs.third.users["social_worker"])
    url = "/knihovna-data/api/items/" + query
    for n in range(3):
        make_item(section, title=f"První {n}", region="olomoucky", year=2000 + n)
    few, response = _library_queries(client, url)
    assert response.json()["count"] == 3
    for n in range(25):
        make_item(section, title=f"Další {n}", region="olomoucky", visibility="members")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    many = len(queries)
    data = response.json()
    assert data["count"] == 28
    assert len(data["results"]) == 20
    assert many == few
    assert any("knowledge_listingcount" in q["sql"] for q in queries.captured_queries)
    # No count over the items: the total is the maintained number.
    assert not any(
        "COUNT(" in q["sql"] and "knowledge_knowledgeitempage" in q["sql"]
        for q in queries.captured_queries
    )
