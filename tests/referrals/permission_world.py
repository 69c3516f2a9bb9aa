"""The world of the permission matrix (test_permission_matrix.py): who is who, the policy
in words of the issue, and one case in every state, built once per module.

The policy is written here independently of referrals.permissions: who *sees* each object
(everyone else gets 404, the same answer as for a missing id), and who may *do* each
action. The world is built inside a transaction that is rolled back at the end; each case
runs in its own savepoint, so POSTs never leak into the next case."""

import datetime
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import override_settings

from knowledge.workspaces import secretariat_ensure
from partners.models import ConditionKind, Membership, Organisation, PathwayStage
from referrals import services
from referrals.models import Attachment, Client, Consent, Referral
from tests.conftest import ROLES, make_org_with_members
from tests.partners.factories import (
    IntakeCriterionFactory,
    MembershipFactory,
    ProgrammeFactory,
    UserFactory,
)
from tests.referrals.factories import (
    PDF_BYTES,
    ClientFactory,
    ConsentFactory,
    ReferralFactory,
    S,
    StayFactory,
)
from tests.referrals.permission_world_money import Money, build_money

SIDES = ("sender", "receiver", "third")
PRINCIPALS = [f"{side}:{role}" for side in SIDES for role in ROLES] + [
    "key_worker",
    "outsider",
    "moderator",
    "superuser",
    "anonymous",
]

# --- The policy, in words of the issue --------------------------------------------------

SENDER_SW = "sender:social_worker"
RECEIVER_SW = "receiver:social_worker"
RECEIVER_CR = "receiver:case_reviewer"
KEY = "key_worker"
SENDER_ADMIN = "sender:org_admin"

CASE_PARTIES = {SENDER_SW, KEY, RECEIVER_SW, RECEIVER_CR}  # see a submitted referral
SENDING_SIDE = {SENDER_SW, KEY}  # alone see a draft; submit, withdraw, edit
DECIDERS = {RECEIVER_CR}
RECEIVING_WORKERS = {RECEIVER_SW}
CLIENT_READERS = CASE_PARTIES  # with the client's consent for the receiver
CLIENT_WRITERS = SENDING_SIDE  # the responsible organisation
CONSENT_KEEPERS = SENDING_SIDE | RECEIVING_WORKERS  # record/withdraw consents they work under


@dataclass
class World:
    users: dict
    client: Client
    referrals: dict
    attachment: Attachment
    consent: Consent
    affordable: object
    sender_org: Organisation
    third_org: Organisation
    money: Money
    spare_username: str = "nova-kolegyne"


TODAY = datetime.date(2026, 5, 4)


def _build_users(bundles, secretariat) -> dict:
    users = {f"{side}:{role}": b.users[role] for side, b in bundles.items() for role in ROLES}
    users["key_worker"] = MembershipFactory(
        user__username="azyl-klicova",
        organisation=bundles["sender"].organisation,
        role=Membership.Role.SOCIAL_WORKER,
    ).user
    users["outsider"] = UserFactory(username="nikdo")
    users["moderator"] = UserFactory(username="moderatorka")
    users["moderator"].groups.add(secretariat)
    users["superuser"] = UserFactory(username="spravce", is_superuser=True, is_staff=True)
    UserFactory(username=World.spare_username)
    return users


