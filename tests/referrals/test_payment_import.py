"""Importing a payment list from a city's accounting (docs/payment-import.md): Czech dates
and amounts (2 450,-; 2.450,00; 2450 Kč), semicolons, a header line, UTF-8, Windows-1250 and
ISO-8859-2; a bad row names its line and nothing of the file is imported; other tenants'
rows are skipped and listed; the same file never twice, and the payments of overlapping
exports once."""

import datetime
import importlib
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from referrals import services
from referrals.errors import ActionNotPermitted, PaymentListInvalid
from referrals.models import Payment, PaymentImport, StayAccount
from referrals.services.payment_import import parse_amount, parse_date
from tests.referrals.finance_helpers import czech_date, months_ago, payment_list, today

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


@pytest.mark.django_db
def test_a_good_list_is_imported_and_other_tenants_are_listed(case, two_tenants):
    first, second = two_tenants
    content = payment_list(
        "Datum;Variabilní symbol;Částka;Plátce;Poznámka",
        f"{czech_date(2)};1200034;3 000,00;klient;nájem",
        f"{czech_date(1)};0000000077;2 500;ÚP;přímá úhrada doplatku",
        f"{czech_date(1)};999999;1 200,00;;",  # a tenant the portal does not know
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
    content = payment_list(
        f"{czech_date(2)};1200034;3 000,00",  # fine
        "32.1.2026;1200034;100",  # no such day
        f"{czech_date(1)};12-34;100",  # not a symbol
        f"{czech_date(1)};77;-500",  # not a payment
        f"{czech_date(1)};77;12.5",  # a decimal point
        f"{czech_date(1)},77,100",  # commas
        (today() + datetime.timedelta(days=1)).strftime("%-d. %-m. %Y") + ";77;100",
        f"{czech_date(1)};77;100;banka",  # unknown payer
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
    content = payment_list(f"{czech_date(1)};77;2 500")
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
                content=payment_list(f"{czech_date(1)};77;100"),
                file_name="x.csv",
            )


@pytest.mark.django_db
def test_the_import_page_shows_the_bad_lines_and_then_the_result(client, case, two_tenants):
    url = reverse("referrals:payments_import", args=[case.programme.organisation.slug])
    client.force_login(case.receiver_worker)
    bad = SimpleUploadedFile("platby.csv", payment_list(f"{czech_date(1)};77;abc"), "text/csv")
    page = client.post(url, {"file": bad})
    assert page.status_code == 200
    assert 'data-testid="import-problems"' in page.content.decode()
    good = SimpleUploadedFile("platby.csv", payment_list(f"{czech_date(1)};77;2 500"), "text/csv")
    response = client.post(url, {"file": good})
    assert response.status_code == 302
    batch = PaymentImport.objects.get()
    assert response["Location"] == f"{url}?seznam={batch.pk}"
    assert 'data-testid="import-result"' in client.get(response["Location"]).content.decode()


# --- Overlapping exports (point 1) ---------------------------------------------------------


def _import(case, *lines, name):
    return services.payments_import(
        user=case.receiver_worker,
        organisation=case.programme.organisation,
        content=payment_list("Datum;VS;Částka;Plátce;Poznámka", *lines),
        file_name=name,
    )


@pytest.mark.django_db
def test_overlapping_exports_record_each_payment_once(case, two_tenants):
    """1.–31. of one month, then the 15th of that month to the 15th of the next: the
    payments of the overlap are recognised, also two equal payments on one day."""
    first, second = two_tenants
    march = _import(
        case,
        f"{czech_date(2, 5)};1200034;3 000,00;klient;nájem",
        f"{czech_date(2, 15)};77;1 250,00;klient;první polovina",
        f"{czech_date(2, 15)};77;1 250,00;klient;druhá polovina",  # genuinely a second payment
        f"{czech_date(2, 20)};77;2 500,00;ÚP;",
        name="brezen.csv",
    )
    assert (march.imported, march.duplicates) == (4, [])
    overlapping = _import(
        case,
        f"{czech_date(2, 15)};77;1 250,00;klient;první polovina",
        f"{czech_date(2, 15)};77;1 250,00;klient;druhá polovina",
        f"{czech_date(2, 15)};77;1 250,00;klient;booked late: a third one",
        f"{czech_date(2, 20)};0077;2 500,-;ÚP;",  # written differently, the same accounting line
        f"{czech_date(1, 5)};1200034;3 000,00;klient;nájem",  # next month: new
        f"{czech_date(1, 10)};999;100;;",  # another tenant of the city
        name="brezen-duben.csv",
    )
    assert overlapping.duplicates == [(2, "77"), (3, "77"), (5, "0077")]
    assert overlapping.skipped == [(7, "999")]
    assert overlapping.imported == 2
    assert overlapping.batch.duplicates == 3
    assert overlapping.batch.duplicate_rows == [[2, "77"], [3, "77"], [5, "0077"]]
    assert second.account.payments.count() == 4  # 3 × 1 250 on the 15th, 2 500 on the 20th
    assert [p.occurrence for p in second.account.payments.filter(amount=D(1250))] == [3, 2, 1]
    assert first.account.payments.count() == 2
    # A third export of the same period brings nothing new.
    again = _import(
        case,
        f"{czech_date(2, 15)};77;1 250,00;;",
        f"{czech_date(2, 15)};77;1 250,00;;",
        f"{czech_date(2, 15)};77;1 250,00;;",
        name="znovu.csv",
    )
    assert (again.imported, len(again.duplicates)) == (0, 3)
    assert Payment.objects.count() == 6


@pytest.mark.django_db
def test_a_payment_cancelled_as_a_mistake_does_not_come_back_with_an_overlapping_export(
    case, two_tenants
):
    _first, second = two_tenants
    _import(case, f"{czech_date(2, 15)};77;2 500;;", name="a.csv")
    services.payment_cancel(payment=Payment.objects.get(), user=case.receiver_worker)
    result = _import(
        case, f"{czech_date(2, 15)};77;2 500;;", f"{czech_date(1, 15)};77;2 500;;", name="b.csv"
    )
    assert (result.imported, result.duplicates) == (1, [(2, "77")])
    assert second.account.payments.filter(cancelled_at__isnull=True).count() == 1


@pytest.mark.django_db
def test_the_result_page_lists_the_payments_skipped_as_already_imported_in_czech(
    client, case, two_tenants
):
    url = reverse("referrals:payments_import", args=[case.programme.organisation.slug])
    client.force_login(case.receiver_worker)
    first = payment_list(f"{czech_date(2, 15)};77;2 500")
    client.post(url, {"file": SimpleUploadedFile("a.csv", first, "text/csv")})
    overlapping = payment_list(f"{czech_date(1, 15)};77;2 500", f"{czech_date(2, 15)};77;2 500")
    response = client.post(url, {"file": SimpleUploadedFile("b.csv", overlapping, "text/csv")})
    page = client.get(response["Location"]).content.decode()
    assert 'data-testid="import-duplicates"' in page
    assert "už importoval" in page  # the list's explanation, in Czech
    assert "řádek 2: 77" in page
    assert Payment.objects.count() == 2


@pytest.mark.django_db
def test_payments_imported_before_the_change_get_their_line_identity_and_none_is_lost(
    case, two_tenants
):
    """Lists that overlapped before the change may have recorded a payment twice: the
    migration numbers both (1st and 2nd) and deletes nothing."""
    from django.apps import apps

    migration = importlib.import_module(
        "referrals.migrations.0014_payment_accounting_line_identity"
    )
    _first, second = two_tenants
    batch = PaymentImport.objects.create(
        organisation=case.programme.organisation, file_name="x", sha256="x"
    )
    for _ in range(2):
        Payment.objects.create(
            account=second.account,
            paid_on=months_ago(1, 3),
            amount=D(500),
            payer="client",
            source="import",
            batch=batch,
        )
    Payment.objects.create(
        account=second.account, paid_on=months_ago(1, 3), amount=D(500), payer="client"
    )
    migration.number_imported_payments(apps, None)
    assert sorted(Payment.objects.values_list("occurrence", flat=True), key=str) == [
        1,
        2,
        None,
    ]
