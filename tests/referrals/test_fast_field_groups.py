"""`{% fast_field_group %}` (core/templatetags/fast_forms.py) writes the field group of the
referral forms in Python: it must give the HTML Django's field.html gives (but the blank
lines between a select's options) for every field of every referral form, empty, filled
in, refused with errors, and with Czech decimals."""

import inspect
import re
from decimal import Decimal

import pytest
from django import forms

from core.templatetags.fast_forms import fast_field_group
from referrals import forms as referral_forms

pytestmark = pytest.mark.django_db


def _same(bound_field) -> bool:
    django_html = re.sub(r"\n\s*\n", "\n", str(bound_field.as_field_group()))
    return re.sub(r"\n\s*\n", "\n", str(fast_field_group(bound_field))) == django_html


def _forms(data):
    """Each referral form that can be built without arguments, bound to `data` if given."""
    for name in sorted(dir(referral_forms)):
        cls = getattr(referral_forms, name)
        if not (inspect.isclass(cls) and issubclass(cls, forms.BaseForm)):
            continue
        try:
            form = cls(data) if data is not None else cls()
        except TypeError:
            continue  # needs the referral, the programmes … (rendered on their pages)
        if data is not None:
            form.is_valid()
        yield form


def test_every_field_of_the_referral_forms_renders_as_django_renders_it():
    checked = 0
    fast = 0
    wrong = {"amount": "1 234,50", "note": '<b>"x"</b>', "due_day": "40", "rent": "x"}
    for data in (None, {}, wrong):
        for form in _forms(data):
            for bound_field in form:
                assert _same(bound_field), (type(form).__name__, bound_field.name, data)
                checked += 1
                if not bound_field.errors and type(bound_field.field.widget) in (
                    forms.TextInput,
                    forms.NumberInput,
                    forms.Textarea,
                    forms.Select,
                ):
                    fast += 1
    # Not vacuous: the money, visit, goal and flag forms are among them.
    assert checked > 150 and fast > 50


def test_values_labels_and_help_are_escaped_as_django_escapes_them():
    form = referral_forms.PaymentForm(
        {"amount": "12,5", "paid_on": "2026-01-01", "note": "<i>x</i>"}
    )
    form.fields["note"].label = "Pozn. <script>"
    form.fields["note"].help_text = "Nápověda <em>tučně</em>"
    form.is_valid()
    for bound_field in form:
        assert _same(bound_field), bound_field.name
    html = str(fast_field_group(form["note"]))
    assert "&lt;i&gt;x&lt;/i&gt;" in html and "&lt;script&gt;" in html
    assert 'aria-describedby="id_payment-note_helptext"' in html
    assert "<em>tučně</em>" in html  # help text is HTML in Django's template too


def test_localized_amounts_are_written_as_django_writes_them():
    form = referral_forms.RentTermsForm(initial={"rent": "3200.50", "services": "0"})
    for bound_field in form:
        assert _same(bound_field), bound_field.name
    assert 'name="rent"' in str(fast_field_group(form["rent"]))


def test_empty_forms_with_fixed_fields_are_written_once_per_value_and_language():
    """A page's empty forms come from the per-process store: the same HTML as Django's
    for each language and initial value, and a filled-in or refused form never does."""
    from django.utils import translation

    from core.templatetags import fast_forms

    fast_forms._EMPTY_FIELD_HTML.clear()
    with translation.override("cs"):
        first = referral_forms.FlagForm()
        assert _same(first["reason"])
        stored = len(fast_forms._EMPTY_FIELD_HTML)
        assert stored == 1
        again = referral_forms.FlagForm()
        assert fast_field_group(again["reason"]) is fast_field_group(first["reason"])
        assert len(fast_forms._EMPTY_FIELD_HTML) == stored
    with translation.override("en"):
        english = referral_forms.FlagForm()
        assert _same(english["reason"]) and "Reason" in str(fast_field_group(english["reason"]))
    with translation.override("cs"):
        # other initial values: their own HTML, each as Django writes it (equal values
        # written differently too)
        for deposit in (0, Decimal("0.00"), 6000):
            form = referral_forms.AccountForm(initial={"deposit_amount": deposit})
            assert _same(form["deposit_amount"])
        refused = referral_forms.FlagForm({"kind": "x"})
        refused.is_valid()
        assert _same(refused["reason"]) and "errorlist" in str(fast_field_group(refused["reason"]))
        count = len(fast_forms._EMPTY_FIELD_HTML)
        assert count == 2 + 3  # the bound form stored nothing


def test_a_form_that_changes_its_fields_per_instance_is_not_stored():
    from core.templatetags import fast_forms

    class Changing(referral_forms.FlagForm):
        fixed_fields = False

    fast_forms._EMPTY_FIELD_HTML.clear()
    form = Changing()
    form.fields["reason"].label = "Jiný popisek"
    assert "Jiný popisek" in str(fast_field_group(form["reason"]))
    assert fast_forms._EMPTY_FIELD_HTML == {}
