"""Dates Python writes for people (issue 17): the same Czech short date the templates write,
with no-break spaces, through one helper (core.dates.czech_date), so "7. 12. 2026" never
breaks across lines in a message, a timeline line or a PDF."""

import datetime
import io
import re

import pytest
from django.template import Context, Template
from pypdf import PdfReader

from core.dates import czech_date, czech_datetime
from referrals import services, timeline
from referrals.models import Stay
from tests.referrals.conftest import S
from tests.referrals.dataprotection_helpers import export, with_stay_content

NBSP = "\xa0"
TODAY = datetime.date.today()


@pytest.mark.parametrize(
    "day", [datetime.date(2026, 12, 7), datetime.date(2025, 1, 31), datetime.date(2031, 10, 1)]
)
def test_czech_date_is_what_the_templates_write(day):
    template = Template('{{ day|date:"SHORT_DATE_FORMAT" }}')
    assert czech_date(day) == template.render(Context({"day": day}))
    assert czech_date(day) == f"{day.day}.{NBSP}{day.month}.{NBSP}{day.year}"
    assert " " not in czech_date(day)
    assert czech_date(None) == "–"


def test_czech_datetime_is_local_time_on_one_line():
    moment = datetime.datetime(2026, 12, 7, 13, 5, tzinfo=datetime.UTC)  # 14:05 in Prague
    assert czech_datetime(moment) == f"7.{NBSP}12.{NBSP}2026{NBSP}14:05"
    assert czech_date(moment) == f"7.{NBSP}12.{NBSP}2026"


@pytest.mark.django_db
def test_the_timeline_writes_the_lease_and_the_resolution_dates_on_one_line(case):
    case.programme.lease_needs_council_resolution = True
    case.programme.save()
    referral = case.make(S.ACCEPTED)
    start, end = TODAY, TODAY + datetime.timedelta(days=150)
    decided = TODAY - datetime.timedelta(days=3)
    services.referral_place(
        referral=referral,
        user=case.receiver_worker,
        lease_start=start,
        lease_end=end,
        council_resolution_number="RM 7/2026",
        council_resolution_date=decided,
    )
    started = next(
        e for e in timeline.timeline_for(case.sender, referral) if e.key == "stay.started"
    )
    texts = [str(extra) for extra in started.extra]
    assert any(f"{czech_date(start)} – {czech_date(end)}" in text for text in texts), texts
    assert any(f"RM 7/2026 ze dne {czech_date(decided)}" in text for text in texts), texts
    assert not any(start.strftime("%d. %m. %Y") in text for text in texts)


@pytest.mark.django_db
def test_the_access_request_pdf_writes_dates_the_czech_way(client, case, orgs):
    referral = with_stay_content(case, case.make(S.PLACED))
    stay = Stay.objects.get(referral=referral)
    response = export(client, case, case.key_worker, orgs.sender.organisation, "pdf")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    text = re.sub(r"\s+", " ", text)  # the no-break spaces read back as spaces or not
    day = stay.lease_end
    assert f"{day.day}. {day.month}. {day.year}" in text
    assert day.isoformat() not in text
    assert stay.moved_in_on.isoformat() not in text
