"""The endpoints of the permission matrix (test_permission_matrix.py): every referral,
client, attachment, consent and history URL and every POST action, with who sees it and
who may use it (the policy in tests/referrals/permission_world.py), what a POST should
change, and the same URL with an id that does not exist."""

import datetime
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from partners.models import Membership, ReasonCode
from referrals.models import Attachment, CaseFlag, Client, Consent, PlanGoal, Referral, Stay, Visit
from tests.referrals.factories import PDF_BYTES
from tests.referrals.permission_world import (
    CASE_PARTIES,
    CLIENT_READERS,
    CLIENT_WRITERS,
    CONSENT_KEEPERS,
    DECIDERS,
    RECEIVER_SW,
    RECEIVING_WORKERS,
    SENDER_ADMIN,
    SENDER_SW,
    SENDING_SIDE,
    TODAY,
)


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
        data=lambda w: {
            "reason": "Kapacita.",
            "reason_code": ReasonCode.objects.get(code_list="decline", code="capacity").pk,
            "meeting_date": TODAY,
        },
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
        data=lambda w: {
            "outcome": "dropped_out",
            "end_code": ReasonCode.objects.get(code_list="early_end", code="moved_away").pk,
            "closed_on": TODAY + datetime.timedelta(days=10),
        },
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
        data=lambda w: {
            "lease_end": TODAY + datetime.timedelta(days=365),
            "decided_on": TODAY,
            "resolution": "RM 12/3/2026",
        },
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
