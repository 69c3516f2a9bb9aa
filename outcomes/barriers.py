"""The barriers report: why referrals were declined (and offers of flats refused), counted
by category over a period. Only counts leave this module; the page and the item
published from it show them under the outcome dashboard's small-cell rule."""

import datetime
from dataclasses import dataclass

from django.apps import apps
from django.db import transaction
from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.dates import czech_date
from knowledge.models import KnowledgeItemPage, KnowledgeKind, LibrarySectionPage, Visibility
from partners.models import ReasonCode
from partners.selectors import active_memberships
from referrals import workflow
from referrals.models import CriterionAnswer, Referral

from .permissions import can_publish_barriers
from .protection import protect_counts
from .suppression import THRESHOLD

# Declines are counted by their coded reason (partners.ReasonCode, the decline code list the
# secretariat keeps); the note beside the code is never read here.
UNCODED = gettext_lazy("Without a coded reason")


@dataclass
class BarrierLine:
    label: str
    count: int


@dataclass
class BarriersReport:
    start: datetime.date
    end: datetime.date
    declined_total: int
    by_category: list[BarrierLine]
    by_unmet_criterion: list[BarrierLine]
    offers_available: bool
    refused_offers_total: int
    offers_by_category: list[BarrierLine]


def _aware(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _refused_offers(start, end) -> tuple[bool, int, list[BarrierLine]]:
    """Refused offers of flats, if the allocation app provides them."""
    try:
        offer_model = apps.get_model("allocation", "Offer")
    except LookupError:
        return False, 0, []
    field_names = {f.name for f in offer_model._meta.get_fields()}
    if not {"status", "refusal_category", "decided_at"} <= field_names:
        return False, 0, []
    refused = offer_model.objects.filter(
        status="refused", decided_at__gte=_aware(start), decided_at__lt=_aware(end)
    )
    choices = dict(offer_model._meta.get_field("refusal_category").choices or [])
    lines = [
        BarrierLine(
            label=str(choices.get(row["refusal_category"], _("Other reasons"))), count=row["n"]
        )
        for row in refused.values("refusal_category").annotate(n=Count("pk")).order_by("-n")
    ]
    return True, sum(line.count for line in lines), lines


def barriers_report(*, start: datetime.date, end: datetime.date) -> BarriersReport:
    """[start, end], both days included."""
    after_end = end + datetime.timedelta(days=1)
    declined = Referral.objects.filter(
        status=workflow.Status.DECLINED,
        decided_at__gte=_aware(start),
        decided_at__lt=_aware(after_end),
    )
    counts = dict(
        declined.values("decline_code").annotate(n=Count("pk")).values_list("decline_code", "n")
    )
    codes = ReasonCode.objects.filter(code_list=ReasonCode.List.DECLINE).filter(
        Q(is_active=True) | Q(pk__in=[pk for pk in counts if pk])
    )
    by_category = [BarrierLine(label=code.label, count=counts.get(code.pk, 0)) for code in codes]
    by_category.append(BarrierLine(label=str(UNCODED), count=counts.get(None, 0)))
    unmet = (
        CriterionAnswer.objects.filter(
            referral__in=declined, required=True, answer=CriterionAnswer.Answer.NO
        )
        .values("criterion_text")
        .annotate(n=Count("referral", distinct=True))
        .order_by("-n", "criterion_text")
    )
    by_unmet = [BarrierLine(label=row["criterion_text"], count=row["n"]) for row in unmet]
    available, refused_total, offers = _refused_offers(start, after_end)
    return BarriersReport(
        start=start,
        end=end,
        declined_total=sum(counts.values()),
        by_category=by_category,
        by_unmet_criterion=by_unmet,
        offers_available=available,
        refused_offers_total=refused_total,
        offers_by_category=offers,
    )


def suppressed_lines(lines: list[BarrierLine]) -> tuple[list[tuple[str, object]], object]:
    """The lines as the page and the published item show them, under the outcome
    dashboard's small-cell rule (outcomes.protection): (label, count or Hidden) and the
    total (a count or Hidden)."""
    values, total = protect_counts([line.count for line in lines])
    return [(line.label, value) for line, value in zip(lines, values, strict=True)], total


def barriers_tables(report: BarriersReport) -> dict:
    """What the page and the drafted item show of the report: every table protected."""
    categories, declined_total = suppressed_lines(report.by_category)
    criteria, _criteria_total = suppressed_lines(report.by_unmet_criterion)
    offers, offers_total = suppressed_lines(report.offers_by_category)
    return {
        "report": report,
        "categories": categories,
        "declined_total": declined_total,
        "criteria": criteria,
        "offers": offers,
        "offers_total": offers_total,
        "threshold": THRESHOLD,
    }


class BarriersPublishError(Exception):
    pass


def _section_for(user) -> LibrarySectionPage:
    organisation_ids = [m.organisation_id for m in active_memberships(user)]
    section = (
        LibrarySectionPage.objects.filter(organisation_id__in=organisation_ids)
        .order_by("organisation__name")
        .first()
    )
    if section is None:
        raise BarriersPublishError(
            _("Your organisation has no section in the library to draft the report in.")
        )
    return section


@transaction.atomic
def barriers_report_draft(*, user, start: datetime.date, end: datetime.date) -> KnowledgeItemPage:
    """A draft knowledge item with the suppressed barriers tables, in the secretariat
    member's library section, submitted to the moderation workflow like any other item."""
    if not can_publish_barriers(user):
        raise BarriersPublishError(_("Only the coalition secretariat may publish this report."))
    section = _section_for(user)
    report = barriers_report(start=start, end=end)
    body = render_to_string("outcomes/barriers_item_body.html", barriers_tables(report))
    title = _("Barriers to housing %(start)s – %(end)s") % {
        "start": czech_date(start),
        "end": czech_date(end),
    }
    item = KnowledgeItemPage(
        title=title,
        kind=KnowledgeKind.STATISTICS,
        visibility=Visibility.MEMBERS,
        summary=_(
            "Why referrals were declined and offers of flats refused, by category; counts "
            "below 5 are hidden."
        ),
        body=body,
        year=end.year,
        live=False,
    )
    section.add_child(instance=item)
    revision = item.save_revision(user=user)
    workflow_ = item.get_workflow()
    if workflow_ is not None:
        workflow_.start(item, user)
    else:
        revision.submitted_for_moderation = True
    return item
