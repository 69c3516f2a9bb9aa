"""Form widgets every app shares: a date input the browsers render as a date picker, and
selects rendered without a template per option.

FastSelect and `render_select`:

Django renders each <option> of a select through its own widget template (an include with
a context push): about 0.2 ms an option, so the library filter's organisation select (one
option per organisation with items, 500 at scale M) took most of the page (bench/README.md).
`fast_field` writes the same HTML as the widget templates in Python for single selects and
leaves every other widget to Django.
"""

from html import escape  # what django.utils.html.escape calls, without the lazy wrapper

from django import forms
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe


def _attrs(attrs: dict) -> str:
    # django/forms/widgets/attrs.html: False leaves the attribute out, True writes its name.
    parts = []
    for name, value in attrs.items():
        if value is False or value is None:
            continue
        if value is True:
            parts.append(f" {conditional_escape(name)}")
        else:
            parts.append(f' {conditional_escape(name)}="{conditional_escape(str(value))}"')
    return "".join(parts)


def _option(value, label, selected: bool) -> str:
    return (
        f'\n  <option value="{escape(str(value))}"{" selected" if selected else ""}>'
        f"{escape(str(label))}</option>"
    )


def render_select(name: str, values, attrs: dict, choices) -> str:
    """django/forms/widgets/select.html for a single select, without the blank lines."""
    current = set(values)
    has_selected = False  # Select.optgroups: the first option whose value matches
    html = [f'<select name="{escape(name)}"{_attrs(attrs)}>']
    for value, label in choices:
        if isinstance(label, (list, tuple)):
            html.append(f'\n  <optgroup label="{escape(str(value))}">')
            for sub_value, sub_label in label:
                selected = not has_selected and str(sub_value) in current
                has_selected |= selected
                html.append(_option(sub_value, sub_label, selected))
            html.append("\n  </optgroup>")
            continue
        selected = not has_selected and str(value) in current
        has_selected |= selected
        html.append(_option(value, label, selected))
    html.append("\n</select>")
    return mark_safe("".join(html))  # noqa: S308 - every value above is escaped


class FastSelect(forms.Select):
    """A Select that renders in Python (same HTML); `FastSelect.replace(form)` swaps it in
    for every plain Select of a form."""

    def render(self, name, value, attrs=None, renderer=None):
        return render_select(
            name, self.format_value(value), self.build_attrs(self.attrs, attrs), self.choices
        )

    @classmethod
    def replace(cls, form) -> None:
        for field in form.fields.values():
            widget = field.widget
            if type(widget) is forms.Select and not field.localize:
                fast = cls(attrs=widget.attrs)
                fast.choices = widget.choices
                fast.is_required = widget.is_required
                field.widget = fast


class DateInput(forms.DateInput):
    """An ISO date the browser renders as its date picker."""

    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)
