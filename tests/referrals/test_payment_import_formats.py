"""A payment list's amounts and encodings (docs/payment-import.md): amounts written the Czech
way (2 450,-; 2.450,00; 2450 Kč) read exactly and garbage refused naming its line; UTF-8,
Windows-1250 and ISO-8859-2 told apart, or chosen by the worker."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from referrals import services
from referrals.errors import PaymentListInvalid
from referrals.models import Payment, PaymentImport
from referrals.services.payment_import import parse_amount
from tests.referrals.finance_helpers import czech_date, payment_list

D = Decimal

# --- Czech amounts (point 2 of the review of issue 18) ------------------------------------


@pytest.mark.parametrize(
    ("written", "amount"),
    [
        ("2 450,-", "2450.00"),
        ("2 450,--", "2450.00"),
        ("2 450,00", "2450.00"),
        ("2.450,00", "2450.00"),
        ("2450 Kč", "2450.00"),
        ("2450Kč", "2450.00"),
        ("2 450,- Kč", "2450.00"),
        ("2\u00a0450,00", "2450.00"),  # no-break space, as Excel writes thousands
        ("2\u202f450,50 CZK", "2450.50"),  # narrow no-break space
        ("1 234 567,8 kč", "1234567.80"),
        ("99 999 999,99", "99999999.99"),
    ],
)
def test_amounts_written_the_czech_way_are_read_exactly(written, amount):
    parsed = parse_amount(written)
    assert isinstance(parsed, Decimal)
    assert parsed == D(amount)


@pytest.mark.parametrize(
    "garbage",
    ["dva tisíce", "2,450.00", "2 450.-", "2 45,00", "1e3", "NaN", "Infinity", "2 450,-,-", ""],
)
def test_what_is_not_a_czech_amount_is_refused(garbage):
    assert parse_amount(garbage) is None


@given(
    crowns=st.integers(min_value=0, max_value=99_999_999),
    hellers=st.integers(min_value=0, max_value=99),
    thousands=st.sampled_from(["", " ", "\u00a0", "\u202f", "."]),
    decimals=st.sampled_from(["always", "when-any", "dash"]),
    currency=st.sampled_from(["", " Kč", "Kč", " CZK"]),
)
def test_any_amount_written_the_czech_way_reads_back_to_the_same_decimal(
    crowns, hellers, thousands, decimals, currency
):
    digits = f"{crowns:,}".replace(",", thousands)
    if decimals == "dash":
        hellers = 0
        written = f"{digits},-"
    elif decimals == "when-any" and hellers == 0:
        written = digits
    else:
        written = f"{digits},{hellers:02d}"
    assert parse_amount(written + currency) == D(crowns) + D(hellers) / 100


@pytest.mark.django_db
def test_a_garbage_or_too_large_amount_is_refused_in_czech_naming_its_line(
    client, case, two_tenants
):
    url = reverse("referrals:payments_import", args=[case.programme.organisation.slug])
    client.force_login(case.receiver_worker)
    content = payment_list(
        "Datum;VS;Částka",
        f"{czech_date(1)};77;2 500,-",
        f"{czech_date(1)};77;dva tisíce",
        f"{czech_date(1)};77;100 000 000,00",
    )
    page = client.post(url, {"file": SimpleUploadedFile("p.csv", content, "text/csv")})
    text = page.content.decode()
    assert "Řádek 3: Částka „dva tisíce“ není ve tvaru 1 234,50." in text
    assert "Řádek 4:" in text and "100 000 000,00" in text
    assert not Payment.objects.exists()


# --- Encodings (point 3) -------------------------------------------------------------------

NOTE = "Šťastná Žofie, nájem a služby – přeplatek"  # š ť ž differ between cp1250 and Latin 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("encoding", "marker"),
    [
        ("utf-8", "Š".encode()),
        ("utf-8-sig", b"\xef\xbb\xbf"),  # Excel's "CSV UTF-8" starts with a byte-order mark
        ("cp1250", b"\x8a\x9d"),  # Š ť in Windows-1250
        ("iso-8859-2", b"\xa9\xbb"),  # Š ť in ISO-8859-2
    ],
)
def test_notes_with_diacritics_come_through_in_each_encoding_czech_accounting_writes(
    case, two_tenants, encoding, marker
):
    note = NOTE if encoding not in ("iso-8859-2",) else NOTE.replace("–", "-")
    content = payment_list(
        "Datum;VS;Částka;Plátce;Poznámka", f"{czech_date(1)};77;2 500;ÚP;{note}", encoding=encoding
    )
    assert marker in content  # real bytes of that encoding, not a decoded string
    result = services.payments_import(
        user=case.receiver_worker,
        organisation=case.programme.organisation,
        content=content,
        file_name="platby.csv",
    )
    payment = Payment.objects.get()
    assert payment.note == note
    assert payment.payer == "labour_office"
    assert result.batch.encoding == ("utf-8" if encoding == "utf-8-sig" else encoding)


@pytest.mark.django_db
def test_the_worker_may_choose_the_encoding_and_a_wrong_choice_is_refused_in_czech(
    client, case, two_tenants
):
    url = reverse("referrals:payments_import", args=[case.programme.organisation.slug])
    client.force_login(case.receiver_worker)
    content = payment_list(f"{czech_date(1)};77;2 500;;Šťastná", encoding="cp1250")
    page = client.post(
        url, {"file": SimpleUploadedFile("p.csv", content, "text/csv"), "encoding": "utf-8"}
    )
    assert "Soubor není v kódování UTF-8" in page.content.decode()
    assert not Payment.objects.exists()
    response = client.post(
        url, {"file": SimpleUploadedFile("p.csv", content, "text/csv"), "encoding": "cp1250"}
    )
    assert response.status_code == 302
    assert Payment.objects.get().note == "Šťastná"


@pytest.mark.django_db
def test_a_binary_file_is_refused_as_not_a_csv(case, two_tenants):
    with pytest.raises(PaymentListInvalid) as refused:
        services.payments_import(
            user=case.receiver_worker,
            organisation=case.programme.organisation,
            content=b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00" + bytes(range(256)),
            file_name="platby.xlsx",
        )
    assert refused.value.message == "Soubor není textový soubor CSV."
    assert not PaymentImport.objects.exists()
