"""`manage.py load_demo_outcomes`: the approach of the demo programmes (Housing First in
Prague, the staircase in Přerov and Kadaň) and a statistics page under every demo project.
Idempotent: a programme whose approach was set is left alone, an existing page is kept.
Then the projects' demo indicators (outcomes.demo_indicators)."""

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from cms.models import ProjectPage
from core.dates import add_months
from outcomes.demo_indicators import demo_indicators_load
from outcomes.models import ProjectStatisticsPage
from partners.models import Approach, Programme

# (organisation slug, programme slug or None for all of them) → approach
DEMO_APPROACHES = [
    ("cssp", "konecne-domov", Approach.HOUSING_FIRST),
    ("mna-praha", "byty-mna", Approach.HOUSING_FIRST),
    ("statutarni-mesto-prerov", None, Approach.HOUSING_READY),
    ("mesto-kadan", None, Approach.HOUSING_READY),
]
PAGE_SLUG = "statistiky"
# Kadaň's pilot goes on after the project's period: its page counts the last three years,
# where the demo's Housing First and Housing Ready cohorts live (referrals.demo).
CONTINUED = ["socialni-bydleni-kadan"]


def _period(project) -> dict:
    if project.slug not in CONTINUED:
        return {}
    today = timezone.localdate()
    return {"period_start": add_months(today, -36), "period_end": today}


class Command(BaseCommand):
    help = "Add statistics pages to the demo projects and set the demo programmes' approach."

    @transaction.atomic
    def handle(self, *args, **options):
        updated = 0
        for organisation, slug, approach in DEMO_APPROACHES:
            programmes = Programme.objects.filter(
                organisation__slug=organisation, approach=Approach.OTHER
            )
            if slug:
                programmes = programmes.filter(slug=slug)
            updated += programmes.update(approach=approach)
        created = 0
        for project in ProjectPage.objects.all():
            if ProjectStatisticsPage.objects.child_of(project).exists():
                continue
            page = ProjectStatisticsPage(
                title=f"Statistiky – {project.title}"[:255],
                slug=PAGE_SLUG,
                intro=(
                    "Souhrnné údaje o domácnostech, které organizace projektu ubytovaly. "
                    "Počty menší než 5 a počty, ze kterých by šly dopočítat, jsou skryté."
                ),
                live=False,
                **_period(project),
            )
            project.add_child(instance=page)
            page.save_revision().publish()
            created += 1
        self.stdout.write(f"  programmes with an approach set: {updated}")
        self.stdout.write(f"  statistics pages created: {created}")
        for line in demo_indicators_load():
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS("Demo outcomes ready."))
