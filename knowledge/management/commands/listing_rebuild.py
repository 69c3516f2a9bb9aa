"""Write the library's listing table again (after bulk loads that went around the models),
or, with --check, say how far it is from what a rebuild would write."""

from django.core.management.base import BaseCommand, CommandError

from knowledge.listing import listing_differences, listing_rebuild


class Command(BaseCommand):
    help = "Rebuild (or --check) the library's listing table and its counts."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="compare, write nothing")

    def handle(self, *args, check=False, **options):
        if check:
            differences = listing_differences()
            if differences:
                raise CommandError(f"The listing table differs in {differences} rows.")
            self.stdout.write("The listing table is exact.")
            return
        written = listing_rebuild()
        self.stdout.write(f"Listing table rebuilt: {written} entries.")
