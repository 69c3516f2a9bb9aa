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
    assert output.count("skipped") == 11
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
    # 8 clients with 10 referrals, and the rules' cases: Přerov's lease, 15 Kadaň
    # households and 5 referrals waiting for a decision.
    assert counts == (29, 31)
    assert "kept (exists)" in run()
    assert (Client.objects.count(), Referral.objects.count()) == counts

    prague = Referral.objects.get(programme__slug="byty-mna", client__last_name="Kovářová")
    assert prague.status == "placed"
    assert Referral.objects.filter(status="declined").exclude(status_note="").exists()
    transfers = Referral.objects.filter(kind="transfer")
    assert {t.direction for t in transfers} == {"up", "down"}
    assert all(t.previous.status == "closed" and t.previous.is_archived for t in transfers)

    users = get_user_model().objects
    mna_reviewer = users.get(username="mna-komise")
    assert permissions.can_view_referral(users.get(username="azyl-socialni"), prague)
    assert permissions.can_view_referral(mna_reviewer, prague)
    assert not permissions.can_view_referral(users.get(username="prerov-socialni"), prague)
    # The timeline reaches into the past.
    assert prague.history.earliest("history_date").history_date < prague.updated_at


def test_demo_shows_the_programmes_rules(demo_partners):
    import datetime

    from django.contrib.auth import get_user_model

    from core.dates import add_months
    from outcomes.measures import GroupBy, outcome_table
    from partners.models import Membership
    from referrals.models import Stay

    output = run()
    # Přerov: the year-long lease was refused with the rule, then six months recorded.
    assert "nejvýše na 6 měsíců" in output
    stay = Stay.objects.get(referral__client__last_name="Pokorný")
    assert stay.lease_end == add_months(stay.lease_start, 6) - datetime.timedelta(days=1)
    # Every demo case-review group has a referral waiting for its decision.
    reviewers = get_user_model().objects.filter(
        memberships__role=Membership.Role.CASE_REVIEWER, username__endswith="-komise"
    )
    for reviewer in reviewers.exclude(username="poradna-komise"):
        organisation = reviewer.memberships.get(role="case_reviewer").organisation
        assert Referral.objects.filter(
            receiver_organisation=organisation, status__in=["submitted", "under_review"]
        ).exists(), reviewer.username
    # Kadaň's cohorts are old enough for the 24-month figures of both approaches.
    today = datetime.date.today()
    table = outcome_table(
        start=add_months(today, -31), end=today, group_by=GroupBy.PROGRAMME, town="Kadaň"
    )
    rows = {row.label.split(" (")[0]: row for row in table.rows}
    first, ready = rows["Housing First v Kadani"], rows["Vstupní bydlení v Prunéřově"]
    assert (first["cohort_24"], ready["cohort_24"]) == (8, 7)
    assert first["kept_24"] == 8  # seven housed, one successful exit


def test_demo_conditions_are_answered_from_the_client_record(demo_partners):
    from referrals.models import CriterionAnswer, Stay

    run()
    typed = CriterionAnswer.objects.exclude(criterion__kind="free_text")
    verdicts = set(typed.values_list("system_verdict", flat=True))
    assert {"met", "not_met"} <= verdicts  # some met, some not, by the record
    overridden = CriterionAnswer.objects.filter(overridden_at__isnull=False)
    assert overridden.count() == 1
    exception = overridden.get()
    assert exception.override_reason and exception.system_verdict == "not_met"
    history = exception.referral.history.filter(history_change_reason="referral.accept_override")
    assert exception.override_reason in history.get().status_note
    # the declined family disputed the record with a note; the decline carries its code
    declined = Referral.objects.get(status="declined")
    assert declined.decline_code.code == "debts"
    disputed = declined.answers.get(system_verdict="not_met")
    assert disputed.answer == "yes" and disputed.note
    # the move down carries its code; Přerov's leases carry the council's resolution
    down = [t for t in Referral.objects.filter(kind="transfer") if t.direction == "down"]
    assert [t.move_down_code.code for t in down] == ["new_debt"]
    prerov = Stay.objects.filter(programme__organisation__slug="statutarni-mesto-prerov")
    assert prerov.exists()
    assert not prerov.filter(council_resolution_number="").exists()
