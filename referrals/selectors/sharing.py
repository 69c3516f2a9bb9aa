"""What leaves the organisation, read before it does: what a submitted referral shares
with whom, which referrals still wait on a consent, and an open referral of the same client
to the same programme. The confirmation pages show these before the step is taken."""

from dataclasses import dataclass, field

from django.utils import timezone

from .. import workflow
from ..models import Category, Client, Consent, Referral

# A consent these referrals still need: the receiver has not decided yet, or the case runs.
WAITING_ON_CONSENT = (
    workflow.Status.SUBMITTED,
    workflow.Status.UNDER_REVIEW,
    workflow.Status.INFO_REQUESTED,
    workflow.Status.ACCEPTED,
    workflow.Status.PLACED,
)


@dataclass
class SharedByConsent:
    purpose: str
    categories: list[str]


@dataclass
class SharingSummary:
    """What the receiving organisation sees once the referral is submitted."""

    organisation: str
    programme: str
    by_consent: list[SharedByConsent] = field(default_factory=list)
    attachments: int = 0
    same_organisation: bool = False


def sharing_summary(referral: Referral) -> SharingSummary:
    summary = SharingSummary(
        organisation=referral.receiver_organisation.name,
        programme=referral.programme.name,
        attachments=referral.attachments.count(),
        same_organisation=(
            referral.receiver_organisation_id == referral.client.responsible_organisation_id
        ),
    )
    today = timezone.localdate()
    consents = Consent.objects.filter(
        client_id=referral.client_id,
        organisation_id=referral.receiver_organisation_id,
        withdrawn_at__isnull=True,
    ).order_by("purpose", "pk")
    for consent in consents:
        if not consent.is_active_on(today):
            continue
        labels = [Category(c).label for c in Category.values if c in consent.categories]
        summary.by_consent.append(
            SharedByConsent(purpose=consent.get_purpose_display(), categories=labels)
        )
    return summary


def referrals_waiting_on(consent: Consent) -> list[Referral]:
    """The client's referrals to the consent's organisation that still need it."""
    return list(
        Referral.objects.filter(
            client_id=consent.client_id,
            receiver_organisation_id=consent.organisation_id,
            status__in=WAITING_ON_CONSENT,
            archived_at__isnull=True,
        )
        .select_related("programme")
        .order_by("created_at")
    )


def open_referrals_to(client: Client, programme) -> list[Referral]:
    """The client's referrals to this programme that are not over (drafts included)."""
    terminal = [str(status) for status in workflow.TERMINAL]
    return list(
        Referral.objects.filter(client_id=client.pk, programme_id=programme.pk)
        .exclude(status__in=terminal)
        .filter(archived_at__isnull=True)
        .order_by("created_at")
    )
