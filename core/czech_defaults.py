"""Czech defaults that Django and Wagtail hard-code, applied once at start-up (CoreConfig).

- The empty choice of a select: Django writes "---------" (BLANK_CHOICE_DASH for model
  fields with choices, ModelChoiceField's default empty_label); every select of the portal
  and of the admin offers "— vyberte —" instead. django-filter's label is a setting
  (FILTERS_EMPTY_CHOICE_LABEL in portal.settings.base).
- Relative times in Wagtail's admin: "%(time_period)s ago" is "před %(time_period)s", and
  after "před" Czech declines the period in the instrumental ("před 35 minutami", "před
  2 dny"), which Django's nominative time strings ("35 minut") cannot say. Wagtail's tags
  get time strings of their own (msgctxt "time ago").
- Wagtail's CSV exports (reports, form submissions): semicolons, decimal commas and a
  byte-order mark, as every CSV of the portal (core.spreadsheets).
"""

import csv

from django.db.models import fields as model_fields
from django.forms import models as form_models
from django.utils import timesince as django_timesince
from django.utils.html import avoid_wrapping
from django.utils.translation import gettext_lazy, npgettext_lazy

from .spreadsheets import BOM, DELIMITER, spreadsheet_value

EMPTY_CHOICE_LABEL = gettext_lazy("— choose —")

AGO_TIME_STRINGS = {
    "year": npgettext_lazy("time ago", "%(num)d year", "%(num)d years", "num"),
    "month": npgettext_lazy("time ago", "%(num)d month", "%(num)d months", "num"),
    "week": npgettext_lazy("time ago", "%(num)d week", "%(num)d weeks", "num"),
    "day": npgettext_lazy("time ago", "%(num)d day", "%(num)d days", "num"),
    "hour": npgettext_lazy("time ago", "%(num)d hour", "%(num)d hours", "num"),
    "minute": npgettext_lazy("time ago", "%(num)d minute", "%(num)d minutes", "num"),
}


def timesince_ago(d, now=None, *args, **kwargs):
    """Django's timesince for a moment in the past, declined to follow "před"; the zero
    case stays Django's own, which Wagtail compares with to say "právě teď"."""
    plain = django_timesince.timesince(d, now, *args, **kwargs)
    zero = avoid_wrapping(django_timesince.TIME_STRINGS["minute"] % {"num": 0})
    if plain == zero or "time_strings" in kwargs:
        return plain
    return django_timesince.timesince(d, now, *args, time_strings=AGO_TIME_STRINGS, **kwargs)


class _Echo:
    def write(self, value):
        return value.encode("utf-8")


def _stream_czech_csv(self, queryset):
    """SpreadsheetExportMixin.stream_csv with the Czech separators and a byte-order mark."""
    writer = csv.DictWriter(_Echo(), fieldnames=self.list_export, delimiter=DELIMITER)
    yield BOM.encode("utf-8")
    yield writer.writerow({field: self.get_heading(queryset, field) for field in self.list_export})
    for item in queryset:
        yield self.write_csv_row(writer, self.to_row_dict(item))


def apply() -> None:
    model_fields.BLANK_CHOICE_DASH[:] = [("", EMPTY_CHOICE_LABEL)]
    form_models.ModelChoiceField.__init__.__kwdefaults__["empty_label"] = EMPTY_CHOICE_LABEL

    from wagtail.admin.templatetags import wagtailadmin_tags
    from wagtail.admin.views.mixins import SpreadsheetExportMixin

    wagtailadmin_tags.timesince = timesince_ago
    SpreadsheetExportMixin.stream_csv = _stream_czech_csv
    preprocess = SpreadsheetExportMixin.preprocess_field_value

    def preprocess_with_decimal_comma(self, field, value, export_format):
        value = preprocess(self, field, value, export_format)
        return spreadsheet_value(value) if export_format == self.FORMAT_CSV else value

    SpreadsheetExportMixin.preprocess_field_value = preprocess_with_decimal_comma
