"""The small forms of the referral page (issue 17, point 5): a refusal is shown beside the
form it came from and in the page's error summary, with what was typed kept, not as a
notice after a jump; and the page's forms never share an HTML id."""

import datetime
import re
from collections import Counter
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from referrals.models import PlanGoal, Stay, Visit
from tests.referrals.conftest import S
from tests.referrals.dataprotection_helpers import with_stay_content
from tests.referrals.finance_helpers import account

pytestmark = pytest.mark.django_db


class _Ids(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids = Counter()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name == "id" and value:
                self.ids[value] += 1


def duplicate_ids(html: str) -> list[str]:
    parser = _Ids()
    parser.feed(html)
    return sorted(name for name, count in parser.ids.items() if count > 1)


@pytest.fixture
def placed(case):
    referral = with_stay_content(case, case.make(S.PLACED))
    account(Stay.objects.get(referral=referral), case.receiver_worker)
    return referral


def _summary(html: str) -> str:
    return re.search(r'<div class="error-summary".*?</div>', html, re.S)[0]


def _url(name, referral, **kwargs):
    return reverse(f"referrals:{name}", kwargs={"public_id": referral.public_id, **kwargs})


def test_the_referral_page_has_no_duplicate_ids(client, case, placed):
    client.force_login(case.receiver_worker)
    html = client.get(placed.get_absolute_url()).content.decode()
    # the forms that used to write the same ids are all on the page
    for field in ("id_attachment-description", "id_visit-note", "id_flag-reason"):
        assert f'id="{field}"' in html, field
    for field in ("id_payment-amount", "id_lease-note", "id_goal-text", "id_breach-description"):
        assert f'id="{field}"' in html, field
    assert duplicate_ids(html) == []


def test_a_refused_visit_is_shown_beside_its_form_without_a_redirect(client, case, placed):
    client.force_login(case.receiver_worker)
    future = (datetime.date.today() + datetime.timedelta(days=3)).isoformat()
    response = client.post(
        _url("stay_visit", placed), {"visited_on": future, "note": "Plánovaná návštěva"}
    )
    assert response.status_code == 200  # the same page, not a notice after a jump
    html = response.content.decode()
    assert "<title>Chyba: " in html
    assert '<a href="#id_visit-visited_on">' in _summary(html)
    visit_form = html[html.index(f'action="{_url("stay_visit", placed)}"') :]
    assert "Datum nemůže být v budoucnosti" in visit_form[: visit_form.index("</form>")]
    assert "Plánovaná návštěva" in visit_form  # what was typed is kept
    assert not [m for m in response.context["messages"] if m.level_tag == "error"]
    assert Visit.objects.filter(stay__referral=placed).count() == 1  # only the earlier one
    assert duplicate_ids(html) == []


def test_a_refused_payment_opens_its_section_with_the_error(client, case, placed):
    client.force_login(case.receiver_worker)
    response = client.post(
        _url("payment_add", placed),
        {"paid_on": datetime.date.today().isoformat(), "amount": "-50", "payer": "client"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert '<a href="#id_payment-amount">' in _summary(html)
    assert 'value="-50"' in html


def test_a_service_refusal_of_a_small_form_is_a_form_error(client, case, placed):
    """A domain error (here: a lease renewal the programme's rules refuse) is a non-field
    error of the form, on the same page."""
    client.force_login(case.receiver_worker)
    stay = Stay.objects.get(referral=placed)
    earlier = (stay.lease_end - datetime.timedelta(days=10)).isoformat()
    response = client.post(
        _url("stay_lease", placed),
        {"lease_end": earlier, "decided_on": datetime.date.today().isoformat(), "note": "X"},
    )
    assert response.status_code == 200
    assert response.context["lease_form"].errors
    assert "error-summary" in response.content.decode()
    stay.refresh_from_db()
    assert stay.lease_end.isoformat() != earlier


def test_a_refused_goal_update_is_shown_at_that_goal(client, case, placed):
    goal = PlanGoal.objects.get(stay__referral=placed)
    client.force_login(case.receiver_worker)
    response = client.post(
        _url("stay_goal_update", placed, goal_id=goal.pk), {"status": "nonsense", "progress": ""}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<a href="#goal-status-{goal.pk}">' in _summary(html)
    form = html[html.index(f'action="{_url("stay_goal_update", placed, goal_id=goal.pk)}"') :]
    assert 'class="form-errors"' in form[: form.index("</form>")]
    goal.refresh_from_db()
    assert goal.status != "nonsense"


def test_a_valid_small_form_still_saves_and_goes_back(client, case, placed):
    client.force_login(case.receiver_worker)
    response = client.post(
        _url("stay_visit", placed),
        {"visited_on": datetime.date.today().isoformat(), "note": "Druhá návštěva"},
    )
    assert response.status_code == 302
    assert Visit.objects.filter(stay__referral=placed, note="Druhá návštěva").exists()
