"""`manage.py load_demo_allocation`: Ostrava's points table, scored applicants and flats.
Idempotent; runs after `load_demo_referrals`."""

from django.core.management.base import BaseCommand

from allocation.demo import demo_allocation_load, demo_offers_load
from core.logs import loggers_muted

CHATTY_LOGGERS = ("referrals", "celery.app.trace", "kombu")


class Command(BaseCommand):
    help = "Load the allocation demo (points table, waiting list, flats). Safe to run repeatedly."

    def handle(self, *args, **options):
        with loggers_muted(CHATTY_LOGGERS, options["verbosity"]):
            messages = demo_allocation_load() + demo_offers_load()
        for message in messages:
            self.stdout.write(f"  {message}")
        self.stdout.write(self.style.SUCCESS("Allocation demo ready."))
