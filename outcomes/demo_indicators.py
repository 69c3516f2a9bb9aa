"""Demo indicators of two seed projects, loaded by `load_demo_outcomes`.

- Tréninkové bydlení v Přerově runs on: its persons, persons over 15 and households housed
  are computed from the demo casework of its two programmes; the flats taking part (four
  at the start, says the seed) are entered by the project.
- Sociální bydlení Kadaň (2017–2019) predates the portal's casework, so its key activity 3
  targets from the seed (7 social flats, 15 people over 15, 15 clients of housing-loss
  prevention) carry values entered per half-year monitoring period. The values are
  illustrative, not the project's reported figures.

Idempotent: a project that has indicators is left as it is, and so is a recorded value.
"""

import datetime
from decimal import Decimal

from django.db import transaction
from django.urls import reverse

from cms.models import IndicatorSource, ProjectIndicator, ProjectPage
from partners.models import Programme

from .indicator_models import IndicatorValue

D = datetime.date
M = IndicatorSource

PROJECTS = {
    "treninkove-bydleni-prerov": {
        "programmes": [
            ("statutarni-mesto-prerov", "treninkove-bydleni-socialni-byty"),
            ("statutarni-mesto-prerov", "treninkove-bydleni-dostupne-byty"),
        ],
        "indicators": [
            ("TB-1", "Podpořené osoby", "osoby", 20, M.PERSONS_SUPPORTED, True),
            ("TB-2", "Podpořené osoby starší 15 let", "osoby", 12, M.PERSONS_OVER_15, True),
            (
                "TB-3",
                "Domácnosti v tréninkovém bydlení",
                "domácnosti",
                8,
                M.HOUSEHOLDS_HOUSED,
                True,
            ),
            ("TB-4", "Byty zapojené do tréninkového bydlení", "byty", 4, M.MANUAL, False),
        ],
        "values": {
            "TB-4": [(D(2016, 6, 1), D(2016, 12, 31), 4), (D(2025, 1, 1), D(2025, 12, 31), 2)],
        },
    },
    "socialni-bydleni-kadan": {
        "programmes": [],
        "indicators": [
            ("KA3-1", "Sociální byty vyčleněné v majetku města", "byty", 7, M.MANUAL, False),
            ("KA3-2", "Osoby starší 15 let v sociálních bytech", "osoby", 15, M.MANUAL, True),
            ("KA3-3", "Klienti cílené prevence ztráty bydlení", "osoby", 15, M.MANUAL, True),
        ],
        "values": {
            "KA3-1": [(D(2018, 1, 1), D(2018, 6, 30), 4), (D(2018, 7, 1), D(2018, 12, 31), 3)],
            "KA3-2": [
                (D(2018, 1, 1), D(2018, 6, 30), 6),
                (D(2018, 7, 1), D(2018, 12, 31), 5),
                (D(2019, 1, 1), D(2019, 6, 30), 4),
                (D(2019, 7, 1), D(2019, 12, 31), 2),
            ],
            "KA3-3": [
                (D(2018, 1, 1), D(2018, 6, 30), 5),
                (D(2018, 7, 1), D(2018, 12, 31), 4),
                (D(2019, 1, 1), D(2019, 6, 30), 5),
                (D(2019, 7, 1), D(2019, 12, 31), 3),
            ],
        },
    },
}
NOTE = "Ukázková hodnota (demo)."


def _indicators_ensure(project: ProjectPage, data: dict) -> bool:
    if project.indicators.exists():
        return False
    programmes = [
        programme
        for organisation, slug in data["programmes"]
        if (
            programme := Programme.objects.filter(
                organisation__slug=organisation, slug=slug
            ).first()
        )
    ]
    project.programmes = programmes
    project.indicators = [
        ProjectIndicator(
            code=code,
            name=name,
            unit=unit,
            target=Decimal(target),
            source=source,
            counts_people=people,
            sort_order=order,
        )
        for order, (code, name, unit, target, source, people) in enumerate(data["indicators"])
    ]
    project.save_revision().publish()
    return True


@transaction.atomic
def demo_indicators_load() -> list[str]:
    lines = []
    for slug, data in PROJECTS.items():
        project = ProjectPage.objects.filter(slug=slug).first()
        if project is None:
            lines.append(f"  project {slug} missing: indicators skipped")
            continue
        created = _indicators_ensure(project, data)
        recorded = 0
        # Publishing saved the indicators through the revision, not on this instance.
        indicators = {i.code: i for i in ProjectIndicator.objects.filter(page_id=project.pk)}
        for code, periods in data["values"].items():
            for start, end, value in periods:
                _value, new = IndicatorValue.objects.get_or_create(
                    indicator=indicators[code],
                    period_start=start,
                    period_end=end,
                    defaults={"value": Decimal(value), "note": NOTE},
                )
                recorded += new
        lines.append(
            f"  {project.title}: indicators {'created' if created else 'kept'}, "
            f"{recorded} new values; report at "
            f"{reverse('outcomes:project_indicators', args=[project.pk])}"
        )
    return lines
