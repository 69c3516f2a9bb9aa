"""IČO (Czech company number): eight digits with a mod-11 check digit."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from partners.models import Organisation
from partners.validators import ico_is_valid, validate_ico
from tests.partners.factories import VALID_ICOS, ico_for

BAD_ICOS = [
    # value, the error code the reader is told about
    ("00301826", "ico_checksum"),  # Přerov's IČO with the last digit changed
    ("00845450", "ico_checksum"),
    ("12345678", "ico_checksum"),
    ("0030182", "ico_format"),  # seven digits
    ("003018250", "ico_format"),  # nine digits
    ("0030182A", "ico_format"),  # a letter
    ("ABCDEFGH", "ico_format"),
    ("0030-825", "ico_format"),
]


@pytest.mark.parametrize("ico", VALID_ICOS + [ico_for(n) for n in range(50)])
def test_valid_ico_passes(ico):
    assert ico_is_valid(ico)
    validate_ico(ico)


@pytest.mark.parametrize(("ico", "code"), BAD_ICOS)
def test_bad_ico_is_rejected_with_its_reason(ico, code):
    assert not ico_is_valid(ico)
    with pytest.raises(ValidationError) as rejected:
        validate_ico(ico)
    assert rejected.value.code == code


@pytest.mark.parametrize(("ico", "_code"), BAD_ICOS)
def test_bad_ico_message_in_czech_names_the_ico(ico, _code):
    with pytest.raises(ValidationError) as rejected, translation.override("cs"):
        validate_ico(ico)
    with translation.override("cs"):
        message = rejected.value.messages[0]
    assert message.strip()
    assert "IČO" in message


def test_checksum_message_quotes_the_rejected_value():
    with pytest.raises(ValidationError) as rejected:
        validate_ico("00301826")
    assert "00301826" in rejected.value.messages[0]


@pytest.mark.parametrize(("remainder_case", "ico"), [("r0", "00000001"), ("r1", "00200000")])
def test_check_digit_edge_cases_of_the_mod_11_rule(remainder_case, ico):
    """Remainder 0 gives check digit 1 and remainder 1 gives 0 (the rule's two wraps)."""
    assert ico_is_valid(ico)


def _organisation(ico: str) -> Organisation:
    return Organisation(
        name="Město Kadaň", slug="mesto-kadan", kind="municipality", region="ustecky", ico=ico
    )


@pytest.mark.django_db
@pytest.mark.parametrize("ico", ["00261238", ""])
def test_organisation_with_valid_or_empty_ico_passes_full_clean(ico):
    _organisation(ico).full_clean()


@pytest.mark.django_db
@pytest.mark.parametrize(("ico", "code"), BAD_ICOS)
def test_organisation_full_clean_rejects_bad_ico_on_the_ico_field(ico, code):
    with pytest.raises(ValidationError) as rejected:
        _organisation(ico).full_clean()
    ico_errors = rejected.value.error_dict["ico"]
    assert code in {error.code for error in ico_errors}


@pytest.mark.django_db
def test_ico_written_with_spaces_is_accepted_and_stored_as_eight_digits():
    organisation = _organisation("003 01 825")
    organisation.full_clean()
    assert organisation.ico == "00301825"


@pytest.mark.django_db
def test_ico_with_spaces_and_a_wrong_check_digit_gets_the_checksum_message():
    with pytest.raises(ValidationError) as rejected:
        _organisation("003 01 826").full_clean()
    assert [e.code for e in rejected.value.error_dict["ico"]] == ["ico_checksum"]
