"""Importing a payment list from a city's accounting (docs/payment-import.md): Czech dates
and amounts, semicolons, a header line, Windows-1250; a bad row names its line and nothing
of the file is imported; other tenants' rows are skipped and listed; the same file never
twice."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from referrals import services
from referrals.errors import ActionNotPermitted, PaymentListInvalid
from referrals.models import Payment, PaymentImport, StayAccount
from referrals.services.payment_import import parse_amount, parse_date
from tests.referrals.finance_helpers import account, months_ago, stay_since, today

D = Decimal


def test_czech_dates_and_amounts_are_read():
    assert parse_date("5.3.2026") == datetime.date(2026, 3, 5)
    assert parse_date("05. 03. 2026") == datetime.date(2026, 3, 5)
    assert parse_date("31.2.2026") is None
    assert parse_date("2026-03-05") is None
    assert parse_amount("2 450,50") == D("2450.50")
    assert parse_amount("2\u00a0450 Kč") == D("2450.00")
    assert parse_amount("1.234,5") == D("1234.50")
    assert parse_amount("3000") == D("3000.00")
    assert parse_amount("12.5") is None  # a decimal point is not Czech
    assert parse_amount("abc") is None


@pytest.fixture
def two_tenants(case):
    first, second = stay_since(case, 2), stay_since(case, 2)
    account(first, case.receiver_worker, rent=3000, services_=0, symbol="1200034")
    account(second, case.receiver_worker, rent=2500, services_=0, symbol="77")
    return first, second


def _list(*lines, encoding="utf-8"):
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def _date(months_back, day=10):
    return months_ago(months_back, day).strftime("%-d. %-m. %Y")


@pytest.mark.django_db
def test_a_good_list_is_imported_and_other_tenants_are_listed(case, two_tenants):
    first, second = two_tenants
    content = _list(
        "Datum;Variabilní symbol;Částka;Plátce;Poznámka",
        f"{_date(2)};1200034;3 000,00;klient;nájem",
        f"{_date(1)};0000000077;2 500;ÚP;přímá úhrada doplatku",
        f"{_date(1)};999999;1 200,00;;",  # a tenant the portal does not know
        "",
        encoding="cp1250",
    )
    result = services.payments_import(
        user=case.receiver_worker,
        organisation=case.programme.organisation,
        content=content,
        file_name="platby-brezen.csv",
    )
    assert (result.imported, result.skipped) == (2, [(4, "999999")])
    batch = PaymentImport.objects.get()
    assert (batch.rows, batch.imported, batch.skipped) == (3, 2, 1)
    assert batch.skipped_rows == [[4, "999999"]]
    mine = Payment.objects.get(account=first.account)
    assert (mine.amount, mine.payer, mine.source, mine.note) == (
        D(3000),
        "client",
        "import",
        "nájem",
    )
    theirs = Payment.objects.get(account=second.account)
    assert (theirs.amount, theirs.payer) == (D(2500), "labour_office")


@pytest.mark.django_db
def test_a_list_with_bad_rows_is_refused_whole_with_each_line_named(case, two_tenants):
    content = _list(
        f"{_date(2)};1200034;3 000,00",  # fine
        "32.1.2026;1200034;100",  # no such day
        f"{_date(1)};12-34;100",  # not a symbol
        f"{_date(1)};77;-500",  # not a payment
        f"{_date(1)};77;12.5",  # a decimal point
        f"{_date(1)},77,100",  # commas
        (today() + datetime.timedelta(days=1)).strftime("%-d. %-m. %Y") + ";77;100",
        f"{_date(1)};77;100;banka",  # unknown payer
    )
    with pytest.raises(PaymentListInvalid) as refused:
        services.payments_import(
            user=case.receiver_worker,
            organisation=case.programme.organisation,
            content=content,
            file_name="spatne.csv",
        )
    assert [line for line, _message in refused.value.problems] == [2, 3, 4, 5, 6, 7, 8]
    assert "32.1.2026" in refused.value.problems[0][1]
    assert not Payment.objects.exists()
    assert not PaymentImport.objects.exists()
    assert all(a.arrears_flag_since for a in StayAccount.objects.all())  # nothing changed


@pytest.mark.django_db
def test_the_same_file_is_never_imported_twice(case, two_tenants):
    content = _list(f"{_date(1)};77;2 500")
    organisation = case.programme.organisation
    services.payments_import(
        user=case.receiver_worker, organisation=organisation, content=content, file_name="a.csv"
    )
    with pytest.raises(PaymentListInvalid):
        services.payments_import(
            user=case.receiver_worker, organisation=organisation, content=content, file_name="b.csv"
        )
    assert Payment.objects.count() == 1


@pytest.mark.django_db
def test_only_the_organisations_social_workers_import(case, two_tenants):
    for user in (case.reviewer, case.sender, case.orgs.receiver.users["org_admin"]):
        with pytest.raises(ActionNotPermitted):
            services.payments_import(
                user=user,
                organisation=case.programme.organisation,
                content=_list(f"{_date(1)};77;100"),
                file_name="x.csv",
            )


@pytest.mark.django_db
def test_the_import_page_shows_the_bad_lines_and_then_the_result(client, case, two_tenants):
    url = reverse("referrals:payments_import", args=[case.programme.organisation.slug])
    client.force_login(case.receiver_worker)
    bad = SimpleUploadedFile("platby.csv", _list(f"{_date(1)};77;abc"), "text/csv")
    page = client.post(url, {"file": bad})
    assert page.status_code == 200
    assert 'data-testid="import-problems"' in page.content.decode()
    good = SimpleUploadedFile("platby.csv", _list(f"{_date(1)};77;2 500"), "text/csv")
    response = client.post(url, {"file": good})
    assert response.status_code == 302
    batch = PaymentImport.objects.get()
    assert response["Location"] == f"{url}?seznam={batch.pk}"
    assert 'data-testid="import-result"' in client.get(response["Location"]).content.decode()
