"""Data-protection reads: a client looked up for a request with what the user may do with
it, the log of exports and erasures, and the numbers of the record of processing
activities."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from partners.models import Membership, Organisation
from partners.selectors import active_memberships

from .. import permissions
from ..models import Client, ClientAccessLog, Consent, DataProtectionEvent, Referral


@dataclass
class DataProtectionAccess:
    client: Client
    export_organisations: list[Organisation]
    can_erase: bool


def client_for_data_protection(user, reference: str) -> DataProtectionAccess | None:
    """The client and what the user may do with it here; None (a 404) when nothing."""
    client = (
        Client.objects.select_related("responsible_organisation", "key_worker")
        .filter(reference=reference)
        .first()
    )
    if client is None:
        return None
    access = DataProtectionAccess(
        client=client,
        export_organisations=permissions.export_organisations_for(user, client),
        can_erase=permissions.can_erase(user, client),
    )
    if not access.export_organisations and not access.can_erase:
        return None
    return access


def events_for(user):
    """The data-protection events of the organisations the user handles requests for."""
    organisation_ids = {
        m.organisation_id
        for m in active_memberships(user)
        if m.role in (Membership.Role.ORG_ADMIN, Membership.Role.CASE_REVIEWER)
    }
    return DataProtectionEvent.objects.filter(organisation_id__in=organisation_ids).select_related(
        "organisation", "actor"
    )


def processing_record_numbers(now: datetime.datetime | None = None) -> dict:
    """Live counts for the record of processing activities; no personal data."""
    now = now or timezone.now()
    year_ago = now - datetime.timedelta(days=365)
    recent = DataProtectionEvent.objects.filter(created_at__gte=year_ago)
    today = timezone.localdate()
    active_consents = Consent.objects.filter(
        withdrawn_at__isnull=True, valid_from__lte=today
    ).filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
    return {
        "clients": Client.objects.filter(anonymised_at__isnull=True).count(),
        "anonymised": Client.objects.filter(anonymised_at__isnull=False).count(),
        "consents": Consent.objects.count(),
        "active_consents": active_consents.count(),
        "referrals": Referral.objects.count(),
        "organisations": Organisation.objects.filter(
            Q(referral_clients__isnull=False) | Q(referral_consents__isnull=False)
        )
        .distinct()
        .count(),
        "exports": recent.filter(kind=DataProtectionEvent.Kind.EXPORT).count(),
        "erasures": recent.filter(kind=DataProtectionEvent.Kind.ERASURE).count(),
        "access_log": ClientAccessLog.objects.filter(accessed_at__gte=year_ago).count(),
    }


def processing_record_settings() -> dict:
    """The retention periods and measures as configured, read from the settings."""
    days = settings.REFERRALS_RETENTION_DAYS
    return {
        "retention_days": days,
        "retention_years": round(days / 365, 1),
        "session_hours": round(settings.SESSION_COOKIE_AGE / 3600, 1),
        "require_2fa": settings.PORTAL_REQUIRE_2FA,
        "axes_failure_limit": settings.AXES_FAILURE_LIMIT,
        "attachment_max_mb": round(settings.REFERRALS_ATTACHMENT_MAX_SIZE / 1024 / 1024, 1),
    }
