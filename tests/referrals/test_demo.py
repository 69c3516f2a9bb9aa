"""`load_demo_referrals` on top of load_demo's organisations, programmes and accounts."""

from io import StringIO

import pytest
from django.core.management import call_command

from referrals import permissions
from referrals.models import Client, Referral

pytestmark = pytest.mark.django_db


def run() -> str:
    out = StringIO()
    call_command("load_demo_referrals", stdout=out)
    return out.getvalue()


def test_without_load_demo_every_case_is_skipped_with_a_message():
    output = run()
    assert output.count("skipped") == 8
    assert "run load_demo first" in output
    assert not Referral.objects.exists()


@pytest.fixture
def demo_partners(site_tree):
    from cms.demo.organisations import organisations_ensure
    from cms.demo.programmes import programmes_ensure
    from cms.demo.report import LoadReport
    from cms.demo.users import users_ensure
    from tests.partners.factories import OrganisationFactory

    report = LoadReport()
    organisations = organisations_ensure(report)
    programmes_ensure(organisations, report)
    # The debt-counselling service the demo refers to (an agency, not a member).
    organisations["dluhova-poradna-prerov"] = OrganisationFactory(
        slug="dluhova-poradna-prerov", name="Dluhová poradna Přerov, z. ú.", is_member=False
    )
    users_ensure(organisations, site_tree.secretariat_group, report)
    return organisations


def test_demo_referrals_are_realistic_and_idempotent(demo_partners):
    from django.contrib.auth import get_user_model

    first = run()
    assert "skipped" not in first, first
    counts = (Client.objects.count(), Referral.objects.count())
    assert counts == (8, 10)
    assert "kept (exists)" in run()
    assert (Client.objects.count(), Referral.objects.count()) == counts

    statuses = dict(Referral.objects.values_list("programme__slug", "status").order_by("pk"))
    assert statuses["byty-mna"] == "placed"
    assert Referral.objects.filter(status="declined").exclude(status_note="").exists()
    transfers = Referral.objects.filter(kind="transfer")
    assert {t.direction for t in transfers} == {"up", "down"}
    assert all(t.previous.status == "closed" and t.previous.is_archived for t in transfers)

    users = get_user_model().objects
    mna_reviewer = users.get(username="mna-komise")
    prague = Referral.objects.get(programme__slug="byty-mna")
    assert permissions.can_view_referral(users.get(username="azyl-socialni"), prague)
    assert permissions.can_view_referral(mna_reviewer, prague)
    assert not permissions.can_view_referral(users.get(username="prerov-socialni"), prague)
    # The timeline reaches into the past.
    assert prague.history.earliest("history_date").history_date < prague.updated_at
