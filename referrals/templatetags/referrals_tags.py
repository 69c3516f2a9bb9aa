from django import template

from core.templatetags.czech import czk
from partners.models import Membership
from partners.selectors import active_memberships

from .. import workflow
from ..selectors import unread_notifications_count

register = template.Library()


@register.inclusion_tag("referrals/_nav.html", takes_context=True)
def referrals_nav(context, active: str = ""):
    user = context["request"].user
    roles = {m.role for m in active_memberships(user)}
    return {
        "active": active,
        "is_reviewer": Membership.Role.CASE_REVIEWER in roles,
        "is_admin": Membership.Role.ORG_ADMIN in roles,
        "unread": unread_notifications_count(user),
    }


@register.filter
def status_label(value: str) -> str:
    try:
        return workflow.STATUS_LABELS[workflow.Status(value)]
    except ValueError:
        return value


@register.filter
def action_label(value: str) -> str:
    try:
        return workflow.ACTION_LABELS[workflow.Action(value)]
    except ValueError:
        return value


# One writing of amounts for every app; the referral templates load it with their tags.
register.filter("czk", czk)


@register.filter
def month_label(value) -> str:
    """A month as 3/2026."""
    return f"{value.month}/{value.year}" if value else "–"
