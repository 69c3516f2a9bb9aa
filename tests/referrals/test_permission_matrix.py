"""The permission matrix, generated: every referral, client, attachment, consent and history
URL and every POST action, tried by every role of the sending, the receiving and a third
member organisation, the key worker, an outsider, a CMS moderator, a superuser and an
anonymous visitor.

The expectations are a short policy written here independently of referrals.permissions:
who *sees* each object (everyone else gets 404, the same answer as for a missing id), and
who may *do* each action (a visible case without the right role gets a refusal and no
effect). Anonymous visitors are sent to the login page whether or not the id exists.

The world is built once per module inside a transaction that is rolled back at the end;
each case runs in its own savepoint, so POSTs never leak into the next case.
"""

import datetime
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import override_settings
from django.urls import reverse

from knowledge.workspaces import secretariat_ensure
from partners.models import IntakeCriterion, Membership, Organisation, PathwayStage
from referrals import services
from referrals.models import (
    Attachment,
    CaseFlag,
    Client,
    Consent,
    PlanGoal,
    Referral,
    Stay,
    Visit,
)
from tests.conftest import ROLES, make_org_with_members
from tests.partners.factories import MembershipFactory, ProgrammeFactory, UserFactory
from tests.referrals.conftest import PDF_BYTES

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
    spare_username: str = "nova-kolegyne"


