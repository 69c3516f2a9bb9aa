"""The error summary of a page (GOV.CZ and GOV.UK form habits): after a refused form, the
page title starts with "Chyba: ", and a box at the top of the main content lists every
error with a link to its field and takes the focus (static/js/error-summary.js).

The forms are found in the template context (top level, or one level down in a list or a
dict), so a view that re-renders a bound form gets the summary without doing anything."""

from django import forms, template
from django.utils.translation import gettext as _

register = template.Library()


def _candidates(context):
    for value in context.flatten().values():
        if isinstance(value, (list, tuple)):
            yield from value
        elif isinstance(value, dict):
            yield from value.values()
        else:
            yield value


def _bound_forms(context) -> list:
    found, seen = [], set()
    for value in _candidates(context):
        if id(value) in seen:
            continue
        if isinstance(value, (forms.BaseForm, forms.BaseFormSet)) and value.is_bound:
            seen.add(id(value))
            found.append(value)
    return found


def _form_errors(form) -> list[dict]:
    items = []
    if not form.errors:
        return items
    for error in form.non_field_errors():
        items.append({"text": error, "href": ""})
    for name, errors in form.errors.items():
        if name == forms.forms.NON_FIELD_ERRORS or name not in form.fields:
            continue
        bound = form[name]
        target = bound.id_for_label or bound.auto_id
        label = bound.label
        for error in errors:
            items.append(
                {
                    "text": f"{label}: {error}" if label and not bound.is_hidden else error,
                    "href": f"#{target}" if target and not bound.is_hidden else "",
                }
            )
    return items


def page_errors(context) -> list[dict]:
    """Each error of the bound forms of the page: its text and the link to its field."""
    items = []
    for form in _bound_forms(context):
        if isinstance(form, forms.BaseFormSet):
            if not form.is_valid():
                items += [{"text": e, "href": ""} for e in form.non_form_errors()]
                for member in form.forms:
                    items += _form_errors(member)
        elif not form.is_valid():
            items += _form_errors(form)
    return items


@register.simple_tag(takes_context=True)
def error_title_prefix(context) -> str:
    """ "Chyba: " in front of the page title when a form of the page was refused."""
    return _("Error: ") if page_errors(context) else ""


@register.inclusion_tag("core/error_summary.html", takes_context=True)
def error_summary(context) -> dict:
    return {"errors": page_errors(context)}
