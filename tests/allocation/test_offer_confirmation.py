"""An offer of a flat says, before it is made, what it shares with the support provider
and what it does not (issue 17, point 6)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_offer_form_states_what_is_shared_and_with_whom(client, alloc):
    entry, flat = alloc.applicant(), alloc.flat()
    client.force_login(alloc.officer)
    page = client.get(
        reverse("allocation:offer_create", args=[flat.public_id, entry.public_id])
    ).content.decode()
    summary = page[page.index('data-testid="share-summary"') :]
    assert "Co nabídka sdílí a s kým" in summary
    assert f"Poskytovatel podpory {flat.support_provider.name} uvidí nabídku" in summary
    assert "neuvidí, kdo je žadatel" in summary
    assert "Potvrdit a nabídnout byt" in page
