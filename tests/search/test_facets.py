"""Facets, filters, sorting and pages, checked against what the database says."""

from collections import Counter

import pytest
from django.contrib.auth.models import AnonymousUser

from partners.models import Region
from search.selectors import search_content

from .catalogue import WORD, database_counts, facet_counts

pytestmark = pytest.mark.search_node


@pytest.mark.parametrize("who", ["anonymous", "member"])
def test_facet_counts_equal_the_database(catalogue, orgs, backend, who):
    backend.activate()
    user = AnonymousUser() if who == "anonymous" else orgs.third.users["social_worker"]
    results = search_content(user, query=WORD)
    assert results.backend == backend.name
    expected = database_counts(user)
    assert results.total == sum(expected["kind"].values())
    assert facet_counts(results) == expected


def test_facet_counts_follow_the_filters(catalogue, orgs, backend):
    backend.activate()
    member = orgs.sender.users["editor"]
    results = search_content(member, query=WORD, filters={"topic": "dluhy", "year": "2017"})
    assert [h.title for h in results.hits] == ["Položka 1 methodology"]
    counts = facet_counts(results)
    assert counts["topic"] == Counter({"dluhy": 1, "socialni-prace": 1})
    assert counts["kind"] == Counter({"methodology": 1})
    assert results.facet("topic").selected == "dluhy"
    assert [o.selected for o in results.facet("topic").options if o.value == "dluhy"] == [True]


def test_facets_have_labels(catalogue, backend):
    backend.activate()
    results = search_content(AnonymousUser(), query=WORD)
    labels = {f.name: {o.value: o.label for o in f.options} for f in results.facets}
    assert labels["topic"]["dluhy"] == "Dluhy"
    assert labels["stage"]["treninkove"] == "Vstupní / tréninkové bydlení"
    assert labels["region"]["praha"] == Region.PRAHA.label
    assert labels["organisation"]["treti"] == "Třetí organizace z.s."
    assert labels["year"]["2019"] == "2019"
    # years newest first
    assert [o.value for o in results.facet("year").options][0] == "2020"


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"kind": "analysis"}, {"Položka 4 analysis", "Položka 5 analysis"}),
        ({"stage": "krizove", "region": "praha"}, {"Položka 5 analysis"}),
        ({"target_group": "bez-domova", "organisation": "treti"}, {"Položka 4 analysis"}),
        ({"year": "2016"}, {"Položka 0 methodology", "Položka 8 evaluation"}),
    ],
)
def test_filters_narrow_and_combine(catalogue, backend, filters, expected):
    backend.activate()
    results = search_content(AnonymousUser(), query=WORD, filters=filters)
    assert {h.title for h in results.hits} == expected


def test_filters_without_a_query_browse_everything_visible(catalogue, backend):
    backend.activate()
    results = search_content(AnonymousUser(), filters={"topic": "socialni-prace"})
    assert results.total == 3  # items 5, 7, 9 are public; 1 and 2 are members-only


def test_sort_by_date_puts_newest_first(catalogue, backend, index_now):
    backend.activate()
    results = search_content(AnonymousUser(), query=WORD, sort="date")
    dates = [h.date for h in results.hits]
    assert dates == sorted(dates, reverse=True)
    assert results.sort == "date"


def test_pages_walk_through_all_results_once(catalogue, orgs, backend):
    backend.activate()
    member = orgs.receiver.users["editor"]
    seen = []
    first = search_content(member, query=WORD, page_size=4)
    assert (first.total, first.num_pages, first.has_next) == (10, 3, True)
    for page in range(1, first.num_pages + 1):
        seen += [h.key for h in search_content(member, query=WORD, page_size=4, page=page).hits]
    assert len(seen) == len(set(seen)) == 10


def test_a_renamed_topic_or_organisation_is_labelled_by_its_new_name(catalogue, orgs, backend):
    """Labels are cached with the content version: renaming replaces it, no reindex."""
    from knowledge.models import Topic

    backend.activate()

    def labels():
        results = search_content(AnonymousUser(), query=WORD)
        return {f.name: {o.value: o.label for o in f.options} for f in results.facets}

    assert labels()["topic"]["dluhy"] == "Dluhy"  # now cached
    topic = Topic.objects.get(slug="dluhy")
    topic.name = "Dluhy a exekuce"
    topic.save()
    organisation = orgs.third.organisation
    organisation.name = "Třetí organizace, z. ú."
    organisation.save()
    after = labels()
    assert after["topic"]["dluhy"] == "Dluhy a exekuce"
    assert after["organisation"]["treti"] == "Třetí organizace, z. ú."
