"""Plugins of the whole run, for tests/ and e2e/ alike."""

pytest_plugins = ["tests.db_sessions"]