TODAY = datetime.date(2026, 5, 4)


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
    users = {f"{side}:{role}": b.users[role] for side, b in bundles.items() for role in ROLES}
    users["key_worker"] = UserFactory(username="azyl-klicova")
    MembershipFactory(
        user=users["key_worker"],
        organisation=bundles["sender"].organisation,
        role=Membership.Role.SOCIAL_WORKER,
    )
    users["outsider"] = UserFactory(username="nikdo")
    users["moderator"] = UserFactory(username="moderatorka")
    users["moderator"].groups.add(secretariat)
    users["superuser"] = UserFactory(username="spravce", is_superuser=True, is_staff=True)
    UserFactory(username=World.spare_username)

    receiver_org = bundles["receiver"].organisation
    social = ProgrammeFactory(
        organisation=receiver_org,
        name="Tréninkové bydlení – sociální byty",
        slug="tb-socialni",
        stage=PathwayStage.objects.get(slug="treninkove"),
    )
    IntakeCriterion.objects.create(programme=social, text="Bez dluhů u dodavatele energií")
    affordable = ProgrammeFactory(
        organisation=receiver_org,
        name="Tréninkové bydlení – dostupné byty",
        slug="tb-dostupne",
        stage=PathwayStage.objects.get(slug="dostupne"),
    )
    sender = users[SENDER_SW]
    client = services.client_create(
        user=sender,
        organisation=bundles["sender"].organisation,
        key_worker=users["key_worker"],
        data={"first_name": "Marie", "last_name": "Horáková", "housing_situation": "shelter"},
        household=[{"relation": "head", "first_name": "Marie"}],
    )
    consent = None
    for purpose in (Consent.Purpose.ASSESSMENT, Consent.Purpose.COOPERATION):
        consent = services.consent_grant(
            user=sender,
            client=client,
            organisation=receiver_org,
            purpose=purpose,
            categories=["identity", "household"],
            valid_from=TODAY - datetime.timedelta(days=30),
            signed_form=SimpleUploadedFile("souhlas.pdf", PDF_BYTES),
        )
    reviewer, worker = users[RECEIVER_CR], users[RECEIVER_SW]

    def referral(*steps):
        created = services.referral_create(
            user=sender,
            client=client,
            programme=social,
            reason="Matka s dítětem v azylovém domě.",
            answers={c.pk: {"answer": "yes"} for c in social.intake_criteria.all()},
        )
        for step in steps:
            created = step(created)
        return Referral.objects.get(pk=created.pk)

    def submit(r):
        return services.referral_submit(referral=r, user=sender)

    def review(r):
        return services.referral_start_review(referral=r, user=reviewer)

    def accept(r):
        return services.referral_accept(referral=r, user=reviewer)

    def place(r):
        return services.referral_place(
            referral=r,
            user=worker,
            lease_start=TODAY,
            lease_end=TODAY + datetime.timedelta(days=180),
        )

    referrals = {
        "draft": referral(),
        "submitted": referral(submit),
        "under_review": referral(submit, review),
        "accepted": referral(submit, accept),
        "placed": referral(submit, accept, place),
    }
    attachment = services.attachment_add(
        referral=referrals["submitted"],
        user=sender,
        uploaded_file=SimpleUploadedFile("zprava.pdf", PDF_BYTES),
    )
    stay = Stay.objects.get(referral=referrals["placed"])
    services.plan_goal_add(stay=stay, user=worker, text="Splátkový kalendář")
    return World(
        users=users,
        client=client,
        referrals=referrals,
        attachment=attachment,
        consent=consent,
        affordable=affordable,
        sender_org=bundles["sender"].organisation,
        third_org=bundles["third"].organisation,
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


# --- Endpoints --------------------------------------------------------------------------


def _referral_url(name, state, **extra):
    return lambda w: reverse(name, kwargs={"public_id": w.referrals[state].public_id, **extra})


def _action(state, action):
    return _referral_url("referrals:action", state, action=action)


def _client_url(name):
    return lambda w: reverse(name, kwargs={"reference": w.client.reference})


def _status_is(state, expected):
    return lambda w: Referral.objects.get(pk=w.referrals[state].pk).status == expected


def _pdf():
    return SimpleUploadedFile("dalsi.pdf", PDF_BYTES, content_type="application/pdf")


@dataclass
class Endpoint:
    name: str
    url: Callable
    sees: set  # who learns the object exists (everyone else: 404)
    may: set  # who may use it (a seer outside `may` is refused, without effect)
    method: str = "get"
    data: Callable = field(default=lambda w: {})
    effect: Callable | None = None  # for POST: did the action happen?
    missing: Callable | None = None  # the same URL with an id that does not exist


def _missing_referral(name, **extra):
    return lambda w: reverse(name, kwargs={"public_id": uuid.uuid4(), **extra})


def _missing_client(name):
    return lambda w: reverse(name, kwargs={"reference": "K-1999-9999"})


ENDPOINTS = [
    # Pages
    Endpoint(
        "referral page (draft)",
        _referral_url("referrals:detail", "draft"),
        SENDING_SIDE,
        SENDING_SIDE,
        missing=_missing_referral("referrals:detail"),
    ),
    Endpoint(
        "referral page", _referral_url("referrals:detail", "submitted"), CASE_PARTIES, CASE_PARTIES
    ),
    Endpoint(
        "referral history",
        _referral_url("referrals:history", "submitted"),
        CASE_PARTIES,
        CASE_PARTIES,
        missing=_missing_referral("referrals:history"),
    ),
    Endpoint(
        "draft history", _referral_url("referrals:history", "draft"), SENDING_SIDE, SENDING_SIDE
    ),
    Endpoint(
        "edit form",
        _referral_url("referrals:edit", "draft"),
        SENDING_SIDE,
        SENDING_SIDE,
        missing=_missing_referral("referrals:edit"),
    ),
    Endpoint(
        "decision form",
        _action("under_review", "accept"),
        CASE_PARTIES,
        DECIDERS,
        missing=_missing_referral("referrals:action", action="accept"),
    ),
    Endpoint("move-in form", _action("accepted", "place"), CASE_PARTIES, RECEIVING_WORKERS),
    Endpoint(
        "transfer form",
        _referral_url("referrals:transfer", "placed"),
        CASE_PARTIES,
        RECEIVING_WORKERS,
        missing=_missing_referral("referrals:transfer"),
    ),
    Endpoint(
        "attachment",
        lambda w: w.attachment.get_absolute_url(),
        CASE_PARTIES,
        CASE_PARTIES,
        missing=lambda w: reverse("referrals:attachment", kwargs={"public_id": uuid.uuid4()}),
    ),
    Endpoint(
        "client record",
        _client_url("referrals:client"),
        CLIENT_READERS,
        CLIENT_READERS,
        missing=_missing_client("referrals:client"),
    ),
    Endpoint(
        "client history",
        _client_url("referrals:client_history"),
        CLIENT_READERS,
        CLIENT_READERS,
        missing=_missing_client("referrals:client_history"),
    ),
    Endpoint(
        "client edit form", _client_url("referrals:client_edit"), CLIENT_READERS, CLIENT_WRITERS
    ),
    Endpoint(
        "new referral form",
        _client_url("referrals:create"),
        CLIENT_READERS,
        CLIENT_WRITERS,
        missing=_missing_client("referrals:create"),
    ),
    Endpoint(
        "consent form page",
        _client_url("referrals:consent_create"),
        CLIENT_READERS,
        CONSENT_KEEPERS,
    ),
    Endpoint(
        "key worker form", _client_url("referrals:key_worker"), CLIENT_READERS, CLIENT_WRITERS
    ),
    Endpoint(
        "signed consent",
        lambda w: reverse("referrals:consent_form", kwargs={"public_id": w.consent.public_id}),
        CLIENT_READERS,
        CLIENT_READERS,
        missing=lambda w: reverse("referrals:consent_form", kwargs={"public_id": uuid.uuid4()}),
    ),
    Endpoint(
        "members page",
        lambda w: reverse("referrals:members", kwargs={"slug": w.sender_org.slug}),
        {SENDER_ADMIN},
        {SENDER_ADMIN},
        missing=lambda w: reverse("referrals:members", kwargs={"slug": "neni"}),
    ),
    # Transitions
    Endpoint(
        "submit",
        _action("draft", "submit"),
        SENDING_SIDE,
        SENDING_SIDE,
        "post",
        effect=_status_is("draft", "submitted"),
    ),
    Endpoint(
        "withdraw",
        _action("submitted", "withdraw"),
        CASE_PARTIES,
        SENDING_SIDE,
        "post",
        effect=_status_is("submitted", "withdrawn"),
    ),
    Endpoint(
        "start review",
        _action("submitted", "start_review"),
        CASE_PARTIES,
        DECIDERS,
        "post",
        effect=_status_is("submitted", "under_review"),
    ),
    Endpoint(
        "request info",
        _action("submitted", "request_info"),
        CASE_PARTIES,
        DECIDERS,
        "post",
        data=lambda w: {"reason": "Doložte příjmy.", "meeting_date": TODAY},
        effect=_status_is("submitted", "info_requested"),
    ),
    Endpoint(
        "accept",
        _action("under_review", "accept"),
        CASE_PARTIES,
        DECIDERS,
        "post",
        data=lambda w: {"meeting_date": TODAY},
        effect=_status_is("under_review", "accepted"),
    ),
    Endpoint(
        "decline",
        _action("under_review", "decline"),
        CASE_PARTIES,
        DECIDERS,
        "post",
        data=lambda w: {"reason": "Kapacita.", "meeting_date": TODAY},
        effect=_status_is("under_review", "declined"),
    ),
    Endpoint(
        "place",
        _action("accepted", "place"),
        CASE_PARTIES,
        RECEIVING_WORKERS,
        "post",
        data=lambda w: {
            "moved_in_on": TODAY,
            "lease_start": TODAY,
            "lease_end": TODAY + datetime.timedelta(days=90),
            "support_worker": w.users[RECEIVER_SW].pk,
        },
        effect=_status_is("accepted", "placed"),
    ),
    Endpoint(
        "close",
        _action("placed", "close"),
        CASE_PARTIES,
        RECEIVING_WORKERS,
        "post",
        data=lambda w: {"outcome": "dropped_out", "closed_on": TODAY + datetime.timedelta(days=10)},
        effect=_status_is("placed", "closed"),
    ),
    # Work on a referral
    Endpoint(
        "edit",
        _referral_url("referrals:edit", "draft"),
        SENDING_SIDE,
        SENDING_SIDE,
        "post",
        data=lambda w: {"urgency": "urgent", "reason": "Změněno."},
        effect=lambda w: Referral.objects.get(pk=w.referrals["draft"].pk).urgency == "urgent",
    ),
    Endpoint(
        "upload",
        _referral_url("referrals:attachment_upload", "draft"),
        SENDING_SIDE,
        SENDING_SIDE,
        "post",
        data=lambda w: {"file": _pdf()},
        effect=lambda w: Attachment.objects.filter(referral=w.referrals["draft"]).exists(),
        missing=_missing_referral("referrals:attachment_upload"),
    ),
    Endpoint(
        "transfer",
        _referral_url("referrals:transfer", "placed"),
        CASE_PARTIES,
        RECEIVING_WORKERS,
        "post",
        data=lambda w: {
            "programme": w.affordable.pk,
            "urgency": "normal",
            "reason": "Přechod výš.",
        },
        effect=lambda w: Referral.objects.filter(previous=w.referrals["placed"]).exists(),
    ),
    Endpoint(
        "flag",
        _referral_url("referrals:flag", "submitted"),
        CASE_PARTIES,
        CASE_PARTIES,
        "post",
        data=lambda w: {"kind": "risk", "reason": "Hrozí ztráta bydlení."},
        effect=lambda w: CaseFlag.objects.exists(),
        missing=_missing_referral("referrals:flag"),
    ),
    Endpoint(
        "extend lease",
        _referral_url("referrals:stay_lease", "placed"),
        CASE_PARTIES,
        RECEIVING_WORKERS,
        "post",
        data=lambda w: {"lease_end": TODAY + datetime.timedelta(days=365)},
        effect=lambda w: (
            Stay.objects.get(referral=w.referrals["placed"]).lease_end
            == TODAY + datetime.timedelta(days=365)
        ),
    ),
    Endpoint(
        "record visit",
        _referral_url("referrals:stay_visit", "placed"),
        CASE_PARTIES,
        RECEIVING_WORKERS,
        "post",
        data=lambda w: {"visited_on": TODAY + datetime.timedelta(days=3)},
        effect=lambda w: Visit.objects.exists(),
    ),
    Endpoint(
        "add goal",
        _referral_url("referrals:stay_goal", "placed"),
        CASE_PARTIES,
        RECEIVING_WORKERS,
        "post",
        data=lambda w: {"text": "Přímá úhrada nájemného"},
        effect=lambda w: PlanGoal.objects.count() == 2,
    ),
    # Work on a client
    Endpoint(
        "edit client",
        _client_url("referrals:client_edit"),
        CLIENT_READERS,
        CLIENT_WRITERS,
        "post",
        data=lambda w: {
            "first_name": "Upravená",
            "last_name": "Horáková",
            "housing_situation": "shelter",
            "past_evictions": 0,
            "enforcement_proceedings": 0,
            "household-TOTAL_FORMS": 0,
            "household-INITIAL_FORMS": 0,
        },
        effect=lambda w: Client.objects.get(pk=w.client.pk).first_name == "Upravená",
    ),
    Endpoint(
        "new referral",
        _client_url("referrals:create"),
        CLIENT_READERS,
        CLIENT_WRITERS,
        "post",
        data=lambda w: {"programme": w.affordable.pk, "urgency": "normal", "reason": "Nová."},
        effect=lambda w: Referral.objects.filter(programme=w.affordable).exists(),
    ),
    Endpoint(
        "record consent",
        _client_url("referrals:consent_create"),
        CLIENT_READERS,
        CONSENT_KEEPERS,
        "post",
        data=lambda w: {
            "organisation": w.third_org.pk,
            "purpose": "assessment",
            "categories": ["identity"],
            "valid_from": TODAY,
            "signed_form": _pdf(),
        },
        effect=lambda w: Consent.objects.filter(organisation=w.third_org).exists(),
    ),
    Endpoint(
        "withdraw consent",
        lambda w: reverse("referrals:consent_withdraw", kwargs={"public_id": w.consent.public_id}),
        CLIENT_READERS,
        CONSENT_KEEPERS,
        "post",
        effect=lambda w: Consent.objects.get(pk=w.consent.pk).withdrawn_at is not None,
        missing=lambda w: reverse("referrals:consent_withdraw", kwargs={"public_id": uuid.uuid4()}),
    ),
    Endpoint(
        "reassign key worker",
        _client_url("referrals:key_worker"),
        CLIENT_READERS,
        CLIENT_WRITERS,
        "post",
        data=lambda w: {"key_worker": w.users[SENDER_SW].pk},
        effect=lambda w: Client.objects.get(pk=w.client.pk).key_worker == w.users[SENDER_SW],
    ),
    # Members
    Endpoint(
        "add member",
        lambda w: reverse("referrals:members", kwargs={"slug": w.sender_org.slug}),
        {SENDER_ADMIN},
        {SENDER_ADMIN},
        "post",
        data=lambda w: {"username": w.spare_username, "role": "social_worker"},
        effect=lambda w: Membership.objects.filter(user__username=w.spare_username).exists(),
    ),
]

CASES = [(endpoint, principal) for endpoint in ENDPOINTS for principal in PRINCIPALS]


def _request(client, world, endpoint, url):
    if endpoint.method == "post":
        return client.post(url, endpoint.data(world))
    return client.get(url)


@pytest.mark.django_db
@pytest.mark.parametrize("endpoint,principal", CASES, ids=[f"{e.name}-{p}" for e, p in CASES])
def test_permission_matrix(client, world, endpoint, principal):
    if principal != "anonymous":
        client.force_login(world.users[principal])
    url = endpoint.url(world)
    response = _request(client, world, endpoint, url)
    happened = endpoint.effect(world) if endpoint.effect else None

    if principal == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
        assert not happened
    elif principal not in endpoint.sees:
        assert response.status_code == 404, response.status_code
        assert not happened
    elif principal in endpoint.may:
        if endpoint.method == "post":
            assert response.status_code == 302, response.content.decode()[:3000]
            assert happened, "the action was allowed but had no effect"
        else:
            assert response.status_code == 200
    else:
        # Sees the case, but this step is not theirs: refused, nothing changes.
        assert response.status_code in (302, 403)
        assert not happened


MISSING = [e for e in ENDPOINTS if e.missing]


@pytest.mark.django_db
@pytest.mark.parametrize("endpoint", MISSING, ids=[e.name for e in MISSING])
@pytest.mark.parametrize("principal", PRINCIPALS)
def test_missing_ids_answer_like_hidden_ones(client, world, endpoint, principal):
    """Nobody can tell a hidden record from a missing one: anonymous gets the same login
    redirect, everyone else 404."""
    if principal != "anonymous":
        client.force_login(world.users[principal])
    response = _request(client, world, endpoint, endpoint.missing(world))
    if principal == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    else:
        assert response.status_code == 404
