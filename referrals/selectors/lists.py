"""The referral lists (inbox, outbox, caseload, case-review agenda) with their filters, and
the programmes offered in the filters and the referral forms."""

import datetime
import uuid
from dataclasses import dataclass

from django.core.cache import cache
from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from core.cache import content_cached, current_version
from core.paging import UncountedPage, UncountedPaginator
from partners.models import Programme
from partners.selectors import active_memberships

from .. import permissions, workflow
from ..models import CaseFlag, Client, Referral, Stay, Urgency
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
    qs = _shown(qs)
    if box == "agenda":
        return qs.order_by("answer_due_at", "submitted_at", "pk")
    return qs.order_by("-updated_at", "-pk")


def _shown(qs: QuerySet[Referral]) -> QuerySet[Referral]:
    """With what a row shows. Only that: every join more is planning time on each request.
    Whether a row is overdue is the row's own arithmetic (ReferralRow), not a column."""
    open_flags = CaseFlag.objects.filter(referral=OuterRef("pk"), resolved_at__isnull=True)
    return qs.select_related("client", "programme__organisation", "sender_organisation").annotate(
        has_open_flags=Exists(open_flags)
    )


# What a row of the lists shows, read as plain values: building a Referral with its client,
# programme, organisation and sender for each row cost more CPU than the query itself.
ROW_FIELDS = (
    "public_id",
    "reference",
    "kind",
    "status",
    "urgency",
    "answer_due_at",
    "has_open_flags",
    "client__reference",
    "programme__name",
    "programme__organisation__short_name",
    "programme__organisation__name",
    "sender_organisation__short_name",
    "sender_organisation__name",
)
_URGENCY_LABELS = dict(Urgency.choices)
_SOME_ID = uuid.UUID(int=0)


@dataclass(frozen=True, slots=True)
class ReferralRow:
    """One row of a referral list, with what the table shows worked out once."""

    url: str
    reference: str
    client_reference: str
    is_transfer: bool
    has_open_flags: bool
    programme_name: str
    programme_organisation: str
    sender_organisation: str
    status: str
    status_label: str
    urgency: str
    urgency_label: str
    # The answer's deadline, shown while the referral waits for the decision.
    answer_due_at: datetime.datetime | None
    is_overdue: bool

    @classmethod
    def from_values(cls, row: dict, *, url: str, now: datetime.datetime) -> "ReferralRow":
        status, urgency, due = row["status"], row["urgency"], row["answer_due_at"]
        awaiting = status in workflow.AWAITING_DECISION
        try:
            status_label = str(workflow.STATUS_LABELS[Status(status)])
        except ValueError:
            status_label = status
        return cls(
            url=url,
            reference=row["reference"],
            client_reference=row["client__reference"],
            is_transfer=row["kind"] == Referral.Kind.TRANSFER,
            has_open_flags=row["has_open_flags"],
            programme_name=row["programme__name"],
            programme_organisation=row["programme__organisation__short_name"]
            or row["programme__organisation__name"],
            sender_organisation=row["sender_organisation__short_name"]
            or row["sender_organisation__name"],
            status=status,
            status_label=status_label,
            urgency=urgency,
            urgency_label=str(_URGENCY_LABELS.get(urgency, urgency)),
            answer_due_at=due if awaiting else None,
            is_overdue=awaiting and due is not None and due < now,
        )


def _reads_ids_first(user, box: str) -> bool:
    """Whether the outbox is read ids first: for a user who does casework in an
    organisation without being one of its social workers (a case reviewer only), whose
    walk reads that organisation's whole outbox range to find the few referrals granted
    to them (docs/decisions/0004)."""
    if box != "outbox":
        return False
    memberships = active_memberships(user)
    casework = {m.organisation_id for m in memberships if m.role in permissions.CASEWORK_ROLES}
    social_work = {m.organisation_id for m in memberships if m.role == Role.SOCIAL_WORKER}
    return bool(casework - social_work)


def referral_list_page(
    user,
    box: str,
    filters: ListFilters | None = None,
    *,
    page: object = None,
    per_page: int,
    ids_first: bool | None = None,
) -> UncountedPage:
    """A page of `referral_list` as ReferralRow values (docs/decisions/0004): the same
    query, its rows read as tuples of the columns shown, not as four model instances.

    Ids first (`ids_first`, by default for a case reviewer's outbox, `_reads_ids_first`):
    the page's ids are read by the same walk with nothing but the id selected, which
    PostgreSQL answers from the box's index alone (the permission probes need only the id)
    instead of reading the heap row of every referral the walk passes; then the rows of
    those ids by primary key, in one more statement."""
    now = timezone.now()
    queryset = referral_list(user, box, filters)
    if ids_first is None:
        ids_first = _reads_ids_first(user, box)
    if ids_first:
        result = UncountedPaginator(queryset.values_list("pk", flat=True), per_page).get_page(page)
        ids = list(result.object_list)
        # The rows of ids the walk has just permitted, by primary key.
        shown = _shown(Referral.objects.filter(pk__in=ids)).values("pk", *ROW_FIELDS)
        found = {row["pk"]: row for row in shown}
        rows = [found[pk] for pk in ids if pk in found]
    else:
        result = UncountedPaginator(queryset.values(*ROW_FIELDS), per_page).get_page(page)
        rows = result.object_list
    # The address of every row from one reverse(): the ids differ, the pattern does not.
    before, _, after = reverse("referrals:detail", kwargs={"public_id": _SOME_ID}).partition(
        str(_SOME_ID)
    )
    result.object_list = [
        ReferralRow.from_values(row, url=f"{before}{row['public_id']}{after}", now=now)
        for row in rows
    ]
    return result


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


# The version of the programmes an organisation has referred to, replaced after each commit
# that saves or deletes one of its referrals (referrals.signals).
REFERRED_TO_VERSION = "referrals:referred-to:{}"


def programmes_for_filter(user) -> list[tuple[int, str]]:
    """(id, label) of the programmes to filter the lists by: the user's organisations' own
    and those they have referred to, ordered by name. The referred-to programmes come from
    a skip scan of the index of senders (one descent per programme), so the cost follows
    the number of programmes, not of referrals (docs/decisions/0004); plain tuples, as the
    select needs only the label (hundreds of options at scale M). Programmes are public in
    the partner directory, so offering one reveals no case.

    The list is the same for everyone in the same organisations, so it is cached by the
    set of organisations (a visibility class, never a user): under the content version
    (a programme or an organisation changed: core.cache.content_cached) and each
    organisation's referred-to version (it sent, changed or deleted a referral)."""
    organisation_ids = sorted(permissions.user_organisation_ids(user))
    if not organisation_ids:
        return []
    keys = [REFERRED_TO_VERSION.format(pk) for pk in organisation_ids]
    found = cache.get_many(keys)
    tokens = [found.get(key) or current_version(key) for key in keys]
    pairs = zip(organisation_ids, tokens, strict=True)
    key = "programme-filter:" + ",".join(f"{pk}.{token}" for pk, token in pairs)
    return content_cached(key, lambda: _programmes_for_filter(organisation_ids))


def _programmes_for_filter(organisation_ids) -> list[tuple[int, str]]:
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
