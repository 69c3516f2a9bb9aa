"""`{% fast_field %}`: a form field rendered like `{{ field }}`, faster for a single select
(see core.widgets)."""

import datetime
from decimal import Decimal

from django import forms, template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeData, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core.widgets import FastSelect, render_select

register = template.Library()


@register.simple_tag
def fast_field(bound_field):
    """`{{ field }}`, faster for a single <select>; the same HTML but the blank lines."""
    field = bound_field.field
    widget = field.widget
    if type(widget) not in (forms.Select, FastSelect) or field.localize or widget.attrs:
        return bound_field.as_widget()
    attrs = bound_field.build_widget_attrs({}, widget)
    if bound_field.auto_id:
        attrs.setdefault("id", bound_field.auto_id)
    return render_select(
        bound_field.html_name, widget.format_value(bound_field.value()), attrs, field.choices
    )


# --- The field group of the referral forms ----------------------------------------------

# Widgets whose template is input.html (or includes only it), rendered here in Python.
_INPUT_TEMPLATES = {
    "django/forms/widgets/input.html",
    "django/forms/widgets/text.html",
    "django/forms/widgets/number.html",
    "django/forms/widgets/email.html",
    "django/forms/widgets/url.html",
    "django/forms/widgets/date.html",
    "django/forms/widgets/time.html",
    "django/forms/widgets/datetime.html",
    "django/forms/widgets/checkbox.html",
}
_TEXTAREA = "django/forms/widgets/textarea.html"
_FIELD_TEMPLATE = "django/forms/field.html"
_LABEL_TEMPLATE = "django/forms/label.html"


def _text(value) -> str:
    """`{{ value|stringformat:'s' }}` under autoescape."""
    return conditional_escape(value if isinstance(value, SafeData) else str(value))


def _html_attrs(attrs: dict) -> str:
    """django/forms/widgets/attrs.html (and forms/attrs.html)."""
    parts = []
    for name, value in attrs.items():
        if value is True:
            parts.append(f" {conditional_escape(name)}")
        elif value is not False:
            parts.append(f' {conditional_escape(name)}="{_text(value)}"')
    return "".join(parts)


def _widget_html(bound_field) -> str | None:
    """`{{ field }}` for an input, a textarea or a single select; None for other widgets."""
    field = bound_field.field
    widget = field.widget
    if field.show_hidden_initial:
        return None
    if field.localize:
        widget.is_localized = True  # as BoundField.as_widget does
    template_name = getattr(widget, "template_name", "")
    is_select = type(widget) in (forms.Select, FastSelect)
    if not is_select and template_name not in _INPUT_TEMPLATES and template_name != _TEXTAREA:
        return None
    attrs = bound_field.build_widget_attrs({}, widget)
    if bound_field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", bound_field.auto_id)
    value = bound_field.value()
    if is_select:
        return render_select(
            bound_field.html_name,
            widget.format_value(value),
            widget.build_attrs(widget.attrs, attrs),
            widget.choices,
        )
    context = widget.get_context(bound_field.html_name, value, attrs)["widget"]
    name = conditional_escape(context["name"])
    if template_name == _TEXTAREA:
        text = conditional_escape(context["value"]) if context["value"] else ""
        return f'<textarea name="{name}"{_html_attrs(context["attrs"])}>\n{text}</textarea>'
    shown = "" if context["value"] is None else f' value="{_text(context["value"])}"'
    return (
        f'<input type="{conditional_escape(context["type"])}" name="{name}"{shown}'
        f"{_html_attrs(context['attrs'])}>"
    )


def _label_html(bound_field) -> str:
    """BoundField.label_tag() with django/forms/label.html."""
    field, form = bound_field.field, bound_field.form
    contents = bound_field.label
    suffix = field.label_suffix if field.label_suffix is not None else form.label_suffix
    if suffix and contents and contents[-1] not in _(":?.!"):
        contents = format_html("{}{}", contents, suffix)
    widget = field.widget
    id_ = widget.attrs.get("id") or bound_field.auto_id
    if not id_:
        return conditional_escape(contents)
    attrs = None
    id_for_label = widget.id_for_label(id_)
    if id_for_label:
        attrs = {"for": id_for_label}
    if field.required and hasattr(form, "required_css_class"):
        attrs = attrs or {}
        if "class" in attrs:
            attrs["class"] += " " + form.required_css_class
        else:
            attrs["class"] = form.required_css_class
    return f"<label{_html_attrs(attrs or {})}>{conditional_escape(contents)}</label>"


# The field groups of empty forms whose fields are the same in every instance (a form
# class that says so with `fixed_fields = True`), by what else they depend on: the form's
# ids, the field, the language and the initial value. Most referral pages show the same
# empty forms again and again; only their initial values (today's date, the account's
# settings) differ. Cleared when full: the initial values of accounts are many.
_EMPTY_FIELD_HTML: dict = {}
_EMPTY_FIELD_HTML_MAX = 2_000


# Initial values the key holds as they are written (repr: 0 and Decimal("0.00") are equal
# but are written "0" and "0,00"); a field with any other value is written each time.
_PLAIN_VALUES = (type(None), bool, int, str, Decimal, datetime.date, datetime.datetime)


def _empty_field_key(bound_field):
    form = bound_field.form
    if form.is_bound or not getattr(form, "fixed_fields", False):
        return None
    value = bound_field.value()
    if type(value) not in _PLAIN_VALUES:
        return None
    return (
        type(form),
        form.auto_id,
        form.prefix,
        form.label_suffix,
        form.use_required_attribute,
        bound_field.name,
        get_language(),
        repr(value),
    )


@register.simple_tag
def fast_field_group(bound_field):
    """`{{ field.as_field_group }}` (django/forms/field.html) written in Python for a field
    without errors whose widget is an input, a textarea or a single select: the referral
    page renders nine forms, and the templates of their 27 fields took a fifth of its time
    (docs/decisions/0004). The same HTML but the blank lines of a select's options;
    anything else (errors, fieldsets, other widgets or templates) goes to Django. The
    field groups of empty forms with fixed fields are written once per process and value
    (_EMPTY_FIELD_HTML)."""
    key = _empty_field_key(bound_field)
    if key is None:
        return _field_group(bound_field)
    html = _EMPTY_FIELD_HTML.get(key)
    if html is None:
        if len(_EMPTY_FIELD_HTML) >= _EMPTY_FIELD_HTML_MAX:
            _EMPTY_FIELD_HTML.clear()
        html = _EMPTY_FIELD_HTML[key] = _field_group(bound_field)
    return html


def _field_group(bound_field):
    form = bound_field.form
    if (
        bound_field.errors
        or bound_field.use_fieldset
        or bound_field.template_name != _FIELD_TEMPLATE
        or form.template_name_label != _LABEL_TEMPLATE
    ):
        return bound_field.as_field_group()
    widget = _widget_html(bound_field)
    if widget is None:
        return bound_field.as_field_group()
    label = _label_html(bound_field) if bound_field.label else ""
    help_text = ""
    if bound_field.help_text:
        id_attr = f' id="{bound_field.auto_id}_helptext"' if bound_field.auto_id else ""
        help_text = f'<div class="helptext"{id_attr}>{bound_field.help_text}</div>'
    return mark_safe(f"{label}\n\n{help_text}\n\n{widget}")  # noqa: S308 - escaped above