def _build_world() -> World:
    secretariat = secretariat_ensure()
    bundles = {
        "sender": make_org_with_members(
            "azyl", name="Azylový dům pro rodiny", kind=Organisation.Kind.SHELTER
        ),
        "receiver": make_org_with_members(
            "prerov", name="Statutární město Přerov", kind=Organisation.Kind.MUNICIPALITY
        ),
        "third": make_org_with_members("ngo", name="Poradna z.s.", kind=Organisation.Kind.NGO),
    }
    users = _build_users(bundles, secretariat)
    receiver_org = bundles["receiver"].organisation
    social = ProgrammeFactory(
        organisation=receiver_org,
        name="Tréninkové bydlení – sociální byty",
        slug="tb-socialni",
        stage=PathwayStage.objects.get(slug="treninkove"),
    )
    IntakeCriterionFactory(programme=social, text="Bez dluhů u dodavatele energií")
    # A condition the client record answers (for the acceptance with an exception).
    IntakeCriterionFactory(programme=social, kind=ConditionKind.NO_ENERGY_DEBT, text="")
    affordable = ProgrammeFactory(
        organisation=receiver_org,
        name="Tréninkové bydlení – dostupné byty",
        slug="tb-dostupne",
        stage=PathwayStage.objects.get(slug="dostupne"),
    )
    sender = users[SENDER_SW]
    client = ClientFactory(
        responsible_organisation=bundles["sender"].organisation,
        recorded_by=sender,
        key_worker=users["key_worker"],
        first_name="Marie",
        last_name="Horáková",
        housing_situation="shelter",
    )
    consent = None
    for purpose in (Consent.Purpose.ASSESSMENT, Consent.Purpose.COOPERATION):
        consent = ConsentFactory(
            client=client,
            organisation=receiver_org,
            recorded_by=sender,
            purpose=purpose,
            categories=["identity", "household"],
            valid_from=TODAY - datetime.timedelta(days=30),
        )

    def referral(status, client=client):
        return ReferralFactory(
            client=client,
            programme=social,
            sender=sender,
            status=status,
            reason="Matka s dítětem v azylovém domě.",
            urgency="normal",
            answers={c.pk: {"answer": "yes"} for c in social.intake_criteria.all()},
            grant_consent=False,
        )

    referrals = {
        "draft": referral(S.DRAFT),
        "submitted": referral(S.SUBMITTED),
        "under_review": referral(S.UNDER_REVIEW),
        "accepted": referral(S.ACCEPTED),
    }
    stay = StayFactory(
        referral=referral(S.ACCEPTED),
        lease_start=TODAY,
        lease_end=TODAY + datetime.timedelta(days=180),
    )
    referrals["placed"] = Referral.objects.get(pk=stay.referral_id)
    # Another household of the shelter: under review, and since its submission the record
    # shows a debt to an energy supplier, so accepting it needs an exception.
    indebted = ClientFactory(
        responsible_organisation=bundles["sender"].organisation,
        recorded_by=sender,
        key_worker=users["key_worker"],
        first_name="Petra",
        last_name="Dlužná",
    )
    for purpose in (Consent.Purpose.ASSESSMENT, Consent.Purpose.COOPERATION):
        ConsentFactory(
            client=indebted,
            organisation=receiver_org,
            recorded_by=sender,
            purpose=purpose,
            categories=["identity", "household"],
            valid_from=TODAY - datetime.timedelta(days=30),
        )
    referrals["exception"] = referral(S.UNDER_REVIEW, client=indebted)
    Client.objects.filter(pk=indebted.pk).update(debt_to_energy_supplier=5000)
    attachment = services.attachment_add(
        referral=referrals["submitted"],
        user=sender,
        uploaded_file=SimpleUploadedFile("zprava.pdf", PDF_BYTES),
    )
    services.plan_goal_add(stay=stay, user=users[RECEIVER_SW], text="Splátkový kalendář")
    money = build_money(
        stay=stay,
        social=social,
        affordable=affordable,
        client=client,
        sender=sender,
        receiver_worker=users[RECEIVER_SW],
        today=TODAY,
    )
    return World(
        users=users,
        client=client,
        referrals=referrals,
        attachment=attachment,
        consent=consent,
        affordable=affordable,
        sender_org=bundles["sender"].organisation,
        third_org=bundles["third"].organisation,
        money=money,
    )


@pytest.fixture(scope="module")
def module_media(tmp_path_factory):
    return tmp_path_factory.mktemp("private-media")


@pytest.fixture
def private_media(module_media):
    """Override the package's per-test media root: the world's files live for the module."""
    return module_media


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, module_media):
    with (
        override_settings(PRIVATE_MEDIA_ROOT=module_media),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        built = _build_world()
        yield built
        transaction.set_rollback(True)
