"""`manage.py load_demo`: the portal's demo content, idempotent (see cms.demo)."""

import time
from collections import Counter

from django.contrib.auth import get_user_model
from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand
from wagtail.models import Page, Revision

from cms.demo.loader import demo_load
from cms.demo.users import Login
from cms.models import NewsPage, ProjectPage
from core.logs import loggers_muted
from knowledge.models import KnowledgeItemPage, LibraryDocument, Topic, Visibility
from partners.models import IntakeCriterion, Membership, Organisation, Programme

# Extension point: the referral module's demo data (clients, consents, referrals, stays)
# is loaded by its own command, owned by the referrals app. It runs after this command's
# transaction has committed, so it can rely on the organisations, programmes and the
# accounts listed in cms.demo.users.DEMO_USERS. It must be idempotent too.
REFERRALS_HOOK = "load_demo_referrals"
# The same for the allocation module (scoring criteria, waiting list, flats) and the
# outcomes (programme approaches, the projects' public statistics pages), in this order.
DEMO_HOOKS = (REFERRALS_HOOK, "load_demo_allocation", "load_demo_outcomes")


# Wagtail logs every page creation and publication, django_tasks and Celery (eager, on the
# embedded default) every index task, fontTools every font subset, all at INFO: hundreds of
# lines that would bury the summary and the login table. They are muted below verbosity 2;
# warnings and errors still show.
CHATTY_LOGGERS = ("wagtail", "django_tasks", "celery.app.trace", "fontTools", "fpdf")


class Command(BaseCommand):
    help = (
        "Load the demo content: site tree, organisations and programmes, projects, news, "
        "the knowledge library with documents, and demo accounts. Safe to run repeatedly."
    )

    def handle(self, *args, **options):
        started = time.monotonic()
        with loggers_muted(CHATTY_LOGGERS, options["verbosity"]):
            result = demo_load()
        self._print_summary(result.report.new)
        self._print_logins(result.logins)

        for hook in DEMO_HOOKS:
            if hook in get_commands():
                self.stdout.write(f"Running {hook} …")
                with loggers_muted(CHATTY_LOGGERS, options["verbosity"]):
                    call_command(
                        hook,
                        verbosity=options["verbosity"],
                        stdout=self.stdout,
                        stderr=self.stderr,
                    )
        self.stdout.write(
            self.style.SUCCESS(f"Demo content ready in {time.monotonic() - started:.1f} s.")
        )

    def _print_summary(self, new: Counter[str]) -> None:
        by_extension: dict[str, int] = {}
        for name in LibraryDocument.objects.values_list("file", flat=True):
            extension = name.rsplit(".", 1)[-1].lower()
            by_extension[extension] = by_extension.get(extension, 0) + 1
        items = KnowledgeItemPage.objects.all()
        rows = [
            ("Organisations", Organisation.objects.count(), new["Organisation"]),
            ("Programmes", Programme.objects.count(), new["Programme"]),
            ("Intake criteria", IntakeCriterion.objects.count(), new["IntakeCriterion"]),
            ("Pages (without the tree root)", Page.objects.filter(depth__gt=1).count(), None),
            ("Projects", ProjectPage.objects.count(), new["ProjectPage"]),
            ("News", NewsPage.objects.count(), new["NewsPage"]),
            ("Knowledge items", items.count(), new["KnowledgeItemPage"]),
            (
                "  of them members-only",
                items.filter(visibility=Visibility.MEMBERS).count(),
                None,
            ),
            ("Topics", Topic.objects.count(), new["Topic"]),
            (
                "Documents ("
                + ", ".join(f"{ext} {n}" for ext, n in sorted(by_extension.items()))
                + ")",
                sum(by_extension.values()),
                sum(n for label, n in new.items() if label.startswith("LibraryDocument")),
            ),
            ("Users", get_user_model().objects.count(), new["User"]),
            ("Memberships", Membership.objects.count(), new["Membership"]),
            ("Page revisions", Revision.objects.count(), None),
        ]
        self.stdout.write(self.style.MIGRATE_HEADING("Demo content (total / new in this run)"))
        for label, total, created in rows:
            suffix = "" if created is None else f" / {created} new"
            self.stdout.write(f"  {label:<40} {total:>5}{suffix}")

    def _print_logins(self, logins: list[Login]) -> None:
        header = ("username", "password", "organisation", "role")
        table = [header] + [(x.username, x.password, x.organisation, x.role) for x in logins]
        widths = [max(len(row[i]) for row in table) for i in range(len(header))]
        self.stdout.write(self.style.MIGRATE_HEADING("Demo logins"))
        for index, row in enumerate(table):
            line = "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
            self.stdout.write("  " + line.rstrip())
            if index == 0:
                self.stdout.write("  " + "  ".join("-" * width for width in widths))
