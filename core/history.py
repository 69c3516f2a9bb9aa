"""The audit history every app keeps with django-simple-history: a save that records who
did it and why, and the rows a history panel shows."""

from django.db import models
from django.utils.translation import gettext_lazy as _


def save_with_history(instance: models.Model, *, user, reason: str, **kwargs) -> None:
    """Save and let django-simple-history record who did it and why. `reason` is a key of
    the owning app's table of change reasons, translated when the history is shown."""
    instance._history_user = user
    instance._change_reason = reason
    try:
        instance.save(**kwargs)
    finally:
        del instance._history_user
        del instance._change_reason


def actor_label(user, *, nobody: str = "") -> str:
    """The name a history panel shows for who made a change."""
    if user is None:
        return nobody
    return user.get_full_name() or user.username


def reason_label(reasons: dict, key: str | None) -> str:
    """The translated label of a recorded change reason; "Changed" for an unknown one."""
    if not key:
        return _("Changed")
    return reasons.get(key, _("Changed"))


def history_rows(records, reasons: dict, limit: int = 30) -> list[dict]:
    """The newest history rows of `records` (a simple-history queryset) as who / when / what."""
    rows = []
    for record in records.select_related("history_user").order_by("-history_date")[:limit]:
        rows.append(
            {
                "when": record.history_date,
                "who": actor_label(record.history_user),
                "what": reason_label(reasons, record.history_change_reason),
            }
        )
    return rows
