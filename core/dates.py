"""Calendar arithmetic the apps share (leases and schedules are counted in months), and
dates written for people."""

import calendar
import datetime

from django.utils import formats, timezone


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later (or earlier), clipped to the month's last day:
    31 January + 1 month is 28 (or 29) February."""
    month_index = day.month - 1 + months
    year = day.year + month_index // 12
    month = month_index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def czech_date(day: datetime.date | None) -> str:
    """A date in a text Python writes for people (a message, a timeline line, a report
    heading) exactly as the templates write it (`|date:"SHORT_DATE_FORMAT"`, core.formats):
    7. 12. 2026 with no-break spaces, so a line break never splits it. "–" for no date."""
    if day is None:
        return "–"
    if isinstance(day, datetime.datetime):
        day = timezone.localdate(day) if timezone.is_aware(day) else day.date()
    return formats.date_format(day, "SHORT_DATE_FORMAT")


def czech_datetime(moment: datetime.datetime | None) -> str:
    """A moment as the templates write it (`|date:"SHORT_DATETIME_FORMAT"`), in local
    time: 7. 12. 2026 14:05 with no-break spaces. "–" for none."""
    if moment is None:
        return "–"
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return formats.date_format(moment, "SHORT_DATETIME_FORMAT")
