"""Czech wording and formats the frameworks hard-code (issue 17, point 10): the empty choice
of a select, relative times in the admin, and CSV files a Czech spreadsheet opens."""

import csv
import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone, translation

pytestmark = pytest.mark.django_db

DASHES = "---------"
EMPTY_CHOICE = "— vyberte —"
NBSP = "\xa0"


def test_empty_choices_read_vyberte_in_the_portal_and_the_admin(orgs):
    from django.urls import reverse

    from tests.referrals.factories import ClientFactory

    user = orgs.sender.users["social_worker"]
    record = ClientFactory(responsible_organisation=orgs.sender.organisation, recorded_by=user)
    worker = Client()
    worker.force_login(user)
    # The consent form's organisation is a select with an empty choice.
    portal = worker.get(reverse("referrals:consent_create", args=[record.reference])).content
    portal = portal.decode()
    superuser = get_user_model().objects.create_superuser("spravce", "s@example.org", "x")
    admin = Client()
    admin.force_login(superuser)
    admin_page = admin.get("/admin/reports/site-history/").content.decode()
    for html in (portal, admin_page):
        assert DASHES not in html
        assert f">{EMPTY_CHOICE}</option>" in html


@pytest.mark.parametrize(
    ("minutes", "shown"),
    [
        (0, "Právě teď"),
        (1, f"Před 1{NBSP}minutou"),
        (3, f"Před 3{NBSP}minutami"),
        (35, f"Před 35{NBSP}minutami"),
        (60 * 5, f"Před 5{NBSP}hodinami"),
        (60 * 24, f"Před 1{NBSP}dnem"),
        (60 * 24 * 3, f"Před 3{NBSP}dny"),
        (60 * 24 * 400, f"Před 1{NBSP}rokem"),
    ],
)
def test_admin_relative_times_are_declined_after_pred(minutes, shown):
    from django.template import Context, Template

    moment = timezone.now() - datetime.timedelta(minutes=minutes)
    template = Template("{% load wagtailadmin_tags %}{{ moment|timesince_simple|capfirst }}")
    with translation.override("cs"):
        # avoid_wrapping: the number and its unit are held together by a non-breaking space
        assert template.render(Context({"moment": moment})) == shown


def test_admin_last_update_names_the_author_in_czech():
    from wagtail.admin.templatetags.wagtailadmin_tags import timesince_last_update

    two_days = timezone.now() - datetime.timedelta(days=2, hours=1)
    with translation.override("cs"):
        assert timesince_last_update(two_days, user_display_name="Jana") == f"před 2{NBSP}dny, Jana"


def _czech_rows(content: bytes) -> list[list[str]]:
    assert content.startswith("\ufeff".encode()), "a byte-order mark for Excel"
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def test_admin_csv_exports_open_in_columns_in_a_czech_excel(orgs, site_tree):
    superuser = get_user_model().objects.create_superuser("spravce", "s@example.org", "x")
    site_tree.library.save_revision(user=superuser, log_action=True).publish(user=superuser)
    client = Client()
    client.force_login(superuser)
    response = client.get("/admin/reports/site-history/", {"export": "csv"})
    rows = _czech_rows(b"".join(response.streaming_content))
    assert len(rows[0]) > 2, rows[0]
    assert all(len(row) == len(rows[0]) for row in rows)
    assert len(rows) > 1


def test_a_referral_is_called_predani_everywhere_in_the_catalogue():
    """One word for one thing: the UI calls a referral "předání"; "doporučení" (a
    recommendation) must not name it in any message about a referral."""
    from pathlib import Path

    from tests.test_translations import parse_po

    catalogue = Path(__file__).resolve().parent.parent / "locale/cs/LC_MESSAGES/django.po"
    _header, entries = parse_po(catalogue)
    mixed = [
        entry.label
        for entry in entries
        if "referral" in (entry.msgid + (entry.msgid_plural or "")).lower()
        and any("doporuč" in text.lower() for text in entry.translations)
    ]
    assert mixed == []


def test_czech_dates_do_not_break_across_lines():
    from django.template import Context, Template

    day = datetime.datetime(2026, 12, 6, 9, 5)
    template = Template('{{ day|date:"SHORT_DATE_FORMAT" }}|{{ day|date:"SHORT_DATETIME_FORMAT" }}')
    with translation.override("cs"):
        short, with_time = template.render(Context({"day": day})).split("|")
        long = Template("{{ day|date }}").render(Context({"day": day.date()}))
    assert short == f"6.{NBSP}12.{NBSP}2026"
    assert with_time == f"6.{NBSP}12.{NBSP}2026{NBSP}09:05"
    assert long == f"6.{NBSP}prosince{NBSP}2026"


def test_templates_write_dates_only_in_the_non_breaking_formats():
    """A literal format ("j. n. Y") has ordinary spaces: the date breaks after "6."."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    literal = re.compile(r"\|date:[\"'][^\"']* [^\"']*[\"']")
    found = [
        f"{path.relative_to(root)}:{number}"
        for path in root.glob("*/templates/**/*.html")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if literal.search(line)
    ]
    assert found == []


def test_references_are_kept_on_one_line(client, orgs):
    from django.urls import reverse

    from tests.referrals.factories import ClientFactory

    user = orgs.sender.users["social_worker"]
    record = ClientFactory(responsible_organisation=orgs.sender.organisation, recorded_by=user)
    client.force_login(user)
    page = client.get(reverse("referrals:client_list")).content.decode()
    assert f'<span class="reference">{record.reference}</span>' in page
    page = client.get(reverse("referrals:client", args=[record.reference])).content.decode()
    assert f'<span class="reference">{record.reference}</span>' in page
    assert f"<title>Klient {record.reference}" in page  # no markup in the title
