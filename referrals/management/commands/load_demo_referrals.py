"""`manage.py load_demo_referrals`: demo clients, consents, referrals and stays between the
organisations of `load_demo`. Idempotent; skips a case whose organisations, programmes or
accounts are missing."""

from django.core.management.base import BaseCommand

from core.logs import loggers_muted
from referrals.demo import demo_referrals_load

# Eager Celery on the embedded default logs every (muted) notification task at INFO.
CHATTY_LOGGERS = ("referrals", "celery.app.trace", "kombu")


class Command(BaseCommand):
    help = (
        "Load demo referrals (Prague shelter → MNA flat, Přerov transfer up and down, an "
        "Ostrava decline, a referral waiting for a decision). Safe to run repeatedly."
    )

    def handle(self, *args, **options):
        with loggers_muted(CHATTY_LOGGERS, options["verbosity"]):
            messages = demo_referrals_load()
        for message in messages:
            self.stdout.write(f"  {message}")
        self.stdout.write(self.style.SUCCESS("Demo referrals ready."))
