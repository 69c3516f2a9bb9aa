"""The members' dashboard: who may see it, what the exports hold, and its query cap."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from outcomes.measures import MEASURES
from referrals.models import Stay
from tests.partners.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db

YEAR = {"start": "2025-01-01", "end": "2025-12-31"}


@pytest.fixture
def english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_anonymous_is_sent_to_login(client, dataset):
    response = client.get(reverse("outcomes:dashboard"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]
    response = client.get(reverse("outcomes:export", args=["csv"]))
    assert response.status_code == 302


@pytest.mark.parametrize("url_name", ["dashboard", "barriers"])
def test_user_of_no_organisation_is_refused(client, orgs, dataset, url_name):
    client.force_login(orgs.outsider)
    assert client.get(reverse(f"outcomes:{url_name}")).status_code == 403
    assert client.get(reverse("outcomes:export", args=["xlsx"])).status_code == 403


def test_member_of_non_member_organisation_is_refused(client, orgs, dataset):
    organisation = orgs.third.organisation
    organisation.is_member = False
    organisation.save()
    client.force_login(orgs.third.users["org_admin"])
    assert client.get(reverse("outcomes:dashboard")).status_code == 403


@pytest.mark.parametrize("role", ["case_reviewer", "org_admin"])
def test_members_who_evaluate_programmes_see_the_figures(client, orgs, dataset, role):
    client.force_login(orgs.sender.users[role])
    response = client.get(reverse("outcomes:dashboard"), YEAR)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Housing First – sociální byty" in html
    assert '<th scope="row">' in html and "<caption" in html
    assert "<svg" in html and "<desc" in html
    assert "<script" not in html.split("<article", 1)[1].split("</article>", 1)[0]
    # Client references never appear in the aggregates.
    assert "K-T-" not in html and "R-T-" not in html


@pytest.mark.parametrize("role", ["editor", "social_worker"])
def test_roles_that_do_not_need_the_figures_are_refused(client, orgs, dataset, role):
    client.force_login(orgs.sender.users[role])
    assert client.get(reverse("outcomes:dashboard"), YEAR).status_code == 403
    assert client.get(reverse("outcomes:export", args=["csv"]), YEAR).status_code == 403


def test_the_secretariat_sees_the_figures(client, moderator, dataset):
    client.force_login(moderator)
    assert client.get(reverse("outcomes:dashboard"), YEAR).status_code == 200


def test_deactivated_member_is_refused(client, orgs, dataset):
    user = orgs.sender.users["org_admin"]
    user.memberships.update(is_active=False)
    client.force_login(user)
    assert client.get(reverse("outcomes:dashboard")).status_code == 403


def test_bad_period_shows_a_czech_error_not_a_500(client, orgs, dataset):
    client.force_login(orgs.sender.users["org_admin"])
    response = client.get(
        reverse("outcomes:dashboard"),
        {"start": "2025-12-31", "end": "2025-01-01", "group_by": "nonsense"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    # The figures still come, for the default period.
    assert response.context["table"].group_by == "programme"


COUNT_LABELS = {str(m.label) for m in MEASURES if m.kind == "count"}


def _assert_protected(header, rows):
    """No count below 5 is written; hidden cells say why, as the page does."""
    for row in rows:
        for label, value in zip(header, row, strict=True):
            if label not in COUNT_LABELS or value in ("", None):
                continue
            if value in ("less than 5", "×"):
                continue
            assert int(value) >= 5, f"{row[0]}: {label} = {value}"


def test_csv_export_is_protected_like_the_page(english, client, orgs, dataset):
    dataset.housing_first_cohort()
    client.force_login(orgs.sender.users["org_admin"])
    response = client.get(
        reverse("outcomes:export", args=["csv"]), {**YEAR, "group_by": "approach"}
    )
    assert response["Content-Type"].startswith("text/csv")
    # A Czech Excel: a byte-order mark, semicolons between fields, decimal commas.
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Period", "2025-01-01", "2025-12-31"]
    header = rows[1]
    assert len(header) == len(MEASURES) + 1
    body = {row[0]: dict(zip(header, row, strict=True)) for row in rows[2:]}
    assert set(body) == {
        "Housing First",
        "Housing Ready (staircase)",
        "Other or not stated",
        "Total",
    }
    assert body["Housing First"]["Placements"] == "16"  # 3 + the cohort of 13
    assert body["Housing Ready (staircase)"]["Placements"] == "less than 5"
    _assert_protected(header, rows[2:])
    fractions = [str(m.label) for m in MEASURES if m.kind in ("share", "days")]
    written = [row[name] for row in body.values() for name in fractions if row[name][:1].isdigit()]
    assert written, "a fraction is written"
    assert all("," in value and "." not in value for value in written), written
    page = client.get(reverse("outcomes:dashboard"), {**YEAR, "group_by": "approach"})
    assert page.context["table"].rows[0]["placed"] == 16
    assert "less than 5" in page.content.decode()


def test_xlsx_export_is_protected_like_the_page(english, client, orgs, dataset):
    client.force_login(orgs.sender.users["org_admin"])
    response = client.get(reverse("outcomes:export", args=["xlsx"]), YEAR)
    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    header = rows[1]
    total = dict(zip(header, rows[-1], strict=True))
    assert total[header[0]] == "Total"
    assert total["Placements"] == 6
    assert total["Moves up"] == "less than 5"
    _assert_protected(header, rows[2:])


def test_xlsx_export_writes_the_period_as_date_cells(english, client, orgs, dataset):
    client.force_login(orgs.sender.users["org_admin"])
    response = client.get(reverse("outcomes:export", args=["xlsx"]), YEAR)
    sheet = load_workbook(io.BytesIO(response.content)).active
    label, start, end = (sheet.cell(1, column) for column in (1, 2, 3))
    assert label.value == "Period"
    # Real dates a spreadsheet sorts and counts with (issue 17), not ISO text.
    assert start.is_date and end.is_date
    assert (start.value.date(), end.value.date()) == (
        datetime.date(2025, 1, 1),
        datetime.date(2025, 12, 31),
    )


def test_unknown_export_format_is_404(client, orgs, dataset):
    client.force_login(orgs.sender.users["org_admin"])
    assert client.get("/vysledky/export.pdf").status_code == 404


def _more_data(dataset, orgs, n):
    for i in range(n):
        programme = ProgrammeFactory(
            organisation=orgs.receiver.organisation, slug=f"extra-{n}-{i}", stage=None
        )
        referral = dataset.referral(
            f"x{n}-{i}", programme, submitted="2025-04-01", decided="2025-04-03"
        )
        dataset.stay(f"xs{n}-{i}", referral, moved_in="2025-05-01")


@pytest.mark.parametrize("group_by", ["programme", "stage", "approach"])
def test_dashboard_query_count_is_capped(
    client, orgs, dataset, django_assert_max_num_queries, group_by
):
    client.force_login(orgs.sender.users["org_admin"])
    url = reverse("outcomes:dashboard")
    # Two outcome tables of at most 10 queries each (savepoint, jit, six aggregates, labels),
    # the request's own (session, user, memberships, menus) and the filters' two option
    # lists (towns, target groups); no query per row.
    with django_assert_max_num_queries(29):
        client.get(url, {**YEAR, "group_by": group_by})
    _more_data(dataset, orgs, 12)
    assert Stay.objects.count() > 15
    with django_assert_max_num_queries(29):
        response = client.get(url, {**YEAR, "group_by": group_by})
    assert response.status_code == 200
