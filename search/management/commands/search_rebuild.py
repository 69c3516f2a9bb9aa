"""Rebuild the search: the database copy, then a new engine index swapped in atomically.

Searches keep answering throughout: the database copy is rewritten batch by batch, and the
engine's read alias moves to the new index only once it is complete.
"""

import sys
import time

from django.core.management.base import BaseCommand, CommandError

from search.client import EngineUnavailable, engine_configured, engine_error
from search.outbox import pending_tokens, release_pending
from search.rebuild import rebuild_database, rebuild_engine


class ProgressBar:
    WIDTH = 30

    def __init__(self, stream, label: str, enabled: bool):
        self.stream = stream
        self.label = label
        self.enabled = enabled
        self.started = time.monotonic()
        self.last = -1.0
        self.shown: tuple[int, int] | None = None

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if (done < total and now - self.last < 0.1) or (done, total) == self.shown:
            return
        self.last = now
        self.shown = (done, total)
        total = max(total, done, 1)
        filled = int(self.WIDTH * done / total)
        bar = "█" * filled + "·" * (self.WIDTH - filled)
        elapsed = now - self.started
        self.stream.write(
            f"\r{self.label:<9} [{bar}] {done}/{total} {100 * done // total:3d} % {elapsed:5.1f} s"
        )
        self.stream.flush()

    def finish(self) -> None:
        if self.enabled:
            self.stream.write("\n")
            self.stream.flush()


class Command(BaseCommand):
    help = "Rebuild the search index (database copy and engine) with no search downtime."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=1000)
        parser.add_argument(
            "--database-only",
            action="store_true",
            help="Rebuild only the database copy used by the fallback search.",
        )
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")
        parser.add_argument(
            "--if-glossary-changed",
            action="store_true",
            help="Rebuild only if the glossary (search/synonyms_cs.txt) changed since the "
            "copies were built.",
        )

    def handle(self, *args, batch_size, database_only, no_progress, verbosity, **options):
        if options.get("if_glossary_changed"):
            return self._glossary_check(verbosity)
        show = verbosity > 0 and not no_progress
        tty_stream = self.stdout._out if hasattr(self.stdout, "_out") else sys.stdout

        # what waits in the outbox now is covered by this rebuild once it is complete
        waiting = pending_tokens()
        bar = ProgressBar(tty_stream, "database", show)
        count = rebuild_database(batch_size=batch_size, progress=bar)
        bar.finish()
        if verbosity:
            self.stdout.write(f"Database copy: {count} entries.")

        if database_only:
            return
        if not engine_configured():
            release_pending(waiting)
            if verbosity:
                self.stdout.write("ELASTICSEARCH_URL is not set: the database copy is all.")
            return
        bar = ProgressBar(tty_stream, "engine", show)
        try:
            report = rebuild_engine(batch_size=batch_size, progress=bar, release=waiting)
        except EngineUnavailable as exc:
            raise CommandError(f"The search node does not answer: {exc}") from exc
        except Exception as exc:
            if engine_error(exc):
                raise CommandError(f"The search node does not answer: {exc}") from exc
            raise
        finally:
            bar.finish()
        if verbosity:
            dropped = ", ".join(report.dropped) or "none"
            self.stdout.write(
                self.style.SUCCESS(
                    f"Engine index {report.index}: {report.total} documents in "
                    f"{report.seconds:.1f} s; alias swapped; dropped old: {dropped}."
                )
            )

    def _glossary_check(self, verbosity):
        from search.glossary import rebuild_if_glossary_changed

        try:
            state = rebuild_if_glossary_changed()
        except EngineUnavailable as exc:
            raise CommandError(f"The search node does not answer: {exc}") from exc
        if verbosity:
            if state.stale:
                self.stdout.write(
                    self.style.SUCCESS(f"Glossary {state.current} changed: search rebuilt.")
                )
            else:
                self.stdout.write(f"Glossary {state.current} unchanged: nothing to rebuild.")
