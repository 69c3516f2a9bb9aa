"""`manage.py import_mpsv_registry FILE`: apply a file of the MPSV registry of
social-service providers to the directory (partners.mpsv). Safe to run again on the same
or a newer file; `--dry-run` reports what would change and changes nothing."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from partners.mpsv.importer import registry_import
from partners.mpsv.reader import RegistryFileError, read_registry


class DryRun(Exception):
    pass


class Command(BaseCommand):
    help = "Import the MPSV registry of social-service providers (JSON open data)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the registry file (JSON)")
        parser.add_argument("--dry-run", action="store_true", help="change nothing")

    def handle(self, *args, **options):
        try:
            providers = read_registry(options["file"])
        except RegistryFileError as error:
            raise CommandError(str(error)) from None
        try:
            with transaction.atomic():
                report = registry_import(providers=providers)
                if options["dry_run"]:
                    raise DryRun()
        except DryRun:
            self.stdout.write("Dry run: nothing was changed.")
        for line in report.lines():
            self.stdout.write(line)
