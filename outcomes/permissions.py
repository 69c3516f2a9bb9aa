"""Who may see the outcome figures and publish the barriers report."""

from core.access import is_secretariat
from partners.models import Membership
from partners.selectors import active_memberships, user_is_coalition_member, user_organisation_ids

# The roles that evaluate the programmes: the figures are protected aggregates, but a
# social worker or an editor has no need of them.
OUTCOME_ROLES = (Membership.Role.ORG_ADMIN, Membership.Role.CASE_REVIEWER)


def can_view_outcomes(user) -> bool:
    """The secretariat, and organisation administrators and case-review group members of
    member organisations."""
    # The memberships are cached on the user for the request; the secretariat check is a
    # query, asked only when they do not already answer (the menu asks on every page).
    if any(m.organisation.is_member and m.role in OUTCOME_ROLES for m in active_memberships(user)):
        return True
    return is_secretariat(user)


def can_view_barriers(user) -> bool:
    """Those who see the outcome figures: why referrals were declined is evaluation work,
    and the page shows the counts before the small-cell rule (the published item hides
    them), so editors and social workers have no need of it."""
    return can_view_outcomes(user)


def can_publish_barriers(user) -> bool:
    """The secretariat drafts the barriers report as a knowledge item for moderation."""
    return is_secretariat(user)


def can_view_project_report(user) -> bool:
    """The members' indicator reports are aggregates, like the dashboard."""
    return user_is_coalition_member(user)


def can_record_indicator_values(user, project) -> bool:
    """The project's own people enter its values: administrators and editors of the lead
    and partner organisations, and the secretariat."""
    if is_secretariat(user):
        return True
    organisations = {o.pk for o in project.partner_organisations.all()}
    if project.lead_organisation_id:
        organisations.add(project.lead_organisation_id)
    managing = user_organisation_ids(user, Membership.Role.ORG_ADMIN, Membership.Role.EDITOR)
    return bool(organisations & managing)
