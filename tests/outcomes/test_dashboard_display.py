"""What a member reads on /vysledky/ (issue 17): tables headed by the groups' names (the
CSV always was), charts whose labels are whole and which scale to a phone."""

import re

import pytest
from django.urls import reverse

from outcomes.charts import bar_chart

pytestmark = pytest.mark.django_db

YEAR = {"start": "2025-01-01", "end": "2025-12-31"}


def column_headers(html: str, table_id: str) -> list[str]:
    table = html.split(f'id="{table_id}"', 1)[1].split("</thead>", 1)[0]
    cells = re.findall(r"<th[^>]*>(.*?)</th>", table)
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in cells]


def test_table_columns_are_headed_by_the_groups(client, orgs, dataset):
    client.force_login(orgs.sender.users["case_reviewer"])
    html = client.get(reverse("outcomes:dashboard"), {**YEAR, "group_by": "programme"}).content
    headers = column_headers(html.decode(), "outcomes-table")
    assert "None" not in headers
    assert {"Tréninkové bydlení", "Standardní nájem"} <= {h.split(" (")[0] for h in headers}
    approach = column_headers(html.decode(), "approach-table")
    assert "None" not in approach
    assert any(header.startswith("Housing First") for header in approach)


def test_chart_scales_to_its_box_and_keeps_long_labels_whole(client, orgs, dataset):
    client.force_login(orgs.sender.users["case_reviewer"])
    html = client.get(reverse("outcomes:dashboard"), {**YEAR, "group_by": "programme"}).content
    svgs = re.findall(r"<svg[^>]*>", html.decode())
    assert svgs
    for svg in svgs:
        assert "viewBox=" in svg
        assert not re.search(r"\swidth=", svg), "a fixed width makes the page wider than a phone"
    # Labels start at the left edge; anchored at their end they ran off the left side.
    assert 'text-anchor="end"' not in html.decode()


def test_chart_labels_start_at_the_left_edge():
    name = "Tréninkové bydlení Statutárního města Přerova – Kopaniny"
    chart = bar_chart("c", "Umístění", [(name, 7), ("Krizové", 3)])
    assert chart.width <= 500
    assert len(name) <= chart.label_characters
    assert [bar.y for bar in chart.bars] == [0, chart.label_height + chart.bar_height + 10]
