"""Search tests run against the real search node (no mocks): see tests/search/node.py."""

from dataclasses import dataclass

import pytest

from search import client
from search.documents import drop_indexes
from search.rebuild import rebuild_database, rebuild_engine
from tests.knowledge.factories import make_item

from .catalogue import publish_catalogue
from .node import running_node, search_settings


@pytest.fixture(scope="session")
def search_node(tmp_path_factory):
    with running_node(tmp_path_factory.mktemp("search")) as node, search_settings(node):
        try:
            yield node
        finally:
            drop_indexes(node.prefix)


@pytest.fixture(autouse=True)
def clean_index(search_node):
    """Every test starts with no index of the session's prefix and the engine marked up
    (without running the recovery hooks: outside a test there is nothing to drain)."""
    client.reset_state()
    drop_indexes(search_node.prefix)
    yield
    client.reset_state()


@pytest.fixture
def index_now(django_capture_on_commit_callbacks):
    """Run the indexing queued by the block's commits, synchronously (SEARCH_INDEX_SYNC)."""

    def capture():
        return django_capture_on_commit_callbacks(execute=True)

    return capture


@pytest.fixture
def rebuild():
    def run():
        rebuild_database()
        return rebuild_engine()

    return run


@pytest.fixture
def section(orgs):
    """The library section of the shelter (a member organisation)."""
    return orgs.sender.organisation.library_section


@pytest.fixture
def publish(section, index_now):
    """Create and publish a knowledge item, indexing it as the commit would."""

    def create(**fields):
        with index_now():
            return make_item(section, **fields)

    return create


@pytest.fixture
def catalogue(orgs, index_now):
    """Ten items with known facets (tests/search/catalogue.py), published and indexed."""
    return publish_catalogue(orgs, index_now)


@pytest.fixture
def database_search(settings):
    """Answer from the database fallback: no search URL configured (the embedded default)."""
    settings.ELASTICSEARCH_URL = None


@dataclass
class BackendSwitch:
    name: str
    settings: object

    def activate(self) -> None:
        """Call after indexing (which writes both): searches then ask this backend."""
        if self.name == "database":
            self.settings.ELASTICSEARCH_URL = None


@pytest.fixture(params=["engine", "database"])
def backend(request, settings):
    return BackendSwitch(request.param, settings)


@pytest.fixture
def searches_of(monkeypatch):
    """`searches_of(backend module)`: the list of the query texts that reach that backend's
    `search` from now on."""

    def watch(module):
        asked = []
        search = module.search

        def counting(request):
            asked.append(request.query.text)
            return search(request)

        monkeypatch.setattr(module, "search", counting)
        return asked

    return watch
