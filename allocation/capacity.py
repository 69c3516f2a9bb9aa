"""The capacity board: places, occupied, reserved, free and the waiting list per
programme, per region and across the coalition. Counts only, in five grouped queries
whatever the number of programmes.

- *places*: the programme's stated capacity (flats, shelter beds or families, in its own
  unit); where it states none, the places of its flats registered here;
- *occupied*: stays in force (moved in, not ended);
- *reserved*: referrals accepted and not yet moved in;
- *free*: places less occupied and reserved (never below zero; unknown without places);
- *waiting*: applicants on the programme's waiting list (waiting or with a flat offered);
- the flats' columns: registered flats' places vacant, offered and free within 60 days.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum
from django.utils import timezone

from partners.models import Programme, Region
from referrals import workflow
from referrals.models import Referral, Stay

from .models import EntryStatus, Flat, WaitingListEntry

# A let flat whose lease ends (or a repair that ends) within this many days is “soon free”.
SOON_FREE_DAYS = 60
PLACE_KINDS = (
    Programme.Kind.HOUSING,
    Programme.Kind.SHELTER,
    Programme.Kind.RENTAL_AGENCY,
    Programme.Kind.SUPPORT_IN_HOUSING,
)


@dataclass
class CapacityRow:
    label: str
    organisation: str = ""
    stage: str = ""
    stage_level: int = 0
    unit: str = ""
    places: int | None = None
    places_from_flats: bool = False
    occupied: int = 0
    reserved: int = 0
    waiting: int = 0
    flats: int = 0
    vacant: int = 0
    offered: int = 0
    soon_free: int = 0
    free: int | None = None

    def count_free(self) -> None:
        if self.places is not None:
            self.free = max(0, self.places - self.occupied - self.reserved)

    def add(self, other: "CapacityRow") -> None:
        """Sums; places and free only over the rows that know them."""
        if other.places is not None:
            self.places = (self.places or 0) + other.places
        if other.free is not None:
            self.free = (self.free or 0) + other.free
        for name in ("occupied", "reserved", "waiting", "flats", "vacant", "offered", "soon_free"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class CapacityRegion:
    code: str
    label: str
    rows: list[CapacityRow] = field(default_factory=list)
    total: CapacityRow = field(default_factory=lambda: CapacityRow(label=""))


@dataclass
class CapacityBoard:
    regions: list[CapacityRegion]
    total: CapacityRow


def _by_programme(qs, **aggregates) -> dict[int, dict]:
    return {
        row.pop("programme_id"): row for row in qs.values("programme_id").annotate(**aggregates)
    }


def capacity_board(today: datetime.date | None = None) -> CapacityBoard:
    today = today or timezone.localdate()
    soon = today + datetime.timedelta(days=SOON_FREE_DAYS)
    busy = Q(state__in=[Flat.State.LET, Flat.State.UNDER_REPAIR])
    flats = _by_programme(
        Flat.objects.all(),
        flats=Count("pk"),
        flat_places=Sum("places"),
        vacant=Sum("places", filter=Q(state=Flat.State.VACANT), default=0),
        offered=Sum("places", filter=Q(state=Flat.State.OFFERED), default=0),
        soon_free=Sum(
            "places", filter=busy & Q(free_from__isnull=False, free_from__lte=soon), default=0
        ),
    )
    occupied = _by_programme(
        Stay.objects.filter(ended_on__isnull=True, referral__status=workflow.Status.PLACED),
        n=Count("pk"),
    )
    reserved = _by_programme(
        Referral.objects.filter(status=workflow.Status.ACCEPTED, archived_at__isnull=True),
        n=Count("pk"),
    )
    waiting = _by_programme(
        WaitingListEntry.objects.filter(status__in=[EntryStatus.WAITING, EntryStatus.OFFERED]),
        n=Count("pk"),
    )
    counted = set(flats) | set(occupied) | set(reserved) | set(waiting)
    programmes = (
        Programme.objects.filter(
            Q(is_active=True, kind__in=PLACE_KINDS)
            | Q(is_active=True, capacity__isnull=False)
            | Q(pk__in=counted)
        )
        .select_related("organisation", "stage")
        .order_by("organisation__region", "stage__level", "organisation__name", "name")
    )
    regions: dict[str, CapacityRegion] = {}
    total = CapacityRow(label="")
    for programme in programmes:
        own_flats = flats.get(programme.pk, {})
        row = CapacityRow(
            label=programme.name,
            organisation=programme.organisation.name,
            stage=programme.stage_label,
            stage_level=programme.stage.level if programme.stage else 0,
            unit=programme.capacity_unit,
            places=programme.capacity,
            occupied=occupied.get(programme.pk, {}).get("n", 0),
            reserved=reserved.get(programme.pk, {}).get("n", 0),
            waiting=waiting.get(programme.pk, {}).get("n", 0),
            flats=own_flats.get("flats", 0),
            vacant=own_flats.get("vacant", 0),
            offered=own_flats.get("offered", 0),
            soon_free=own_flats.get("soon_free", 0),
        )
        if row.places is None and own_flats.get("flat_places"):
            row.places, row.places_from_flats = own_flats["flat_places"], True
        row.count_free()
        code = programme.organisation.region
        region = regions.get(code)
        if region is None:
            region = regions[code] = CapacityRegion(
                code=code, label=Region(code).label if code in Region.values else code
            )
        region.rows.append(row)
        region.total.add(row)
        total.add(row)
    return CapacityBoard(regions=sorted(regions.values(), key=lambda r: r.label), total=total)
