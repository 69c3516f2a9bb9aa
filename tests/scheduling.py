"""How pytest-xdist hands out the tests (`make test` runs `pytest -n 2`).

One test at a time, to whichever worker is free, except the modules below: each builds a
module-scoped fixture that costs tens of seconds (the whole demo, loaded or indexed once
for all its tests; tests/demo.py), so each goes whole to one worker and builds it once.
With the default scheduling a worker took every other test of such a module, and both
workers built the fixture.

(xdist's own `--dist loadgroup` with `xdist_group` marks would say this per module, but
xdist 3.8 tags the grouped tests through an attribute pytest 9 no longer reads, so every
group is split again; the hook below uses xdist's public scheduler API instead.)
"""

from xdist.scheduler import LoadGroupScheduling

WHOLE_MODULES = frozenset(
    {
        "tests/cms/test_demo_loader.py",
        "tests/outcomes/test_demo_indicators.py",
        "tests/search/test_relevance.py",
        "tests/search/test_reindex_fast.py",
    }
)


class WholeModulesScheduling(LoadGroupScheduling):
    """Tests one by one; the tests of a module in WHOLE_MODULES as one unit."""

    def _split_scope(self, nodeid: str) -> str:
        module = nodeid.split("::", 1)[0]
        return module if module in WHOLE_MODULES else nodeid


def make_scheduler(config, log):
    if config.getvalue("dist") == "load":
        return WholeModulesScheduling(config, log)
    return None
