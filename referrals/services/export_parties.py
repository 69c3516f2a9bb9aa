"""The parts of an access-request export that come from the money of the stays and the
parties of the case: a stay's account (for the organisation that keeps it, or one holding
the client's finances) and the agencies and benefits, each only in a category held."""

from django.utils import timezone

from ..models import AgencyInvolvement, BenefitRecord, Category, Client, Stay, StayAccount
from ..selectors.finance import account_statement, accounts_loaded
from .export_render import json_value as _json_value


def account_data(stay: Stay, organisation_id: int, categories) -> dict | None:
    """The stay's account for the organisation that keeps it, or for one that holds the
    client's finances; None for anyone else or a stay without one."""
    account = accounts_loaded(StayAccount.objects.filter(stay=stay)).first()
    if account is None:
        return None
    if account.organisation_id != organisation_id and Category.FINANCES not in categories:
        return None
    statement = account_statement(account, on=timezone.localdate())
    return {
        "variable_symbol": account.variable_symbol,
        "deposit": _json_value(account.deposit_amount),
        "deposit_instalments": account.deposit_instalments,
        "rent_and_services": [
            {
                "from": _json_value(terms.valid_from),
                "rent": _json_value(terms.rent),
                "services": _json_value(terms.services),
            }
            for terms in account.terms.all()
        ],
        "payments": [
            {
                "paid_on": _json_value(payment.paid_on),
                "amount": _json_value(payment.amount),
                "payer": str(payment.get_payer_display()),
            }
            for payment in account.live_payments
        ],
        "charged": _json_value(statement.charged),
        "paid": _json_value(statement.paid),
        "arrears": _json_value(statement.arrears),
        "months_in_arrears": statement.months_in_arrears,
    }


def parties_data(client: Client, categories) -> tuple[list, list]:
    """The agencies involved and the benefits, each only in a category held."""
    agencies = [
        {
            "kind": str(involvement.get_kind_display()),
            "agency": involvement.agency_label,
            "since": _json_value(involvement.since),
            "until": _json_value(involvement.until),
            "contact_person": involvement.contact_person,
            "contact": involvement.contact,
            "agreed_actions": involvement.agreed_actions,
        }
        for involvement in AgencyInvolvement.objects.filter(client=client).select_related(
            "organisation"
        )
        if involvement.category in categories
    ]
    benefits = []
    if Category.FINANCES in categories:
        benefits = [
            {
                "benefit": str(benefit.get_kind_display()),
                "amount": _json_value(benefit.amount),
                "from": _json_value(benefit.period_from),
                "until": _json_value(benefit.period_until),
                "paid_directly_to_landlord": benefit.paid_directly,
                "note": benefit.note,
            }
            for benefit in BenefitRecord.objects.filter(client=client)
        ]
    return agencies, benefits
