"""Flats: recorded and changed by the housing officer of the owner."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from core.history import save_with_history

from .. import permissions
from ..errors import NotPermitted, WrongState
from ..models import Flat

# --- Flats ------------------------------------------------------------------------------

FLAT_FIELDS = (
    "address",
    "district",
    "programme",
    "stage",
    "places",
    "rooms",
    "size_m2",
    "max_occupants",
    "rent",
    "deposit",
    "deposit_note",
    "is_accessible",
    "distance_to_school_m",
    "distance_to_kindergarten_m",
    "support_provider",
    "free_from",
)


@transaction.atomic
def flat_create(*, user, owner, **data) -> Flat:
    if not permissions.is_housing_officer(user, owner.pk):
        raise NotPermitted()
    flat = Flat(owner=owner, **{k: v for k, v in data.items() if k in FLAT_FIELDS})
    flat.full_clean()
    save_with_history(flat, user=user, reason="allocation.flat_created")
    return flat


@transaction.atomic
def flat_update(*, flat: Flat, user, state: str | None = None, **data) -> Flat:
    flat = Flat.objects.select_for_update().get(pk=flat.pk)
    if not permissions.can_manage_flat(user, flat):
        raise NotPermitted()
    for key, value in data.items():
        if key in FLAT_FIELDS:
            setattr(flat, key, value)
    if state is not None and state != flat.state:
        by_hand = {Flat.State.VACANT, Flat.State.UNDER_REPAIR}
        if state not in by_hand or flat.state not in by_hand:
            raise WrongState(_("An offered or let flat changes its state through the offer."))
        flat.state = state
    flat.full_clean()
    save_with_history(flat, user=user, reason="allocation.flat_updated")
    return flat
