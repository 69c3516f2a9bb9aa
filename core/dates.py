"""Calendar arithmetic the apps share: leases and schedules are counted in months."""

import calendar
import datetime


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later (or earlier), clipped to the month's last day:
    31 January + 1 month is 28 (or 29) February."""
    month_index = day.month - 1 + months
    year = day.year + month_index // 12
    month = month_index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )
