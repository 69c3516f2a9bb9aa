"""The judged relevance set over the demo content (tests/search/relevance_cs.json)."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from search.evaluation import evaluate as evaluate_set
from search.evaluation import load_judgments, report_lines

pytestmark = pytest.mark.search_node


@pytest.fixture
def demo(db, index_now):
    """The demo content, indexed through the real pipeline: the commits queue document
    text extraction and indexing, which run when the captured callbacks execute."""
    with index_now():
        call_command("load_demo", verbosity=0)


def test_judged_set_is_big_enough_and_names_demo_titles(demo):
    from search.models import SearchEntry

    judgments = load_judgments()
    assert len(judgments.judgments) >= 20
    notes = " ".join(j.note for j in judgments.judgments)
    assert "no diacritics" in notes and "typo" in notes
    titles = set(SearchEntry.objects.values_list("title", flat=True))
    missing = {t for j in judgments.judgments for t in j.relevant if t not in titles}
    assert not missing, f"judged titles not in the demo content: {missing}"


def test_engine_puts_a_judged_item_in_the_top_3_for_90_percent(demo, settings):
    judgments = load_judgments()
    user = get_user_model().objects.get(username=judgments.username)
    engine = evaluate_set(judgments, user)
    print("\n".join(report_lines(engine)))
    assert engine.backend == "engine"
    assert engine.top3_share >= 0.9
    assert engine.mrr >= 0.8

    settings.ELASTICSEARCH_URL = None
    database = evaluate_set(judgments, user)
    print("\n".join(report_lines(database)))
    assert database.backend == "database"
    # the fallback is limited, but it must still be useful
    assert database.top3_share >= 0.5
