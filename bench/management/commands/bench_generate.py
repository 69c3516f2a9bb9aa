"""`manage.py bench_generate`: the benchmark dataset (bench/generate.py) as a management
command, available under bench.settings (and the test settings)."""

from types import SimpleNamespace

from django.core.management.base import BaseCommand, CommandError

from bench.generate import add_arguments, run


class Command(BaseCommand):
    help = "Generate the benchmark dataset at a scale (XS, S, M, L), deterministic from a seed."

    def add_arguments(self, parser):
        add_arguments(parser)

    def handle(self, *args, **options):
        if run(SimpleNamespace(**options), out=self.stdout.write) != 0:
            raise CommandError("Nothing generated (see above).")
