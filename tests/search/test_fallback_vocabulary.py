"""The fallback's vocabulary (typo alternatives, "did you mean") is kept in the process
while the content version stays, and read again once the content changes."""

import pytest

from search.backends import database

pytestmark = [pytest.mark.search_node, pytest.mark.usefixtures("page_cache_on")]


def test_the_vocabulary_is_kept_until_the_content_changes(database_search, publish, monkeypatch):
    publish(title="Metodika tréninkového bydlení", summary="Tréninkové bydlení v bytech.")
    first = database._vocabulary(False)
    assert first.knows("treninkov") and not first.knows("vltavin")

    def not_read(*args, **kwargs):
        raise AssertionError("the kept vocabulary should have been used")

    # the next search of the same reader class takes the kept one, not the cache's copy
    with monkeypatch.context() as patch:
        patch.setattr(database, "content_cached", not_read)
        assert database._vocabulary(False) is first

    publish(title="Noclehárna Vltavín", summary="Přenocování pro lidi bez domova.")
    again = database._vocabulary(False)
    assert again is not first
    assert again.knows("vltavin")
    # the members' vocabulary is kept apart
    assert database._vocabulary(True) is not again
