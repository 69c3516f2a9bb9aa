"""The whole demo (`manage.py load_demo`) loaded once for a test module, inside a
transaction rolled back when the module is done, so the other modules still start from
an empty database. Loading it takes some twenty seconds: a module that reads the demo asks
for the module-scoped `demo` fixture (tests/conftest.py) instead of loading it per test,
and is listed in tests/scheduling.py, which gives it whole to one xdist worker, so the
demo is loaded once for it in a run."""

import io
from contextlib import contextmanager

from django.core.management import call_command
from django.db import transaction
from django.test import TestCase, override_settings


@contextmanager
def demo_loaded(django_db_blocker, media, *, index=False):
    """Load the demo and yield the command's output; with `index`, run what its commits
    queue (document text extraction, indexing) as the commits would."""
    with override_settings(MEDIA_ROOT=media), django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            output = io.StringIO()
            if index:
                with TestCase.captureOnCommitCallbacks(execute=True):
                    call_command("load_demo", stdout=output)
            else:
                call_command("load_demo", stdout=output)
            yield output.getvalue()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
