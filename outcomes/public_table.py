"""The public table of a project's statistics page: stays that began in the project's
period, by pathway stage (rows) and where the household was at the end of the period
(columns), with small-cell suppression. Only the suppressed table leaves this module."""

import datetime

from django.db.models import Case, CharField, Count, Q, Value, When
from django.utils.translation import gettext_lazy as _

from partners.models import PathwayStage
from referrals.models import Outcome, Stay

from .suppression import THRESHOLD, suppress

COLUMNS = [
    ("housed", _("Still housed")),
    ("successful_exit", _("Successful exit to a standard tenancy")),
    ("moved_on", _("Moved on to another programme")),
    ("left", _("Dropped out or excluded")),
]
COLUMN_LABELS = dict(COLUMNS)


def public_table(*, organisation_ids: list[int], start: datetime.date, end: datetime.date) -> dict:
    """A JSON-ready snapshot: row labels, column keys and the suppressed counts."""
    ended_by_end = Q(ended_on__isnull=False, ended_on__lte=end)
    status = Case(
        When(~ended_by_end, then=Value("housed")),
        When(referral__outcome=Outcome.SUCCESSFUL_EXIT, then=Value("successful_exit")),
        When(referral__outcome=Outcome.MOVED_ON, then=Value("moved_on")),
        default=Value("left"),
        output_field=CharField(),
    )
    counts: dict = {}
    rows = (
        Stay.objects.filter(
            programme__organisation_id__in=organisation_ids,
            moved_in_on__gte=start,
            moved_in_on__lte=end,
        )
        .annotate(status=status)
        .values("stage_id", "status")
        .annotate(n=Count("pk"))
    )
    for row in rows:
        counts.setdefault(row["stage_id"], {})[row["status"]] = row["n"]
    stages = {s.pk: s for s in PathwayStage.objects.filter(pk__in=[k for k in counts if k])}
    order = sorted(counts, key=lambda k: (k is None, stages[k].level if k in stages else 0))
    labels = [stages[k].name if k in stages else str(_("Stage not stated")) for k in order]
    cells = [[counts[k].get(key, 0) for key, _label in COLUMNS] for k in order]
    snapshot = {
        "params": {
            "organisations": sorted(organisation_ids),
            "start": start.isoformat(),
            "end": end.isoformat(),
        },
        "threshold": THRESHOLD,
        "rows": labels,
        "columns": [key for key, _label in COLUMNS],
        "table": suppress(cells).as_dict() if cells else None,
    }
    return snapshot
