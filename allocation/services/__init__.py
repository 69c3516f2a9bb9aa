"""Writes of allocation (keyword-only, atomic, rows locked, permission checked, history
reason recorded). Each raises an AllocationError with a Czech message on refusal."""

from .entries import (
    entries_add_accepted,
    entry_create,
    entry_set_status,
    entry_update_preferences,
    explain_score,
    score_decide,
    score_record,
)
from .flats import FLAT_FIELDS, flat_create, flat_update
from .offers import offer_accept, offer_create, offer_refuse

__all__ = [
    "FLAT_FIELDS",
    "entries_add_accepted",
    "entry_create",
    "entry_set_status",
    "entry_update_preferences",
    "explain_score",
    "flat_create",
    "flat_update",
    "offer_accept",
    "offer_create",
    "offer_refuse",
    "score_decide",
    "score_record",
]
