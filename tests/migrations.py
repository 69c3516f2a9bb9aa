"""Moving the test database between migration states, for the tests of data migrations
(run them with transaction=True and serialized_rollback=True, and the
`migrated_data_restored` fixture)."""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrate_to(targets):
    """Migrate to `targets` ([(app, migration)]) and return the app registry of that state."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def latest_migrations():
    """Every app's last migration: the state to go back to at the end."""
    return MigrationExecutor(connection).loader.graph.leaf_nodes()
