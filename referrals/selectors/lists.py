"""The referral lists (inbox, outbox, caseload, case-review agenda) with their filters, and
the programmes offered in the filters and the referral forms."""

from dataclasses import dataclass

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, QuerySet
from django.utils import timezone

from partners.models import Programme
from partners.selectors import active_memberships

from .. import permissions, workflow
from ..models import CaseFlag, Client, Referral
from ..workflow import Role, Status

BOXES = ("inbox", "outbox", "caseload", "agenda")


@dataclass
class ListFilters:
    status: str = ""
    programme: int | None = None
    urgency: str = ""
    overdue: bool = False
    query: str = ""


def referral_list(user, box: str, filters: ListFilters | None = None) -> QuerySet[Referral]:
    """Inbox (to my organisations), outbox (from them), caseload (cases I am the key worker
    or visiting worker of) and the case-review agenda, with filters. Everything a row shows
    is joined in, so the number of queries does not grow with the rows."""
    filters = filters or ListFilters()
    memberships = active_memberships(user)
    casework_orgs = {m.organisation_id for m in memberships if m.role in permissions.CASEWORK_ROLES}
    reviewer_orgs = {m.organisation_id for m in memberships if m.role == Role.CASE_REVIEWER}
    # Each box below restricts to the user's own organisations itself, except the caseload.
    qs = permissions.referrals_granted_qs(user)
    if box == "inbox":
        qs = qs.filter(receiver_organisation_id__in=casework_orgs).exclude(status=Status.DRAFT)
    elif box == "outbox":
        qs = qs.filter(sender_organisation_id__in=casework_orgs)
    elif box == "caseload":
        qs = (
            permissions.referrals_visible_to_qs(user)
            .filter(Q(client__key_worker=user) | Q(stay__support_worker=user))
            .exclude(status__in=workflow.TERMINAL)
        )
    elif box == "agenda":
        qs = qs.filter(
            receiver_organisation_id__in=reviewer_orgs, status__in=workflow.AWAITING_DECISION
        )
    else:
        return Referral.objects.none()
    now = timezone.now()
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.programme:
        qs = qs.filter(programme_id=filters.programme)
    if filters.urgency:
        qs = qs.filter(urgency=filters.urgency)
    if filters.overdue:
        qs = qs.filter(status__in=workflow.AWAITING_DECISION, answer_due_at__lt=now)
    if filters.query:
        term = filters.query.strip()
        qs = qs.filter(Q(client__reference__icontains=term) | Q(reference__icontains=term))
    open_flags = CaseFlag.objects.filter(referral=OuterRef("pk"), resolved_at__isnull=True)
    overdue = Q(status__in=workflow.AWAITING_DECISION, answer_due_at__lt=now)
    qs = qs.select_related(
        "client",
        "programme__organisation",
        "programme__stage",
        "sender_organisation",
        "receiver_organisation",
    ).annotate(
        has_open_flags=Exists(open_flags),
        is_overdue=ExpressionWrapper(overdue, output_field=BooleanField()),
    )
    if box == "agenda":
        return qs.order_by("answer_due_at", "submitted_at", "pk")
    return qs.order_by("-updated_at", "-pk")


def programmes_for_filter(user) -> QuerySet[Programme]:
    """Programmes to filter the lists by: the user's organisations' own and those they have
    referred to. Asking the index of senders, not every referral the user may see, keeps it
    constant however large the table grows (bench/README.md); programmes are public in the
    partner directory, so offering one reveals no case."""
    organisation_ids = permissions.user_organisation_ids(user)
    referred_to = Referral.objects.filter(sender_organisation_id__in=organisation_ids)
    return (
        Programme.objects.filter(
            Q(organisation_id__in=organisation_ids) | Q(pk__in=referred_to.values("programme_id"))
        )
        .select_related("organisation")
        .order_by("name")
    )


def programmes_open_to(client: Client) -> QuerySet[Programme]:
    """Programmes that accept referrals (other organisations' and the holder's own)."""
    return (
        Programme.objects.filter(is_active=True, accepts_referrals=True)
        .select_related("organisation", "stage")
        .order_by("stage__level", "organisation__name", "name")
    )


def programmes_for_transfer(referral: Referral) -> QuerySet[Programme]:
    return (
        Programme.objects.filter(is_active=True, accepts_referrals=True)
        .exclude(pk=referral.programme_id)
        .select_related("organisation", "stage")
        .order_by("stage__level", "organisation__name", "name")
    )
