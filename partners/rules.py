"""A programme's rules on leases and visits, read from its data (partners.models.Programme
and its VisitPhase rows) and answered without touching the database beyond them.

Dates of a lease are inclusive and counted the way a lease is written: a lease of N months
from S may end on S + N months at the latest (the day the flat is handed back), and one of
at least N months may end the day before S + N months (1. 1.–31. 3. is three months). A
renewal starts the day after the previous lease ends."""

import datetime
from dataclasses import dataclass
from enum import StrEnum

from core.dates import add_months

from .models import Programme

ONE_DAY = datetime.timedelta(days=1)


class LeaseBreach(StrEnum):
    TERM_TOO_LONG = "term_too_long"
    TERM_TOO_SHORT = "term_too_short"
    STAY_TOO_LONG = "stay_too_long"
    AFTER_PROGRAMME_END = "after_programme_end"


@dataclass(frozen=True)
class LeaseCheck:
    """What is wrong with a lease, if anything: the rule it breaks, the months the rule
    allows and the day the lease may (or must) end on."""

    breach: LeaseBreach
    months: int | None
    limit: datetime.date


def stay_last_day(programme: Programme, stay_start: datetime.date) -> datetime.date | None:
    """The last day any lease of a stay begun on `stay_start` may run to: the maximum stay
    counted from the first lease, or the programme's own end (None when it sets neither)."""
    limits = []
    if programme.max_stay_months:
        limits.append(add_months(stay_start, programme.max_stay_months))
    if programme.leases_until:
        limits.append(programme.leases_until)
    return min(limits) if limits else None


def latest_lease_end(
    programme: Programme, lease_start: datetime.date, stay_start: datetime.date
) -> datetime.date | None:
    """The last day the lease starting on `lease_start` may run to, or None without a limit:
    the lease term, then the stay's own last day."""
    limits = [stay_last_day(programme, stay_start)]
    if programme.lease_term_months:
        limits.append(add_months(lease_start, programme.lease_term_months))
    limits = [limit for limit in limits if limit is not None]
    return min(limits) if limits else None


def lease_check(
    programme: Programme,
    lease_start: datetime.date,
    lease_end: datetime.date,
    *,
    stay_start: datetime.date | None = None,
) -> LeaseCheck | None:
    """The first rule of the programme that the lease breaks, or None when it keeps them.
    `stay_start` is the first lease's start when this lease renews an earlier one."""
    stay_start = stay_start or lease_start
    if programme.lease_term_months:
        limit = add_months(lease_start, programme.lease_term_months)
        if lease_end > limit:
            return LeaseCheck(LeaseBreach.TERM_TOO_LONG, programme.lease_term_months, limit)
    if programme.max_stay_months:
        limit = add_months(stay_start, programme.max_stay_months)
        if lease_end > limit:
            return LeaseCheck(LeaseBreach.STAY_TOO_LONG, programme.max_stay_months, limit)
    if programme.leases_until and lease_end > programme.leases_until:
        return LeaseCheck(LeaseBreach.AFTER_PROGRAMME_END, None, programme.leases_until)
    if programme.lease_term_min_months:
        shortest = add_months(lease_start, programme.lease_term_min_months) - ONE_DAY
        # The last lease before the stay's maximum (or the project's end) may be shorter.
        cap = latest_lease_end(programme, lease_start, stay_start)
        if cap is not None:
            shortest = min(shortest, cap)
        if lease_end < shortest:
            return LeaseCheck(LeaseBreach.TERM_TOO_SHORT, programme.lease_term_min_months, shortest)
    return None


def renewal_possible(programme: Programme, lease_end: datetime.date, stay_start: datetime.date):
    """Whether a lease ending on `lease_end` can still be renewed by at least a day."""
    cap = latest_lease_end(programme, lease_end + ONE_DAY, stay_start)
    return cap is None or cap > lease_end


@dataclass(frozen=True)
class VisitSchedule:
    """How often the key worker visits over one stay: (from which day, at least every how
    many days) in date order; an interval of None means no visits are required then."""

    phases: tuple[tuple[datetime.date, int | None], ...]

    def interval_on(self, day: datetime.date) -> int | None:
        interval = None
        for start, days in self.phases:
            if start > day:
                break
            interval = days
        return interval

    def overdue_from(self, last_visit: datetime.date) -> datetime.date | None:
        """The first day the next visit is late: the first day after `last_visit` that lies
        further from it than the interval in force on that day. A switch to a shorter
        interval makes a visit late sooner; a switch to none ends the schedule."""
        for index, (start, days) in enumerate(self.phases):
            end = self.phases[index + 1][0] if index + 1 < len(self.phases) else None
            if days is None:
                continue
            candidate = max(start, last_visit + datetime.timedelta(days=days + 1))
            if end is None or candidate < end:
                return candidate
        return None


def visit_schedule(programme: Programme, moved_in_on: datetime.date) -> VisitSchedule:
    """The schedule of one stay. Reads `programme.visit_phases.all()`, so a caller looping
    over stays prefetches them."""
    phases = [(moved_in_on, programme.visit_interval_days)]
    for phase in programme.visit_phases.all():
        phases.append((add_months(moved_in_on, phase.starts_after_months), phase.interval_days))
    phases.sort(key=lambda item: item[0])
    return VisitSchedule(tuple(phases))


def has_visit_schedule(programme: Programme) -> bool:
    return bool(programme.visit_interval_days) or any(
        phase.interval_days for phase in programme.visit_phases.all()
    )
