"""Plugins of the whole run, for tests/ and e2e/ alike."""

pytest_plugins = ["tests.db_sessions"]


def pytest_xdist_make_scheduler(config, log):
    """Modules that load the whole demo once go whole to one worker (tests/scheduling.py)."""
    from tests.scheduling import make_scheduler

    return make_scheduler(config, log)
