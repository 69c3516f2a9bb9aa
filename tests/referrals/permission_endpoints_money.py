"""The permission matrix's endpoints of the money of a stay and the parties of a case
(test_permission_matrix.py adds them to permission_endpoints.ENDPOINTS).

The policy, in words of the issue: the account of a stay is the keeping organisation's
ledger, seen by its social workers and by whoever holds the client's finances category
(here the sending, responsible side; the receiving case reviewers' consent shares identity
and household only); kept by the receiving social workers. Payment lists are imported by
the keeping organisation's social workers. OSPOD involvement is seen by the responsible
organisation and by the receiving case reviewers, to whom a consent names the category,
never by the receiving social workers; agencies and benefits are written by the writers of
the client record."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from partners.models import Organisation, ReasonCode
from referrals.models import (
    AgencyInvolvement,
    BenefitRecord,
    HouseRuleBreach,
    Payment,
    PaymentImport,
    Referral,
    RentTerms,
    StayAccount,
)
from tests.referrals.permission_endpoints import Endpoint, _missing_referral, _referral_url
from tests.referrals.permission_world import (
    CLIENT_READERS,
    CLIENT_WRITERS,
    KEY,
    RECEIVER_CR,
    RECEIVER_SW,
    SENDER_SW,
    SENDING_SIDE,
    TODAY,
)
from tests.referrals.permission_world_money import VARIABLE_SYMBOL

ACCOUNT_READERS = {SENDER_SW, KEY, RECEIVER_SW}  # finances, or the keeper
KEEPERS = {RECEIVER_SW}
OSPOD_READERS = SENDING_SIDE | {RECEIVER_CR}
FINANCE_READERS = SENDING_SIDE
IMPORTERS = {"receiver:social_worker"}


def _client_url(name, **extra):
    return lambda w: reverse(name, kwargs={"reference": w.client.reference, **extra})


def _import_url(w):
    return reverse("referrals:payments_import", kwargs={"slug": w.money.receiver_slug})


def _payment_list(w):
    line = f"{TODAY.day}. {TODAY.month}. {TODAY.year};{VARIABLE_SYMBOL};2 500,00\r\n"
    return {"file": SimpleUploadedFile("platby.csv", line.encode(), "text/csv")}


def _undo_url(w):
    """An imported list of the keeping organisation (made in the test's transaction)."""
    batch = PaymentImport.objects.filter(sha256="permission-matrix").first()
    if batch is None:
        organisation = Organisation.objects.get(slug=w.money.receiver_slug)
        batch = PaymentImport.objects.create(
            organisation=organisation, file_name="platby.csv", sha256="permission-matrix"
        )
    return reverse(
        "referrals:payments_import_undo",
        kwargs={"slug": w.money.receiver_slug, "batch_id": batch.pk},
    )


MONEY_ENDPOINTS = [
    Endpoint(
        "statement",
        _referral_url("referrals:account", "placed"),
        ACCOUNT_READERS,
        ACCOUNT_READERS,
        missing=_missing_referral("referrals:account"),
    ),
    Endpoint(
        "record payment",
        _referral_url("referrals:payment_add", "placed"),
        ACCOUNT_READERS,
        KEEPERS,
        "post",
        data=lambda w: {"paid_on": TODAY, "amount": "3200", "payer": "client"},
        effect=lambda w: Payment.objects.filter(amount=3200).exists(),
        missing=_missing_referral("referrals:payment_add"),
    ),
    Endpoint(
        "cancel payment",
        lambda w: reverse(
            "referrals:payment_cancel",
            kwargs={"public_id": w.referrals["placed"].public_id, "payment_id": w.money.payment.pk},
        ),
        ACCOUNT_READERS,
        KEEPERS,
        "post",
        effect=lambda w: Payment.objects.get(pk=w.money.payment.pk).cancelled_at is not None,
    ),
    Endpoint(
        "set rent",
        _referral_url("referrals:rent_terms", "placed"),
        ACCOUNT_READERS,
        KEEPERS,
        "post",
        data=lambda w: {"valid_from": TODAY, "rent": "2600", "services": "700"},
        effect=lambda w: RentTerms.objects.filter(rent=2600).exists(),
    ),
    Endpoint(
        "account settings",
        _referral_url("referrals:account_settings", "placed"),
        ACCOUNT_READERS,
        KEEPERS,
        "post",
        data=lambda w: {
            "variable_symbol": "555",
            "due_day": 15,
            "deposit_amount": "2000",
            "deposit_instalments": 4,
        },
        effect=lambda w: StayAccount.objects.filter(variable_symbol="555").exists(),
    ),
    Endpoint(
        "record breach",
        _referral_url("referrals:breach_add", "placed"),
        ACCOUNT_READERS,
        KEEPERS,
        "post",
        data=lambda w: {"occurred_on": TODAY, "description": "Rušení nočního klidu"},
        effect=lambda w: HouseRuleBreach.objects.exists(),
    ),
    Endpoint(
        "accept tier suggestion",
        _referral_url("referrals:tier_move", "placed", direction="down"),
        ACCOUNT_READERS,
        KEEPERS,
        "post",
        data=lambda w: {
            "move_down_code": ReasonCode.objects.get(code_list="move_down", code="new_debt").pk
        },
        effect=lambda w: Referral.objects.filter(previous=w.referrals["placed"]).exists(),
        missing=_missing_referral("referrals:tier_move", direction="down"),
    ),
    Endpoint(
        "payment import page",
        _import_url,
        IMPORTERS,
        IMPORTERS,
        missing=lambda w: reverse("referrals:payments_import", kwargs={"slug": "neni"}),
    ),
    Endpoint(
        "import payments",
        _import_url,
        IMPORTERS,
        IMPORTERS,
        "post",
        data=_payment_list,
        effect=lambda w: Payment.objects.filter(source="import").exists(),
    ),
    Endpoint(
        "undo payment import",
        _undo_url,
        IMPORTERS,
        IMPORTERS,
        "post",
        data=lambda w: {"reason": "Načteno ve špatném kódování."},
        effect=lambda w: PaymentImport.objects.filter(cancelled_at__isnull=False).exists(),
        missing=lambda w: reverse(
            "referrals:payments_import_undo",
            kwargs={"slug": w.money.receiver_slug, "batch_id": 999999},
        ),
    ),
    Endpoint(
        "record agency",
        _client_url("referrals:involvement_add"),
        CLIENT_READERS,
        CLIENT_WRITERS,
        "post",
        data=lambda w: {"kind": "other", "organisation_name": "Probační služba"},
        effect=lambda w: AgencyInvolvement.objects.filter(kind="other").exists(),
        missing=lambda w: reverse("referrals:involvement_add", kwargs={"reference": "K-1999-9999"}),
    ),
    Endpoint(
        "end OSPOD involvement",
        lambda w: reverse(
            "referrals:involvement_end",
            kwargs={"reference": w.client.reference, "involvement_id": w.money.ospod.pk},
        ),
        OSPOD_READERS,
        CLIENT_WRITERS,
        "post",
        data=lambda w: {"until": TODAY},
        effect=lambda w: AgencyInvolvement.objects.get(pk=w.money.ospod.pk).until is not None,
    ),
    Endpoint(
        "record benefit",
        _client_url("referrals:benefit_add"),
        CLIENT_READERS,
        CLIENT_WRITERS,
        "post",
        data=lambda w: {"kind": "emergency_aid", "amount": "1000"},
        effect=lambda w: BenefitRecord.objects.filter(kind="emergency_aid").exists(),
    ),
    Endpoint(
        "end benefit",
        lambda w: reverse(
            "referrals:benefit_end",
            kwargs={"reference": w.client.reference, "benefit_id": w.money.benefit.pk},
        ),
        FINANCE_READERS,
        CLIENT_WRITERS,
        "post",
        data=lambda w: {"period_until": TODAY},
        effect=lambda w: BenefitRecord.objects.get(pk=w.money.benefit.pk).period_until is not None,
        missing=lambda w: reverse(
            "referrals:benefit_end",
            kwargs={"reference": w.client.reference, "benefit_id": 10**9},
        ),
    ),
]
