from html import escape  # django.utils.html.escape without the lazy wrapper: same output

from django import template
from django.utils import formats
from django.utils.safestring import mark_safe
from django.utils.timezone import localtime
from django.utils.translation import gettext

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


def _reference(value) -> str:
    # core.templatetags.czech.reference, written out
    return f'<span class="reference">{escape(value)}</span>' if value else ""


@register.simple_tag
def referral_rows(rows) -> str:
    """The <tr> of each row of a referral list (selectors.ReferralRow), written in Python:
    the same HTML the table's template loop wrote (tests/referrals/test_list_rows.py
    compares them), for a fraction of its time (docs/decisions/0004)."""
    label = {
        key: escape(gettext(msgid))
        for key, msgid in (
            ("referral", "Referral"),
            ("client", "Client"),
            ("programme", "Programme"),
            ("from", "From"),
            ("status", "Status"),
            ("urgency", "Urgency"),
            ("due", "Answer due"),
        )
    }
    transfer = f' <span class="badge">{escape(gettext("transfer"))}</span>'
    flagged = f' <span class="badge badge-flag">{escape(gettext("flagged"))}</span>'
    overdue = f' <span class="badge badge-overdue">{escape(gettext("overdue"))}</span>'
    html = []
    for row in rows:
        urgency = escape(row.urgency_label)
        if row.urgency != "normal":
            urgency = f'<span class="urgency-{escape(row.urgency)}">{urgency}</span>'
        if row.answer_due_at:
            due = escape(formats.date_format(localtime(row.answer_due_at), "SHORT_DATE_FORMAT"))
            due += overdue if row.is_overdue else ""
        else:
            due = "–"
        html.append(
            "\n        <tr>\n"
            f'          <td data-label="{label["referral"]}"><a href="{escape(row.url)}">'
            f"{_reference(row.reference)}</a>"
            f"{transfer if row.is_transfer else ''}{flagged if row.has_open_flags else ''}</td>\n"
            f'          <td data-label="{label["client"]}">'
            f"{_reference(row.client_reference)}</td>\n"
            f'          <td data-label="{label["programme"]}">{escape(row.programme_name)}<br>'
            f'<span class="muted">{escape(row.programme_organisation)}</span></td>\n'
            f'          <td data-label="{label["from"]}">{escape(row.sender_organisation)}</td>\n'
            f'          <td data-label="{label["status"]}"><span class="status-pill '
            f'status-{escape(row.status)}">{escape(row.status_label)}</span></td>\n'
            f'          <td data-label="{label["urgency"]}">{urgency}</td>\n'
            f'          <td data-label="{label["due"]}">{due}</td>\n'
            "        </tr>"
        )
    return mark_safe("".join(html))  # noqa: S308 - every value above is escaped
