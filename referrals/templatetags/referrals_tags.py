from decimal import Decimal

from django import template

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


@register.filter
def czk(value) -> str:
    """An amount as Czech accounting writes it: 1 234,50 Kč (1 234 Kč for whole crowns),
    with non-breaking spaces, whatever the interface language."""
    if value is None or value == "":
        return "–"
    amount = Decimal(value).quantize(Decimal("0.01"))
    whole = amount == amount.to_integral_value()
    text = f"{amount:,.0f}" if whole else f"{amount:,.2f}"
    text = text.replace(",", "\u00a0").replace(".", ",")
    return f"{text}\u00a0Kč"


@register.filter
def month_label(value) -> str:
    """A month as 3/2026."""
    return f"{value.month}/{value.year}" if value else "–"
