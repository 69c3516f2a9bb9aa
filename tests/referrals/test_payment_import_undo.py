"""Undoing an imported payment list (issue 18): a list read in the wrong encoding could not
be imported again (the same file was refused, every line a duplicate). A social worker of
the organisation undoes the import, with a reason: its payments are cancelled, never
deleted, the arrears are recomputed, and the same file is then imported in the right
encoding."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from referrals import services
from referrals.errors import ActionNotPermitted, PaymentListInvalid, ReasonRequired, ReferralError
from referrals.models import Payment, PaymentImport, StayAccount
from tests.referrals.finance_helpers import czech_date, payment_list

pytestmark = pytest.mark.django_db

# A Slovak surname in Windows-1250: its "ľ" (0xBE) is "ž" in ISO-8859-2, which reads as
# more Czech, so the detection picks ISO-8859-2 and the note comes out as "Kažavská".
RIGHT, WRONG = "platí za paní Kaľavskou", "platí za paní Kažavskou"


def _list():
    return payment_list(
        "Datum;VS;Částka;Plátce;Poznámka",
        f"{czech_date(1)};77;20 000;klient;{RIGHT}",
        encoding="cp1250",
    )


def _import(case, encoding=""):
    return services.payments_import(
        user=case.receiver_worker,
        organisation=case.programme.organisation,
        content=_list(),
        file_name="platby.csv",
        encoding=encoding,
    )


def _flag(stay):
    return StayAccount.objects.get(pk=stay.account.pk).arrears_flag_since


def test_a_wrongly_read_list_is_undone_and_imported_again_in_the_right_encoding(case, two_tenants):
    _first, tenant = two_tenants
    assert _flag(tenant) is not None  # two months of rent unpaid
    first = _import(case)
    assert first.batch.encoding == "iso-8859-2"
    assert Payment.objects.get().note == WRONG
    assert _flag(tenant) is None  # paid up
    with pytest.raises(PaymentListInvalid) as refused:
        _import(case, "cp1250")
    assert "zrušte" in str(refused.value.message)  # the refusal says what to do

    cancelled = services.payment_import_undo(
        user=case.receiver_worker, batch=first.batch, reason="Načteno ve špatném kódování."
    )

    assert cancelled == 1
    batch = PaymentImport.objects.get(pk=first.batch.pk)
    assert batch.cancelled_by == case.receiver_worker and batch.cancelled_at is not None
    assert batch.cancel_reason == "Načteno ve špatném kódování."
    wrong = Payment.objects.get()  # kept, cancelled: the record is its own audit trail
    assert wrong.cancelled_at is not None and wrong.cancelled_by == case.receiver_worker
    assert wrong.batch_id == batch.pk
    assert _flag(tenant) is not None  # the arrears recomputed without the payment

    second = _import(case, "cp1250")

    assert (second.imported, second.duplicates) == (1, [])
    right = Payment.objects.get(cancelled_at__isnull=True)
    assert right.note == RIGHT and right.batch_id == second.batch.pk
    assert Payment.objects.count() == 2
    assert _flag(tenant) is None
    with pytest.raises(PaymentListInvalid):  # the valid import blocks the file again
        _import(case, "cp1250")


def test_undo_is_checked_and_recorded_once(case, two_tenants):
    batch = _import(case).batch
    for user in (case.reviewer, case.sender, case.orgs.receiver.users["org_admin"]):
        with pytest.raises(ActionNotPermitted):
            services.payment_import_undo(user=user, batch=batch, reason="Omyl.")
    with pytest.raises(ReasonRequired):
        services.payment_import_undo(user=case.receiver_worker, batch=batch, reason="  ")
    assert not Payment.objects.filter(cancelled_at__isnull=False).exists()
    assert PaymentImport.objects.get().cancelled_at is None
    services.payment_import_undo(user=case.receiver_worker, batch=batch, reason="Omyl.")
    with pytest.raises(ReferralError):
        services.payment_import_undo(user=case.receiver_worker, batch=batch, reason="Znovu.")


def test_a_payment_cancelled_one_by_one_before_does_not_come_back(case, two_tenants):
    content = payment_list(f"{czech_date(2, 15)};77;2 500;;", f"{czech_date(1, 15)};77;2 500;;")
    organisation, worker = case.programme.organisation, case.receiver_worker
    batch = services.payments_import(
        user=worker, organisation=organisation, content=content, file_name="a.csv"
    ).batch
    mistake = Payment.objects.order_by("paid_on").first()
    services.payment_cancel(payment=mistake, user=worker)
    assert services.payment_import_undo(user=worker, batch=batch, reason="Omyl.") == 1
    again = services.payments_import(
        user=worker, organisation=organisation, content=content, file_name="a.csv"
    )
    assert (again.imported, len(again.duplicates)) == (1, 1)
    assert list(Payment.objects.filter(cancelled_at__isnull=True).values_list("paid_on")) == [
        (Payment.objects.order_by("paid_on").last().paid_on,)
    ]


def test_the_import_page_undoes_a_list_in_czech(client, case, two_tenants, orgs):
    batch = _import(case).batch
    slug = case.programme.organisation.slug
    undo = reverse("referrals:payments_import_undo", args=[slug, batch.pk])
    page_url = reverse("referrals:payments_import", args=[slug])
    # Who may not import for the organisation does not learn the list exists.
    for stranger in (orgs.third.users["social_worker"], case.reviewer):
        client.force_login(stranger)
        assert client.post(undo, {"reason": "Omyl."}).status_code == 404
    assert PaymentImport.objects.get().cancelled_at is None
    client.force_login(case.receiver_worker)
    page = client.get(f"{page_url}?seznam={batch.pk}").content.decode()
    assert 'data-testid="import-undo"' in page and "Zrušit import" in page
    empty = client.post(undo, {"reason": ""})
    assert empty.status_code == 200 and "Toto pole je povinné" in empty.content.decode()
    assert PaymentImport.objects.get().cancelled_at is None
    response = client.post(undo, {"reason": "Špatné kódování."}, follow=True)
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == f"{page_url}?seznam={batch.pk}"
    assert "byl zrušen" in html and 'data-testid="import-undone"' in html
    assert "Špatné kódování." in html
    assert client.get(undo).status_code == 405
    again = SimpleUploadedFile("platby.csv", _list(), "text/csv")
    response = client.post(page_url, {"file": again, "encoding": "cp1250"})
    assert response.status_code == 302
    assert Payment.objects.get(cancelled_at__isnull=True).note == RIGHT


def test_the_import_page_reads_its_lists_in_a_fixed_number_of_queries(
    client, case, two_tenants, django_assert_max_num_queries
):
    organisation, worker = case.programme.organisation, case.receiver_worker
    batches = [
        services.payments_import(
            user=worker,
            organisation=organisation,
            content=payment_list(f"{czech_date(1, day)};77;100"),
            file_name=f"{day}.csv",
        ).batch
        for day in (3, 4, 5, 6)
    ]
    services.payment_import_undo(user=worker, batch=batches[0], reason="Omyl.")
    services.payment_import_undo(user=worker, batch=batches[1], reason="Omyl.")
    client.force_login(worker)
    url = reverse("referrals:payments_import", args=[organisation.slug])
    with django_assert_max_num_queries(12) as captured:
        page = client.get(f"{url}?seznam={batches[0].pk}")
    assert page.content.decode().count("zrušen ") == 2  # the two undone lists, in the table
    few = len(captured)
    services.payments_import(
        user=worker,
        organisation=organisation,
        content=payment_list(f"{czech_date(1, 7)};77;100"),
        file_name="7.csv",
    )
    with django_assert_max_num_queries(few):  # one more list, no more queries
        client.get(f"{url}?seznam={batches[0].pk}")
