"""The methodologies box of the referral page is cached under the page cache's content
version (core.cache.content_cached): exact after every change of the library."""

import pytest
from django.core.cache import cache

from tests.knowledge.factories import make_item

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]


def test_the_referral_pages_methodologies_come_from_the_cache_until_the_library_changes(
    client, case, orgs
):
    """The methodologies box on a referral page is computed once per stage and reader
    kind; publishing a new methodology for the stage shows on the next page."""
    from referrals.workflow import Status

    section = orgs.third.organisation.library_section
    stage = case.programme.stage
    first = make_item(section, title="Metodika tréninkového bydlení", slug="m1")
    first.stages.set([stage])
    first.save_revision().publish()
    referral = case.make(Status.SUBMITTED)
    client.force_login(case.reviewer)
    url = f"/predavani/{referral.public_id}/"
    assert "Metodika tréninkového bydlení" in client.get(url).content.decode()
    stored = [cache.get(f"pagecache:value:methodologies:{stage.pk}:{m}") for m in (0, 1)]
    assert [link.pk for link in [e for e in stored if e is not None][0][1]] == [first.pk]

    second = make_item(section, title="Vzor smlouvy o podpoře", slug="m2", kind="template")
    second.stages.set([stage])
    second.save_revision().publish()
    page = client.get(url).content.decode()
    assert "Metodika tréninkového bydlení" in page and "Vzor smlouvy o podpoře" in page

    first.unpublish()
    page = client.get(url).content.decode()
    assert "Metodika tréninkového bydlení" not in page and "Vzor smlouvy o podpoře" in page
