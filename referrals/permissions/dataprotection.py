"""Data protection: who may export what an organisation holds about a client (GDPR art. 15),
erase a client's data on request (art. 17) and see the record of processing activities
(art. 30).

Who may do what (the reviewer's summary; tests/referrals/test_dataprotection_*.py prove it):

* **Export** answers what *one organisation* holds about a client. For the organisation
  responsible for the case it may be made by the client's key worker and by the
  organisation's case reviewers; for an organisation the client was referred to (or that
  sent a referral) by that organisation's case reviewers. Answering an access request is
  the organisation's duty as a controller, so a responsible organisation's case reviewer
  may export the full record even without working on the case; every export is audited.
  Another organisation's export holds only the categories the client's consent shares with
  it, the consents given to it and the referrals it takes part in.
* **Erasure** is decided by the responsible organisation's organisation admin or case
  reviewer, with a legal ground. It is refused while a referral is open (submitted …
  placed) or a stay runs, because another organisation is still working with the data, and
  for a case already anonymised. It reuses `retention.client_anonymise`, so the same data
  goes (also from the history rows and the files) as at the end of the retention period.
* **The record of processing activities** is for superusers and the coalition
  secretariat: it shows counts only, never a client.

Every export and erasure writes a `DataProtectionEvent` naming the client by reference.
"""

from django.utils import timezone

from core.access import is_secretariat
from partners.models import Membership, Organisation
from partners.selectors import active_memberships

from .. import workflow
from ..models import Client, Consent
from .checks import ALL_CATEGORIES, client_categories_for, has_casework_role, is_responsible_for


def _is_key_worker_of_responsible(user, client: Client) -> bool:
    return client.key_worker_id == user.pk and is_responsible_for(user, client)


def export_organisations_for(user, client: Client) -> list[Organisation]:
    """The organisations whose holdings about `client` this user may export."""
    if user is None or not user.is_authenticated or not user.is_active:
        return []
    responsible_id = client.responsible_organisation_id
    allowed: list[int] = []
    if _is_key_worker_of_responsible(user, client) or has_casework_role(
        user, responsible_id, Membership.Role.CASE_REVIEWER
    ):
        allowed.append(responsible_id)
    parties = set()
    for sender_id, receiver_id, status in client.referrals.values_list(
        "sender_organisation_id", "receiver_organisation_id", "status"
    ):
        parties.add(sender_id)
        if status != workflow.Status.DRAFT:
            parties.add(receiver_id)
    for organisation_id in sorted(parties - {responsible_id}):
        if has_casework_role(user, organisation_id, Membership.Role.CASE_REVIEWER):
            allowed.append(organisation_id)
    if not allowed:
        return []
    by_pk = Organisation.objects.in_bulk(allowed)
    return [by_pk[pk] for pk in allowed if pk in by_pk]


def can_erase(user, client: Client) -> bool:
    """The responsible organisation's organisation admin or case reviewer."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return has_casework_role(
        user,
        client.responsible_organisation_id,
        Membership.Role.ORG_ADMIN,
        Membership.Role.CASE_REVIEWER,
    )


def may_handle_requests(user) -> bool:
    """Organisation admins and case reviewers handle data-protection requests."""
    return any(
        m.role in (Membership.Role.ORG_ADMIN, Membership.Role.CASE_REVIEWER)
        for m in active_memberships(user)
    )


def can_view_processing_record(user) -> bool:
    return is_secretariat(user)


def categories_held_by(client: Client, organisation_id: int, user) -> frozenset[str]:
    """The data categories `organisation_id` may see of the client now: all for the
    responsible organisation; for another, what the user of that organisation may see
    (client_categories_for) narrowed to the consents given to it."""
    if client.is_anonymised:
        return frozenset()
    if organisation_id == client.responsible_organisation_id:
        return ALL_CATEGORIES
    today = timezone.localdate()
    consented: set[str] = set()
    for consent in Consent.objects.filter(
        client=client, organisation_id=organisation_id, withdrawn_at__isnull=True
    ):
        if consent.is_active_on(today):
            consented |= consent.categories
    return frozenset(consented) & client_categories_for(user, client)
