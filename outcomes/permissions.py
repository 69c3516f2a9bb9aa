"""Who may see the outcome figures and publish the barriers report."""

from knowledge.workspaces import SECRETARIAT_GROUP
from partners.selectors import user_is_coalition_member


def can_view_outcomes(user) -> bool:
    """Any active member of a coalition organisation: the figures are aggregates."""
    return user_is_coalition_member(user)


def can_publish_barriers(user) -> bool:
    """The secretariat drafts the barriers report as a knowledge item for moderation."""
    if not (user and user.is_authenticated):
        return False
    return user.is_superuser or user.groups.filter(name=SECRETARIAT_GROUP).exists()
