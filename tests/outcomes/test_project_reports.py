"""The members' indicator report of a project: the page, the PDF and XLSX files read back
with the right figures, who may see it and who may enter values; and the indicators on the
public project page under the small-cell rule."""

import datetime
import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from cms.models import IndicatorSource, ProjectIndicator
from outcomes import report_files
from outcomes.indicator_services import PeriodOverlaps, indicator_value_record
from outcomes.models import IndicatorValue
from outcomes.public_indicators import _hidden_sources
from tests.outcomes.casework import Builder
from tests.outcomes.test_indicators import HAND_WORKED, programmes  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db
D = datetime.date
Q2 = {"start": "2025-04-01", "end": "2025-06-30"}

INDICATORS = [
    ("6 00 00", "Celkový počet účastníků", "osoby", 20, IndicatorSource.PERSONS_SUPPORTED, True),
    ("6 00 01", "Účastníci starší 15 let", "osoby", 15, IndicatorSource.PERSONS_OVER_15, True),
    ("5 54 01", "Domácnosti v bydlení", "domácnosti", 7, IndicatorSource.HOUSEHOLDS_HOUSED, True),
    ("5 54 02", "Získané byty", "byty", 4, IndicatorSource.FLATS_OBTAINED, True),
    ("6 70 01", "Semináře", "semináře", 6, IndicatorSource.MANUAL, False),
]


@pytest.fixture
def reported(orgs, project, programmes):  # noqa: F811
    project.programmes.set([programmes["housing"], programmes["advice"]])
    project.save_revision().publish()  # the page's relations reach the database on publish
    made = {}
    for order, (code, name, unit, target, source, people) in enumerate(INDICATORS):
        made[source] = ProjectIndicator.objects.create(
            page=project,
            sort_order=order,
            code=code,
            name=name,
            unit=unit,
            target=target,
            source=source,
            counts_people=people,
        )
    builder = Builder(programmes, orgs.receiver.organisation)
    for spec in HAND_WORKED:
        builder.add(spec)
    seminars = made[IndicatorSource.MANUAL]
    IndicatorValue.objects.create(
        indicator=seminars, period_start=D(2025, 1, 1), period_end=D(2025, 3, 31), value=1
    )
    IndicatorValue.objects.create(
        indicator=seminars, period_start=D(2025, 4, 1), period_end=D(2025, 6, 30), value=2
    )
    return made


# Q2 2025 of the hand-worked year (test_indicators): in the period, cumulative, % of target
EXPECTED_Q2 = [
    ["6 00 00", "Celkový počet účastníků", "osoby", 20, 1, 8, 0.4],
    ["6 00 01", "Účastníci starší 15 let", "osoby", 15, 1, 6, 0.4],
    ["5 54 01", "Domácnosti v bydlení", "domácnosti", 7, 0, 2, 0.286],
    ["5 54 02", "Získané byty", "byty", 4, 0, 1, 0.25],
    ["6 70 01", "Semináře", "semináře", 6, 2, 3, 0.5],
]


def member(orgs, role="social_worker"):
    return orgs.third.users[role]


def url(project, name="project_indicators", *args):
    return reverse(f"outcomes:{name}", args=[project.pk, *args])


def test_xlsx_report_reads_back_with_the_figures(client, orgs, project, reported):
    client.force_login(member(orgs))
    response = client.get(url(project, "project_report_file", "xlsx"), Q2)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    header = next(i for i, row in enumerate(rows) if row[0] in ("Kód indikátoru", "Indicator code"))
    body = [row for row in rows[header + 1 :] if row[0]]
    assert [row[:6] for row in body] == [row[:6] for row in EXPECTED_Q2]
    assert [round(row[6], 3) for row in body] == [row[6] for row in EXPECTED_Q2]
    assert any(project.title in str(cell) for row in rows[:header] for cell in row)
    # The period as two real date cells (issue 17), not a text a spreadsheet cannot sort.
    period = next(
        row for row in rows[:header] if row[0] in ("Sledované období", "Reporting period")
    )
    assert period[1:3] == [datetime.datetime(2025, 4, 1), datetime.datetime(2025, 6, 30)]
    assert sheet.cell(rows.index(period) + 1, 2).is_date


