"""Reads of the referral module. Each returns only what the user may see; a view that gets
None answers 404, so nobody learns that a case they may not see exists."""

import uuid
from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import (
    BooleanField,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Q,
    QuerySet,
)
from django.utils import timezone

from core.cache import content_cached
from knowledge.models import KnowledgeItemPage, KnowledgeKind
from knowledge.selectors import items_visible_to
from partners.models import Membership, Organisation, Programme
from partners.selectors import active_memberships, user_is_coalition_member

from . import permissions, workflow
from .models import (
    Attachment,
    CaseFlag,
    Category,
    Client,
    Consent,
    HouseholdMember,
    Notification,
    Referral,
    Stay,
)
from .workflow import Role, Status


def _uuid(value) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError):
        return None


# --- Single records ---------------------------------------------------------------------


def referral_for(user, public_id) -> Referral | None:
    key = _uuid(public_id)
    if key is None:
        return None
    referral = (
        Referral.objects.select_related(
            "client", "programme__stage", "sender_organisation", "receiver_organisation"
        )
        .filter(public_id=key)
        .first()
    )
    if referral is None or not permissions.can_view_referral(user, referral):
        return None
    _attach_people_and_organisations(referral)
    return referral


def _attach_people_and_organisations(referral: Referral) -> None:
    """The rest of what the referral pages show, without joining it into the query above:
    PostgreSQL plans a join of eleven tables in about 6 ms, more than the rest of the
    page's queries together. The two people come in one query; the client's and the
    programme's organisations are nearly always the sender and the receiver, already
    loaded (looked up otherwise). `previous` loads on use, and only transfers have one."""
    from django.contrib.auth import get_user_model

    client, programme = referral.client, referral.programme
    user_ids = {client.key_worker_id, referral.created_by_id} - {None}
    users = get_user_model().objects.in_bulk(user_ids) if user_ids else {}
    client.key_worker = users.get(client.key_worker_id)
    referral.created_by = users.get(referral.created_by_id)
    loaded = {
        referral.sender_organisation_id: referral.sender_organisation,
        referral.receiver_organisation_id: referral.receiver_organisation,
    }
    missing = {client.responsible_organisation_id, programme.organisation_id} - set(loaded)
    if missing:
        loaded |= Organisation.objects.in_bulk(missing)
    client.responsible_organisation = loaded[client.responsible_organisation_id]
    programme.organisation = loaded[programme.organisation_id]


def client_for(user, reference: str) -> Client | None:
    client = (
        Client.objects.select_related("key_worker", "responsible_organisation")
        .filter(reference=reference)
        .first()
    )
    if client is None or not permissions.can_view_client(user, client):
        return None
    return client


def attachment_for(user, public_id) -> Attachment | None:
    key = _uuid(public_id)
    if key is None:
        return None
    attachment = (
        Attachment.objects.select_related("referral__client__key_worker", "referral__programme")
        .filter(public_id=key)
        .first()
    )
    if attachment is None or not permissions.can_see_case_content(user, attachment.referral):
        return None
    return attachment


def consent_for(user, public_id) -> Consent | None:
    """A consent is shown to the responsible organisation and to the organisation it is
    given to."""
    key = _uuid(public_id)
    if key is None:
        return None
    consent = Consent.objects.select_related("client", "organisation").filter(public_id=key).first()
    if consent is None or not permissions.can_view_client(user, consent.client):
        return None
    if not (
        permissions.is_responsible_for(user, consent.client)
        or consent.organisation_id in permissions.user_organisation_ids(user)
    ):
        return None
    return consent


# --- What a user sees of a client -------------------------------------------------------


@dataclass
class ClientView:
    client: Client
    categories: frozenset
    responsible: bool
    can_change: bool
    household: list[HouseholdMember] = field(default_factory=list)

    def shows(self, category: str) -> bool:
        return category in self.categories

    @property
    def shows_identity(self) -> bool:
        return Category.IDENTITY in self.categories

    @property
    def shows_household(self) -> bool:
        return Category.HOUSEHOLD in self.categories

    @property
    def shows_finances(self) -> bool:
        return Category.FINANCES in self.categories

    @property
    def shows_health(self) -> bool:
        return Category.HEALTH in self.categories

    @property
    def shows_notes(self) -> bool:
        return Category.NOTES in self.categories

    @property
    def hidden_categories(self) -> list[str]:
        return [label for value, label in Category.choices if value not in self.categories]

    @property
    def children(self) -> list[HouseholdMember]:
        return [m for m in self.household if m.is_child]

    @property
    def needs_ospod_prompt(self) -> bool:
        return self.shows_household and bool(self.children) and not self.client.ospod_involved


def client_view_for(user, client: Client) -> ClientView:
    categories = permissions.client_categories_for(user, client)
    household = list(client.household_members.all()) if Category.HOUSEHOLD in categories else []
    return ClientView(
        client=client,
        categories=categories,
        responsible=permissions.is_responsible_for(user, client),
        can_change=permissions.can_change_client(user, client),
        household=household,
    )


