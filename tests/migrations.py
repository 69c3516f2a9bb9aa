"""Moving the test database between migration states, for the tests of data migrations
(run them with transaction=True and serialized_rollback=True, and the
`migrated_data_restored` fixture).

Django's executor renders the whole project's state once and then mutates that rendered
state through every migration after the first one it runs, which re-renders the models
related to each change (Wagtail's page models reach nearly every model): going back a few
migrations of one app cost minutes. Each migration here is run with the state its own
ancestors give (the state Django would hand it, less the models of apps it does not
depend on, which none of its operations can name), so only what it touches is rendered.
"""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrate_to(targets):
    """Migrate to `targets` ([(app, migration)]) and return the app registry of that state."""
    executor = MigrationExecutor(connection)
    loader = executor.loader
    for migration, backwards in executor.migration_plan(targets):
        before = loader.project_state((migration.app_label, migration.name), at_end=False)
        if backwards:
            executor.unapply_migration(before, migration)
        else:
            executor.apply_migration(before, migration)
    return loader.project_state(targets).apps


def latest_migrations():
    """Every app's last migration: the state to go back to at the end."""
    return MigrationExecutor(connection).loader.graph.leaf_nodes()
