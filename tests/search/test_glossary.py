"""The Czech domain glossary (search/synonyms_cs.txt): its size and shape, every group
loaded by the engine, and a change reaching both backends through a rebuild that swaps
the engine's alias."""

import pytest
from django.contrib.auth.models import AnonymousUser

from search import query as search_query
from search.backends import matching
from search.client import connect
from search.documents import alias_name, indexes_behind
from search.glossary import engine_glossary_version, glossary_state, rebuild_if_glossary_changed
from search.selectors import search_content

pytestmark = pytest.mark.search_node


def _clear_caches():
    for cached in (
        search_query.synonym_lines,
        search_query.synonym_groups,
        search_query.glossary_version,
        search_query._synonym_candidates,
        matching.pg_synonyms,
    ):
        cached.cache_clear()


def test_the_glossary_has_at_least_150_groups_without_a_term_in_two_groups():
    groups = search_query.synonym_groups()
    assert len(groups) >= 150
    seen: dict[tuple[str, ...], int] = {}
    for index, group in enumerate(groups):
        for member in group.members:
            assert seen.setdefault(member, index) == index, f"{member} is in two groups"


def test_the_glossary_covers_the_domain():
    members = {" ".join(m) for g in search_query.synonym_groups() for m in g.members}
    for term in [
        "prispevek na bydleni",
        "doplatek na bydleni",
        "mimoradna okamzita pomoc",
        "up",
        "ospod",
        "mpsv",
        "opz",
        "esf",
        "exekuce",
        "insolvence",
        "oddluzeni",
        "housing first",
        "treninkove bydleni",
        "socialne vyloucena lokalita",
        "samozivitelka",
    ]:
        assert term in members, term


def test_engine_rules_drop_stop_words_but_never_shrink_a_term_to_one_word():
    rules = "\n".join(search_query.synonym_lines())
    assert "příspěvek bydlení" in rules  # "na" is a stop word of the engine
    for rule in search_query.synonym_lines():
        terms = [t.strip() for t in rule.split(",")]
        assert len(terms) >= 2
        assert "práce" not in terms  # from "bez práce"


def test_every_group_is_loaded_by_the_engine(publish):
    """Each group's first term, analysed by the index's search analyser, brings in the
    other terms (tokens of type SYNONYM): the node accepted every rule."""
    publish(title="Cokoliv")  # creates the index
    client = connect()
    index = indexes_behind(alias_name())[0]

    def analysed(text):
        body = {"analyzer": "cs_search", "text": text}
        return client.indices.analyze(index=index, body=body)["tokens"]

    for rule in search_query.synonym_lines():
        terms = [t.strip() for t in rule.split(",")]
        forms = {tuple(t["token"] for t in analysed(term)) for term in terms}
        tokens = analysed(terms[0])
        assert len(forms) == 1 or any(t["type"] == "SYNONYM" for t in tokens), (
            f"the engine did not load the rule: {rule}"
        )


def test_a_changed_glossary_is_rebuilt_through_the_alias_swap(publish, tmp_path, settings):
    publish(title="Zápis ze supervize týmu", summary="Co řešil tým na pravidelné supervizi.")
    rebuild_if_glossary_changed()  # the test's index is built with the current glossary
    assert not glossary_state().stale
    before = indexes_behind(alias_name())
    assert search_content(AnonymousUser(), query="balintovska skupina").total == 0

    changed = tmp_path / "synonyms_cs.txt"
    text = search_query.SYNONYMS_FILE.read_text(encoding="utf-8")
    changed.write_text(text + "\nbalintovská skupina, supervize\n", encoding="utf-8")
    original = search_query.SYNONYMS_FILE
    search_query.SYNONYMS_FILE = changed
    _clear_caches()
    try:
        state = glossary_state()
        assert state.engine_stale and state.database_stale
        rebuild_if_glossary_changed()
        after = indexes_behind(alias_name())
        assert after != before  # a new index behind the alias
        assert engine_glossary_version() == search_query.glossary_version()
        assert not glossary_state().stale
        found = search_content(AnonymousUser(), query="balintovska skupina")
        assert [h.title for h in found.hits] == ["Zápis ze supervize týmu"]
        settings.ELASTICSEARCH_URL = None
        found = search_content(AnonymousUser(), query="balintovska skupina")
        assert [h.title for h in found.hits] == ["Zápis ze supervize týmu"]
    finally:
        search_query.SYNONYMS_FILE = original
        _clear_caches()