def consents_shown_to(user, client: Client) -> list[Consent]:
    qs = Consent.objects.filter(client=client).select_related("organisation", "recorded_by")
    if not permissions.is_responsible_for(user, client):
        qs = qs.filter(organisation_id__in=permissions.user_organisation_ids(user))
    return list(qs)


def client_referrals_for(user, client: Client) -> list[Referral]:
    return list(
        permissions.referrals_visible_to_qs(user)
        .filter(client=client)
        .select_related("programme__organisation", "sender_organisation")
        .order_by("created_at")
    )


# --- Lists ------------------------------------------------------------------------------


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


def clients_of(user, *, query: str = "") -> QuerySet[Client]:
    qs = permissions.clients_visible_to_qs(user)
    if query:
        qs = qs.filter(reference__icontains=query.strip())
    return qs.select_related("responsible_organisation", "key_worker").order_by("-created_at")


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


def _active_members(organisation_id: int, role: str) -> QuerySet:
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            memberships__organisation_id=organisation_id,
            memberships__role=role,
            memberships__is_active=True,
        )
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


def case_reviewers_of(organisation_id: int) -> QuerySet:
    return _active_members(organisation_id, Membership.Role.CASE_REVIEWER)


def social_workers_of(organisation_id: int) -> QuerySet:
    return _active_members(organisation_id, Membership.Role.SOCIAL_WORKER)


# --- The referral page ------------------------------------------------------------------


class ReferralRelated:
    """The rows hanging off a referral that both its page and its timeline show, each
    loaded once per referral instance (see related_of)."""

    def __init__(self, referral: Referral):
        self.referral = referral

    @cached_property
    def stay(self) -> Stay | None:
        return (
            Stay.objects.filter(referral=self.referral)
            .select_related("support_worker", "stage", "programme")
            .first()
        )

    @cached_property
    def decisions(self) -> list:
        return list(
            self.referral.decisions.select_related("decided_by").prefetch_related("members_present")
        )

    @cached_property
    def flags(self) -> list[CaseFlag]:
        return list(self.referral.flags.select_related("raised_by", "resolved_by"))

    @cached_property
    def attachments(self) -> list[Attachment]:
        return list(self.referral.attachments.select_related("uploaded_by"))


def related_of(referral: Referral) -> ReferralRelated:
    """Requests read these after any change they make (the views redirect after a POST),
    so the instance's copy is never stale within one."""
    related = referral.__dict__.get("_related")
    if related is None:
        related = referral.__dict__["_related"] = ReferralRelated(referral)
    return related


def referral_page_data(user, referral: Referral) -> dict:
    content = permissions.can_see_case_content(user, referral)
    related = related_of(referral)
    stay = related.stay
    data = {
        "content_visible": content,
        "answers": list(referral.answers.all()) if content else [],
        "attachments": related.attachments if content else [],
        "stay": stay,
        "goals": list(stay.goals.all()) if stay and content else [],
        "visits": list(stay.visits.select_related("visited_by")[:20]) if stay and content else [],
        "flags": related.flags,
        "decisions": related.decisions,
        "chain": [
            (node, node.pk == referral.pk or permissions.can_view_referral(user, node))
            for node in referral.chain()
        ],
        "lease_limit": None,
    }
    if stay is not None and stay.programme.max_stay_months:
        from .services.stays import lease_limit

        data["lease_limit"] = lease_limit(stay.programme, stay.lease_start)
    return data


@dataclass(frozen=True)
class LibraryLink:
    """A knowledge item as the referral page lists it."""

    pk: int
    title: str
    url: str
    kind: str

    def get_kind_display(self) -> str:
        return KnowledgeKind(self.kind).label


def methodologies_for(user, programme: Programme) -> list[LibraryLink]:
    """The coalition's methodologies and templates for the programme's pathway stage.

    Finding them means sorting every item of the stage by title (about 1 200 of 50 000
    at bench scale M, 25 ms), and the answer is the same for every member and every
    referral of that stage until the library changes: the links are cached under the
    page cache's content version (core.cache.content_cached), apart for members and
    for everyone else, as items_visible_to tells them apart."""
    if programme.stage_id is None:
        return []
    member = user_is_coalition_member(user)

    def links() -> list[LibraryLink]:
        items = (
            items_visible_to(user)
            .filter(
                kind__in=[KnowledgeKind.METHODOLOGY, KnowledgeKind.TEMPLATE],
                pk__in=KnowledgeItemPage.stages.through.objects.filter(
                    pathwaystage_id=programme.stage_id
                ).values("knowledgeitempage_id"),
            )
            .order_by("title", "pk")[:12]
        )
        return [LibraryLink(i.pk, i.title, i.get_url(), i.kind) for i in items]

    return content_cached(f"methodologies:{programme.stage_id}:{int(member)}", links)


# --- Notifications and members ----------------------------------------------------------


def notifications_for(user) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user).select_related("referral", "client")


def unread_notifications_count(user) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def members_of(organisation_id: int) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(organisation_id=organisation_id)
        .select_related("user")
        .order_by("-is_active", "user__last_name", "user__username", "role")
    )
