"""The run's check of the test database (tests/db_sessions.py), tried on a tiny pytest run
in a subprocess with a test database of its own, which loads the check as the root
conftest.py does: a connection a thread left open fails the run and is named, instead of
pytest-django's warning after the summary. (That a run without such a connection passes,
every run of the suite shows.)"""

import os
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import psycopg

REPO = Path(__file__).resolve().parent.parent
WARNING = "is being accessed by other users"

TINY_RUN = """
import threading

from django.db import connections

KEPT = []


def test_a_thread_reads_the_database(db):
    def read():
        connection = connections["default"]
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        KEPT.append(connection)  # kept alive and never closed: its session stays

    thread = threading.Thread(target=read)
    thread.start()
    thread.join()
"""


def run_tiny_suite(tmp_path: Path) -> subprocess.CompletedProcess:
    url = urlsplit(os.environ["DATABASE_URL"])
    name = f"{url.path.lstrip('/')}_sessions_{uuid.uuid4().hex[:8]}"
    (tmp_path / "conftest.py").write_text('pytest_plugins = ["tests.db_sessions"]\n')
    (tmp_path / "test_tiny.py").write_text(TINY_RUN)
    env = {
        **os.environ,
        "DATABASE_URL": url._replace(path=f"/{name}").geturl(),
        "DJANGO_SETTINGS_MODULE": "portal.settings.test",
    }
    try:
        return subprocess.run(  # noqa: S603 - this interpreter, a fixed test file
            [
                sys.executable,
                "-m",
                "pytest",
                "-q",
                "-p",
                "no:cacheprovider",
                "--no-migrations",
                "--rootdir",
                str(tmp_path),
                str(tmp_path / "test_tiny.py"),
            ],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
    finally:
        # A drop that failed leaves the tiny run's database behind.
        admin_url = url._replace(path="/postgres").geturl()
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "test_{name}" WITH (FORCE)')


def test_a_connection_left_open_fails_the_run_and_names_the_session(tmp_path):
    result = run_tiny_suite(tmp_path)
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "1 passed, 1 error" in output, output
    assert "still connected to the test database at its drop" in output
    assert "last query 'SELECT 1'" in output
    assert WARNING not in output  # the session was ended, and the database dropped