def test_pdf_report_reads_back_with_the_figures(client, orgs, project, reported):
    client.force_login(member(orgs))
    response = client.get(url(project, "project_report_file", "pdf"), Q2)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(page.extract_text() for page in reader.pages)
    text = re.sub(r"\s+", " ", text)
    assert project.title in text
    assert "1. 4. 2025 – 30. 6. 2025" in text
    assert "Účastníci starší 15 let" in text  # Czech glyphs survive (DejaVu)
    codes = [row[0] for row in EXPECTED_Q2]
    for n, (code, _name, _unit, target, in_period, cumulative, share) in enumerate(EXPECTED_Q2):
        segment = text.split(code, 1)[1]
        if n + 1 < len(codes):
            segment = segment.split(codes[n + 1], 1)[0]
        percent = f"{round(share * 100, 1):g}".replace(".", ",")
        assert f"{target} {in_period} {cumulative} {percent} %" in segment, (code, segment)


def test_report_page_shows_the_table_to_any_member(
    client, orgs, project, reported, django_assert_max_num_queries
):
    client.force_login(member(orgs))
    with django_assert_max_num_queries(20):
        response = client.get(url(project), Q2)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Celkový počet účastníků" in html and "6 00 00" in html
    assert 'name="value"' not in html  # a social worker of a partner enters nothing
    assert (
        reverse("outcomes:project_indicators", args=[project.pk])
        in client.get(reverse("outcomes:projects")).content.decode()
    )


def test_strangers_get_no_report(client, orgs, project, reported):
    assert client.get(url(project)).status_code == 302  # to the login
    client.force_login(orgs.outsider)
    for target in (
        url(project),
        url(project, "project_report_file", "pdf"),
        reverse("outcomes:projects"),
    ):
        assert client.get(target).status_code == 403


def test_project_editor_enters_a_value_and_the_report_counts_it(client, orgs, project, reported):
    editor = orgs.receiver.users["editor"]  # the lead organisation's editor
    client.force_login(editor)
    assert 'name="value"' in client.get(url(project)).content.decode()
    seminars = reported[IndicatorSource.MANUAL]
    response = client.post(
        url(project, "project_value_record"),
        {
            "indicator": seminars.pk,
            "period_start": "2025-07-01",
            "period_end": "2025-09-30",
            "value": "4",
            "note": "3 semináře pro pracovníky a 1 pro veřejnost",
        },
    )
    assert response.status_code == 302
    value = IndicatorValue.objects.get(indicator=seminars, period_start=D(2025, 7, 1))
    assert (value.value, value.entered_by) == (4, editor)
    assert value.history.first().history_user == editor
    body = client.get(url(project), {"start": "2025-07-01", "end": "2025-09-30"}).content.decode()
    assert re.search(r"Semináře.*?<td>6</td><td>4</td><td>7</td>", body, re.S)


