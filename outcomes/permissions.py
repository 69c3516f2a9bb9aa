"""Who may see the outcome figures and publish the barriers report."""

from core.access import is_secretariat
from partners.selectors import user_is_coalition_member


def can_view_outcomes(user) -> bool:
    """Any active member of a coalition organisation: the figures are aggregates."""
    return user_is_coalition_member(user)


def can_publish_barriers(user) -> bool:
    """The secretariat drafts the barriers report as a knowledge item for moderation."""
    return is_secretariat(user)
