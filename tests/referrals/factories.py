"""Factories of casework that goes through the referral services, the way users make it:
a client is recorded by a social worker of the responsible organisation (reference code,
history, object permissions), a consent is granted with a signed form, and a referral is
created, then submitted, reviewed, decided, placed or closed by members of the right
organisation. An organisation without a member in the role a step needs gets one
(`member`), so any programme made by tests.partners.factories can receive referrals.

Past casework with fixed dates (statistics) is in tests/outcomes/factories.py."""

import datetime

import factory
from django.core.files.uploadedfile import SimpleUploadedFile

from partners.models import Membership, ReasonCode
from referrals import selectors, services, workflow
from referrals.conditions import Verdict, evaluate
from referrals.models import Client, Consent, Referral, Stay
from tests.partners.factories import MembershipFactory, OrganisationFactory, ProgrammeFactory

S = workflow.Status
SOCIAL_WORKER = Membership.Role.SOCIAL_WORKER
CASE_REVIEWER = Membership.Role.CASE_REVIEWER

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf_upload(name="zprava.pdf", content=PDF_BYTES):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def member(organisation, role: str = SOCIAL_WORKER):
    """The organisation's first active member in `role`; a new one if it has none."""
    membership = (
        organisation.memberships.filter(role=role, is_active=True, user__is_active=True)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    if membership is None:
        membership = MembershipFactory(organisation=organisation, role=role)
    return membership.user


def answers_all_yes(programme) -> dict:
    return {c.pk: {"answer": "yes", "note": ""} for c in programme.intake_criteria.all()}


def answers_as_the_record_says(programme, client) -> dict:
    """The worker answers "met" everywhere except where the client record shows a
    condition as not met (as a worker reading the form would)."""
    facts = selectors.client_facts([client.pk])[client.pk]
    today = datetime.date.today()
    return {
        c.pk: {
            "answer": "no" if evaluate(c, facts, today).verdict == Verdict.NOT_MET else "yes",
            "note": "",
        }
        for c in programme.intake_criteria.select_related("service")
    }


def yesterday() -> datetime.date:
    return datetime.date.today() - datetime.timedelta(days=1)


class ClientFactory(factory.django.DjangoModelFactory):
    """A client recorded through services.client_create. Any other keyword is a field of
    the record (Client.CATEGORY_FIELDS); `household` is a list of members' dicts."""

    class Meta:
        model = Client

    responsible_organisation = factory.SubFactory(OrganisationFactory)
    recorded_by = factory.LazyAttribute(lambda o: member(o.responsible_organisation))
    key_worker = None  # the recording social worker
    first_name = "Klientka"
    last_name = factory.Sequence(lambda n: f"Číslo{n}")
    household = factory.LazyAttribute(lambda o: [{"relation": "head", "first_name": o.first_name}])
    target_groups = None

    @classmethod
    def _create(cls, model_class, *, responsible_organisation, recorded_by, **kwargs):
        key_worker = kwargs.pop("key_worker")
        household = kwargs.pop("household")
        target_groups = kwargs.pop("target_groups")
        fields = {f for names in Client.CATEGORY_FIELDS.values() for f in names}
        unknown = set(kwargs) - fields
        assert not unknown, f"not fields of a client record: {sorted(unknown)}"
        return services.client_create(
            user=recorded_by,
            organisation=responsible_organisation,
            key_worker=key_worker,
            data=kwargs,
            household=household,
            target_groups=target_groups,
        )


class ConsentFactory(factory.django.DjangoModelFactory):
    """A consent granted through services.consent_grant, valid since yesterday, with a
    signed form; by default to share identity, household and finances for an assessment."""

    class Meta:
        model = Consent

    client = factory.SubFactory(ClientFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    recorded_by = factory.LazyAttribute(lambda o: member(o.client.responsible_organisation))
    purpose = Consent.Purpose.ASSESSMENT
    categories = ("identity", "household", "finances")
    valid_from = factory.LazyFunction(yesterday)
    valid_until = None
    signed_form = factory.LazyFunction(lambda: pdf_upload("souhlas.pdf"))

    @classmethod
    def _create(cls, model_class, *, recorded_by, **kwargs):
        return services.consent_grant(user=recorded_by, **kwargs)


def has_assessment_consent(client, organisation) -> bool:
    if organisation.pk == client.responsible_organisation_id:
        return True  # within one organisation no consent is needed
    consents = client.consents.filter(organisation=organisation, purpose=Consent.Purpose.ASSESSMENT)
    return any(c.is_active for c in consents)


# The steps that bring a new draft to each status.
PATHS = {
    S.DRAFT: [],
    S.SUBMITTED: ["submit"],
    S.UNDER_REVIEW: ["submit", "start_review"],
    S.INFO_REQUESTED: ["submit", "request_info"],
    S.ACCEPTED: ["submit", "accept"],
    S.DECLINED: ["submit", "decline"],
    S.WITHDRAWN: ["withdraw"],
    S.PLACED: ["submit", "accept", "place"],
    S.CLOSED: ["submit", "accept", "place", "close"],
}


def advance(referral: Referral, step: str, *, sender) -> Referral:
    """One step of PATHS, taken by the member of the organisation whose step it is."""
    receiver = referral.programme.organisation
    today = datetime.date.today()
    if step == "submit":
        return services.referral_submit(referral=referral, user=sender)
    if step == "withdraw":
        return services.referral_withdraw(referral=referral, user=sender)
    if step in ("start_review", "request_info", "accept", "decline"):
        reviewer = member(receiver, CASE_REVIEWER)
        if step == "start_review":
            return services.referral_start_review(referral=referral, user=reviewer)
        if step == "request_info":
            return services.referral_request_info(
                referral=referral, user=reviewer, reason="Doložte splátkový kalendář."
            )
        if step == "accept":
            return services.referral_accept(referral=referral, user=reviewer)
        return services.referral_decline(
            referral=referral,
            user=reviewer,
            reason="Nesplňuje podmínku bezdlužnosti.",
            reason_code=ReasonCode.objects.get(code_list="decline", code="debts"),
        )
    worker = member(receiver, SOCIAL_WORKER)
    if step == "place":
        return services.referral_place(
            referral=referral,
            user=worker,
            lease_start=today,
            lease_end=today + datetime.timedelta(days=180),
        )
    assert step == "close", step
    return services.referral_close(referral=referral, user=worker, outcome="successful_exit")


class ReferralFactory(factory.django.DjangoModelFactory):
    """A referral created by a social worker of the client's organisation and brought to
    `status` by the services. Before it is submitted the receiving organisation gets an
    assessment consent if the client has none (`grant_consent=False` leaves that to the
    test: submitting without one is refused)."""

    class Meta:
        model = Referral

    client = factory.SubFactory(ClientFactory)
    programme = factory.SubFactory(ProgrammeFactory)
    sender = factory.LazyAttribute(lambda o: member(o.client.responsible_organisation))
    status = S.DRAFT
    reason = "Rodina v azylovém domě, připravená na samostatné bydlení."
    urgency = "soon"
    answers = factory.LazyAttribute(lambda o: answers_as_the_record_says(o.programme, o.client))
    grant_consent = True

    @classmethod
    def _create(cls, model_class, *, client, programme, sender, status, grant_consent, **kwargs):
        steps = PATHS[S(status)]
        receiver = programme.organisation
        submitted = steps[:1] == ["submit"]
        if grant_consent and submitted and not has_assessment_consent(client, receiver):
            ConsentFactory(client=client, organisation=receiver, recorded_by=sender)
        referral = services.referral_create(
            user=sender, client=client, programme=programme, **kwargs
        )
        for step in steps:
            referral = advance(referral, step, sender=sender)
        assert referral.status == status
        return Referral.objects.get(pk=referral.pk)


class StayFactory(factory.django.DjangoModelFactory):
    """A stay begun by the receiving social worker's PLACE step on an accepted referral."""

    class Meta:
        model = Stay

    referral = factory.SubFactory(ReferralFactory, status=S.ACCEPTED)
    lease_start = factory.LazyFunction(datetime.date.today)
    lease_end = factory.LazyAttribute(lambda o: o.lease_start + datetime.timedelta(days=180))
    moved_in_on = None
    support_worker = None

    @classmethod
    def _create(cls, model_class, *, referral, **kwargs):
        worker = member(referral.programme.organisation, SOCIAL_WORKER)
        services.referral_place(referral=referral, user=worker, **kwargs)
        return Stay.objects.get(referral=referral)
