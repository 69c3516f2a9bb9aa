"""A flat with negative rent or no floor area and an offer whose lease ends before it
starts are refused: by the form with a Czech message, and by the database (issue 17,
point 4)."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from allocation.models import Flat, Offer

pytestmark = pytest.mark.django_db


def _flat_form(alloc, **overrides) -> dict:
    data = {
        "address": "Zkušební 7",
        "district": alloc.districts["jih"].pk,
        "owner": alloc.orgs.receiver.organisation.pk,
        "programme": alloc.programme.pk,
        "stage": alloc.programme.stage_id,
        "places": 1,
        "rooms": 2,
        "size_m2": "48,5",
        "max_occupants": 3,
        "rent": "4200",
        "deposit": "none",
        "support_provider": alloc.orgs.third.organisation.pk,
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("rent", "-4200", "Částka nemůže být záporná."),
        ("size_m2", "-40", "Podlahová plocha musí být větší než nula."),
        ("size_m2", "0", "Podlahová plocha musí být větší než nula."),
    ],
)
def test_flat_with_negative_rent_or_floor_area_is_refused_and_not_recorded(
    client, alloc, field, value, message
):
    client.force_login(alloc.officer)
    response = client.post(reverse("allocation:flat_create"), _flat_form(alloc, **{field: value}))
    assert response.status_code == 200
    assert [str(e) for e in response.context["form"].errors[field]] == [message]
    assert message in response.content.decode()
    assert not Flat.objects.filter(address="Zkušební 7").exists()


def test_editing_a_flat_to_negative_rent_keeps_the_old_rent(client, alloc):
    flat = alloc.flat(rent=5100)
    client.force_login(alloc.officer)
    data = _flat_form(alloc, address=flat.address, rent="-1", state=flat.state)
    response = client.post(reverse("allocation:flat_edit", args=[flat.public_id]), data)
    assert response.status_code == 200
    assert "Částka nemůže být záporná." in response.content.decode()
    flat.refresh_from_db()
    assert flat.rent == 5100


@pytest.mark.parametrize("change", [{"rent": -1}, {"size_m2": 0}, {"size_m2": -12}])
def test_database_refuses_impossible_flat_values(alloc, change):
    flat = alloc.flat()
    with pytest.raises(IntegrityError), transaction.atomic():
        Flat.objects.filter(pk=flat.pk).update(**change)


def test_database_refuses_an_offer_whose_lease_ends_before_it_starts(alloc):
    offer = alloc.offer()
    with pytest.raises(IntegrityError), transaction.atomic():
        Offer.objects.filter(pk=offer.pk).update(
            lease_end=offer.lease_start - datetime.timedelta(days=1)
        )
