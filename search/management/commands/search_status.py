"""Compare what the database would index with the database copy and the engine."""

from django.core.management.base import BaseCommand, CommandError

from search.backends import database as database_backend
from search.backends import engine as engine_backend
from search.client import EngineUnavailable, engine_configured
from search.documents import alias_name, indexes_behind, next_alias_name
from search.outbox import backlog
from search.sources import SOURCES, source_counts


class Command(BaseCommand):
    help = "Document counts per content type: database, database copy, engine."

    def add_arguments(self, parser):
        parser.add_argument(
            "--fail-on-mismatch", action="store_true", help="Exit with 1 when counts differ."
        )

    def handle(self, *args, fail_on_mismatch, **options):
        expected = source_counts()
        copy = database_backend.counts_by_content_type()
        engine: dict[str, int] | None = None
        engine_note = ""
        if engine_configured():
            try:
                engine = engine_backend.counts_by_content_type()
                engine_note = f"alias {alias_name()} -> {', '.join(indexes_behind(alias_name()))}"
                building = indexes_behind(next_alias_name())
                if building:
                    engine_note += f"; rebuilding into {', '.join(building)}"
            except EngineUnavailable as exc:
                engine_note = f"engine unavailable: {exc}"
        else:
            engine_note = "ELASTICSEARCH_URL not set: database search only"

        header = f"{'content type':<14}{'database':>10}{'copy':>10}{'engine':>10}  state"
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        mismatches = 0
        for content_type in [s.content_type for s in SOURCES]:
            want = expected.get(content_type, 0)
            have_copy = copy.get(content_type, 0)
            have_engine = engine.get(content_type, 0) if engine is not None else None
            ok = have_copy == want and (have_engine is None or have_engine == want)
            mismatches += not ok
            engine_text = "-" if have_engine is None else str(have_engine)
            state = "OK" if ok else "MISMATCH"
            self.stdout.write(
                f"{content_type:<14}{want:>10}{have_copy:>10}{engine_text:>10}  {state}"
            )
        total_engine = "-" if engine is None else str(sum(engine.values()))
        self.stdout.write("-" * len(header))
        self.stdout.write(
            f"{'total':<14}{sum(expected.values()):>10}{sum(copy.values()):>10}{total_engine:>10}"
        )
        self.stdout.write(engine_note)
        pending = backlog()
        if pending.count:
            self.stdout.write(
                self.style.WARNING(
                    f"Waiting for the engine (outbox): {pending.count} keys, oldest queued "
                    f"{pending.oldest:%Y-%m-%d %H:%M:%S %Z}, up to {pending.max_attempts} "
                    f"attempts; last error: {pending.last_error or '-'}"
                )
            )
        else:
            self.stdout.write("Waiting for the engine (outbox): 0 keys.")
        if mismatches:
            self.stdout.write(
                self.style.WARNING("Counts differ: run `manage.py search_rebuild` to fix.")
            )
            if fail_on_mismatch:
                raise CommandError(f"{mismatches} content types differ")
        else:
            self.stdout.write(self.style.SUCCESS("Index in step with the database."))
