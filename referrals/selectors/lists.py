"""The referral lists (inbox, outbox, caseload, case-review agenda) with their filters, and
the programmes offered in the filters and the referral forms."""

from dataclasses import dataclass

from django.db import connection
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, QuerySet
from django.utils import timezone

from partners.models import Programme
from partners.selectors import active_memberships

from .. import permissions, workflow
from ..models import CaseFlag, Client, Referral, Stay
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
    # Each box restricts to the user's own organisations and walks its index in the list's
    # order; the view permission is then probed row by row (permissions.
    # referrals_granted_each), so a page costs the same however many referrals there are.
    qs = Referral.objects.all()
    if box == "inbox":
        qs = qs.filter(receiver_organisation_id__in=casework_orgs).exclude(status=Status.DRAFT)
    elif box == "outbox":
        qs = qs.filter(sender_organisation_id__in=casework_orgs)
    elif box == "caseload":
        qs = qs.filter(pk__in=_caseload_ids(user, {m.organisation_id for m in memberships}))
    elif box == "agenda":
        qs = qs.filter(
            receiver_organisation_id__in=reviewer_orgs, status__in=workflow.AWAITING_DECISION
        )
    else:
        return Referral.objects.none()
    if box != "caseload":  # its ids are permitted already
        qs = permissions.referrals_granted_each(user, qs)
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
    # Only what a row shows: every join more is planning time on each request.
    qs = qs.select_related("client", "programme__organisation", "sender_organisation").annotate(
        has_open_flags=Exists(open_flags),
        is_overdue=ExpressionWrapper(overdue, output_field=BooleanField()),
    )
    if box == "agenda":
        return qs.order_by("answer_due_at", "submitted_at", "pk")
    return qs.order_by("-updated_at", "-pk")


# One descent of the (sender, programme) index per distinct programme (a "skip scan"): the
# programmes an organisation has referred to, read in time that follows their number, not
# the number of referrals it has sent.
_REFERRED_TO_SQL = """
WITH RECURSIVE referred(programme_id) AS (
    (SELECT programme_id FROM referrals_referral
     WHERE sender_organisation_id = %(org)s ORDER BY programme_id LIMIT 1)
    UNION ALL
    SELECT (SELECT r.programme_id FROM referrals_referral r
            WHERE r.sender_organisation_id = %(org)s AND r.programme_id > referred.programme_id
            ORDER BY r.programme_id LIMIT 1)
    FROM referred WHERE referred.programme_id IS NOT NULL
)
SELECT programme_id FROM referred WHERE programme_id IS NOT NULL
"""


def _referred_to(organisation_ids) -> set[int] | QuerySet:
    referred = Referral.objects.filter(sender_organisation_id__in=organisation_ids)
    if connection.vendor != "postgresql":
        return referred.values("programme_id")
    found: set[int] = set()
    with connection.cursor() as cursor:
        for organisation_id in sorted(organisation_ids):
            cursor.execute(_REFERRED_TO_SQL, {"org": organisation_id})
            found.update(row[0] for row in cursor.fetchall())
    return found


def _caseload_ids(user, organisation_ids) -> list[int]:
    """The open cases the user is the key worker or the visiting worker of and may view: a
    worker's own cases, read through the key-worker and support-worker indexes, then
    probed. One query with the OR of the two joined tables could only scan every referral
    (and its estimate of one row made the page's joins scan their tables for each row)."""
    own = list(
        Referral.objects.filter(client__key_worker=user)
        .values_list("pk", flat=True)
        .union(Stay.objects.filter(support_worker=user).values_list("referral_id", flat=True))
    )
    if not own:
        return []
    mine = (
        Referral.objects.filter(pk__in=own)
        .filter(
            Q(sender_organisation_id__in=organisation_ids)
            | Q(receiver_organisation_id__in=organisation_ids)
            | Q(client__responsible_organisation_id__in=organisation_ids)
        )
        .exclude(status__in=workflow.TERMINAL)
    )
    return list(permissions.referrals_granted_each(user, mine).values_list("pk", flat=True))


def programmes_for_filter(user) -> list[tuple[int, str]]:
    """(id, label) of the programmes to filter the lists by: the user's organisations' own
    and those they have referred to, ordered by name. The referred-to programmes come from
    a skip scan of the index of senders (one descent per programme), so the cost follows
    the number of programmes, not of referrals (docs/decisions/0004); plain tuples, as the
    select needs only the label (hundreds of options at scale M). Programmes are public in
    the partner directory, so offering one reveals no case."""
    organisation_ids = permissions.user_organisation_ids(user)
    if not organisation_ids:
        return []
    rows = (
        Programme.objects.filter(
            Q(organisation_id__in=organisation_ids) | Q(pk__in=_referred_to(organisation_ids))
        )
        .order_by("name", "pk")
        .values_list("pk", "name", "organisation__short_name", "organisation__name")
    )
    return [(pk, f"{name} ({short or full})") for pk, name, short, full in rows]


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
