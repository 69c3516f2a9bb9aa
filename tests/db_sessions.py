"""A pytest plugin (loaded by the root conftest.py, for tests/ and e2e/ alike): the test
database must have no session of this run left when pytest-django drops it.

A connection left open makes the drop fail, which pytest-django reports only as a warning
after the summary ("test_portal is being accessed by other users") and which leaves the
database behind for the next run. Here the run fails instead and names the sessions; they
are then ended, so that the database is still dropped."""

import pytest

# The client sessions on a database other than the asking one. Not the server's own
# workers: an autovacuum worker that happens to be vacuuming the test database is ended by
# the DROP DATABASE itself, and is no connection the run left open.
OTHER_SESSIONS = """
    SELECT pid, backend_start, state, left(query, 120)
    FROM pg_stat_activity
    WHERE datname = %s AND pid <> pg_backend_pid() AND backend_type = 'client backend'
    ORDER BY backend_start
"""


def end_sessions_on_test_databases(connections) -> list[tuple]:
    """End every session still connected to a test database and say which they were.
    Asked from the server's own database, the one pytest-django drops the test one from."""
    found = []
    for alias in connections:
        connection = connections[alias]
        if connection.vendor != "postgresql":
            continue
        with connection._nodb_cursor() as cursor:
            cursor.execute(OTHER_SESSIONS, [connection.settings_dict["NAME"]])
            rows = cursor.fetchall()
            for row in rows:
                cursor.execute("SELECT pg_terminate_backend(%s)", [row[0]])
        found += [(alias, *row) for row in rows]
    return found


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """pytest-django's test database, checked before it is dropped: this teardown runs
    right before pytest-django's, after every other fixture that used the database."""
    from django.db import connections

    # The connections pytest-django set the database up with, and closes before the drop.
    own = [connections[alias] for alias in connections]
    yield
    with django_db_blocker.unblock():
        for connection in own:
            connection.close()
        connections.close_all()
        leftovers = end_sessions_on_test_databases(connections)
    if leftovers:
        lines = "\n".join(
            f"  {alias}: pid {pid}, connected at {since:%H:%M:%S.%f}, {state}, last query {query!r}"
            for alias, pid, since, state, query in leftovers
        )
        pytest.fail(
            "Sessions of this run were still connected to the test database at its drop:\n"
            f"{lines}\nA thread or fixture opened a database connection and did not close "
            "it (django.db.connections.close_all() where it ends).",
            pytrace=False,
        )