def test_values_are_refused_to_others_and_for_overlapping_periods(client, orgs, project, reported):
    seminars = reported[IndicatorSource.MANUAL]
    client.force_login(orgs.receiver.users["social_worker"])
    client.post(
        url(project, "project_value_record"),
        {
            "indicator": seminars.pk,
            "period_start": "2025-07-01",
            "period_end": "2025-09-30",
            "value": "4",
        },
    )
    assert not IndicatorValue.objects.filter(period_start=D(2025, 7, 1)).exists()
    with pytest.raises(PeriodOverlaps):
        indicator_value_record(
            user=orgs.receiver.users["org_admin"],
            indicator=seminars,
            period_start=D(2025, 3, 1),
            period_end=D(2025, 4, 30),
            value=1,
        )
    # The same period again corrects the value instead of adding a second one.
    indicator_value_record(
        user=orgs.receiver.users["org_admin"],
        indicator=seminars,
        period_start=D(2025, 4, 1),
        period_end=D(2025, 6, 30),
        value=5,
    )
    assert IndicatorValue.objects.get(indicator=seminars, period_start=D(2025, 4, 1)).value == 5
    # A computed indicator is not offered in the form.
    client.force_login(orgs.receiver.users["editor"])
    persons = reported[IndicatorSource.PERSONS_SUPPORTED]
    client.post(
        url(project, "project_value_record"),
        {
            "indicator": persons.pk,
            "period_start": "2025-07-01",
            "period_end": "2025-09-30",
            "value": "4",
        },
    )
    assert not IndicatorValue.objects.filter(indicator=persons).exists()


def public_cells(html: str) -> dict[str, list[str]]:
    table = html.split('id="project-indicators"', 1)[1].split("</table>", 1)[0]
    rows = {}
    for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)[1:]:
        cells = [
            re.sub(r"<[^>]+>", "", c).strip()
            for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S)
        ]
        rows[cells[0]] = cells[1:]
    return rows


def test_public_page_shows_targets_and_hides_small_counts(client, project, reported):
    html = client.get(project.url).content.decode()
    rows = public_cells(html)
    # A year: 8 persons, 6 of them over 15, so 2 under 15 -- a small number that the two
    # published counts would give away: the part (over 15) is hidden, the total shown.
    assert rows["6 00 00"][2:] == ["8", "40 %"]
    assert rows["6 00 01"][2:] == ["×", "×"]
    assert rows["5 54 01"][2:] == ["×", "×"]  # 2 households
    assert rows["5 54 02"][2:] == ["×", "×"]  # 1 flat
    assert rows["6 70 01"][2:] == ["3", "50 %"]  # seminars are no people: shown as they are
    assert rows["6 00 00"][1].startswith("20")  # targets are public
    for cells in rows.values():
        for cell in cells[2:3]:
            assert cell == "×" or cell in ("3",) or int(cell) >= 5


@pytest.mark.parametrize(
    "persons, adults, hidden",
    [
        (30, 20, set()),
        (12, 9, {"persons_over_15"}),  # 3 under 15
        (9, 3, {"persons_over_15"}),  # 3 over 15 is small itself
        (4, 4, {"persons_over_15", "persons_supported"}),
    ],
)
def test_persons_and_persons_over_15_are_suppressed_together(persons, adults, hidden):
    found = _hidden_sources(
        {
            IndicatorSource.PERSONS_SUPPORTED: Decimal(persons),
            IndicatorSource.PERSONS_OVER_15: Decimal(adults),
        }
    )
    assert found == hidden


def test_project_page_without_indicators_has_no_section(client, project):
    assert 'id="project-indicators"' not in client.get(project.url).content.decode()


def test_project_page_edit_form_offers_indicators_and_programmes(client, project, reported):
    from tests.partners.factories import UserFactory

    admin = UserFactory(username="spravce", is_superuser=True, is_staff=True)
    client.force_login(admin)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[project.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="indicators-TOTAL_FORMS" value="5"' in html
    assert 'name="programmes"' in html


@pytest.mark.parametrize(
    "value, suffix, written",
    [
        (Decimal("12500"), "", "12\u00a0500"),
        (Decimal("1234567.3"), "", "1\u00a0234\u00a0567,3"),
        (Decimal("40.5"), "\u00a0%", "40,5\u00a0%"),
        (Decimal("7"), "", "7"),
        (None, "", "–"),
    ],
)
def test_pdf_figures_are_written_the_czech_way_on_one_line(value, suffix, written):
    """Thousands apart by a no-break space and a decimal comma: 12 500 never breaks."""
    assert report_files._czech(value, suffix) == written
