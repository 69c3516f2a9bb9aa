"""Who may see and keep the money of a stay, import payment lists, and record the agencies
and benefits of a case.

* The tenant's **account** (rent, deposit, payments, arrears) is the ledger of the
  organisation that keeps the stay, the receiving programme's: its social workers see and
  keep it. Anyone else who sees the referral sees it only with the client's finances
  category (the responsible organisation always has it; a receiving case-review group
  through the consent). House-rule breaches go with the account.
* The **payment record** a deciding programme sees on a referral (sums and months in
  arrears of the client's stays) follows the finances category alone.
* **Payment lists** are imported by an organisation's social workers, for the accounts
  that organisation keeps.
* **Agencies and benefits** are written by those who may change the client record, each
  record only in a category they may read; they are read by category: OSPOD involvement by
  the child-protection category (see checks.client_categories_for), the labour office and
  debt counselling and every benefit by finances, other agencies by household.
"""

from ..models import Category, Client, Referral
from ..workflow import Action, Role
from .checks import (
    can_act,
    can_change_client,
    can_view_referral,
    client_categories_for,
    has_casework_role,
)


def can_view_account(user, referral: Referral) -> bool:
    if not can_view_referral(user, referral):
        return False
    if has_casework_role(user, referral.receiver_organisation_id, Role.SOCIAL_WORKER):
        return True
    return Category.FINANCES in client_categories_for(user, referral.client)


def can_keep_account(user, referral: Referral) -> bool:
    return can_act(user, referral, Action.KEEP_ACCOUNT)


def can_record_breach(user, referral: Referral) -> bool:
    return can_act(user, referral, Action.RECORD_BREACH)


def can_see_payment_record(user, client: Client) -> bool:
    return Category.FINANCES in client_categories_for(user, client)


def can_import_payments(user, organisation_id: int) -> bool:
    return has_casework_role(user, organisation_id, Role.SOCIAL_WORKER)


def can_record_for_client(user, client: Client, category: str) -> bool:
    """Agencies and benefits: writers of the client record, in a category they read."""
    return can_change_client(user, client) and category in client_categories_for(user, client)
