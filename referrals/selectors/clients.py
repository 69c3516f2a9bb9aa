"""What a user sees of a client: the categories of data, the household, the agencies and
benefits, the consents and the client's referrals, and the list of clients."""

from dataclasses import dataclass, field

from django.db.models import QuerySet

from .. import permissions
from ..models import (
    AgencyInvolvement,
    BenefitRecord,
    Category,
    Client,
    Consent,
    HouseholdMember,
    Referral,
)


@dataclass
class ClientView:
    client: Client
    categories: frozenset
    responsible: bool
    can_change: bool
    household: list[HouseholdMember] = field(default_factory=list)
    involvements: list[AgencyInvolvement] = field(default_factory=list)  # those it may see
    benefits: list[BenefitRecord] = field(default_factory=list)

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
    def shows_child_protection(self) -> bool:
        return Category.CHILD_PROTECTION in self.categories

    @property
    def hidden_categories(self) -> list[str]:
        return [label for value, label in Category.choices if value not in self.categories]

    @property
    def children(self) -> list[HouseholdMember]:
        return [m for m in self.household if m.is_child]

    @property
    def ospod_involvements(self) -> list[AgencyInvolvement]:
        kind = AgencyInvolvement.Kind.CHILD_PROTECTION
        return [i for i in self.involvements if i.kind == kind]

    @property
    def other_involvements(self) -> list[AgencyInvolvement]:
        kind = AgencyInvolvement.Kind.CHILD_PROTECTION
        return [i for i in self.involvements if i.kind != kind]

    @property
    def needs_ospod_prompt(self) -> bool:
        """Only those who see the OSPOD category know whether OSPOD is involved."""
        if not (self.shows_child_protection and self.shows_household and self.children):
            return False
        return not any(i.is_current for i in self.ospod_involvements)


def client_view_for(user, client: Client) -> ClientView:
    categories = permissions.client_categories_for(user, client)
    household = list(client.household_members.all()) if Category.HOUSEHOLD in categories else []
    kinds = [kind for kind, shown in AgencyInvolvement.CATEGORY.items() if shown in categories]
    involvements = []
    if kinds:
        involvements = list(
            AgencyInvolvement.objects.filter(client=client, kind__in=kinds).select_related(
                "organisation"
            )
        )
    benefits = []
    if Category.FINANCES in categories:
        benefits = list(BenefitRecord.objects.filter(client=client))
    return ClientView(
        client=client,
        categories=categories,
        responsible=permissions.is_responsible_for(user, client),
        can_change=permissions.can_change_client(user, client),
        household=household,
        involvements=involvements,
        benefits=benefits,
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


def clients_of(user, *, query: str = "") -> QuerySet[Client]:
    qs = permissions.clients_visible_to_qs(user)
    if query:
        qs = qs.filter(reference__icontains=query.strip())
    return qs.select_related("responsible_organisation", "key_worker").order_by("-created_at")
