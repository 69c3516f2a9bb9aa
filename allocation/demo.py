"""Demo data of allocation: Ostrava's points table, districts, a few applicants whose
referrals the city's commission accepted and scored, and flats in three districts.
Idempotent: everything is looked up by a natural key before it is created."""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from core.dates import add_months
from partners.models import Organisation, PathwayStage, Programme
from referrals import services as referral_services
from referrals.models import Client, Referral

from . import services
from .models import District, Flat, Offer, ScoringCriterion, WaitingListEntry

CITY = "statutarni-mesto-ostrava"
PROGRAMME = "socialni-bydleni"
DEMO_MARK = "[demo přidělování]"

CRITERIA = [
    ("Rodina s nezletilými dětmi", 10, "rodné listy dětí, rozhodnutí o svěření do péče"),
    ("Samoživitel/ka", 5, "rozhodnutí soudu nebo čestné prohlášení"),
    ("Oběť domácího násilí", 10, "zpráva intervenčního centra, policie nebo soudu"),
    ("Odchod z ústavní nebo pěstounské péče", 8, "potvrzení zařízení nebo OSPOD"),
    (
        "Náklady na bydlení přes 40 % disponibilních příjmů",
        6,
        "nájemní smlouva, doklady o příjmech",
    ),
    ("Pobyt v azylovém domě nebo na ubytovně déle než 6 měsíců", 5, "potvrzení zařízení"),
    ("Aktivní spolupráce se sociálním pracovníkem", 4, "doporučení klíčového pracovníka"),
]

DISTRICTS = ["Ostrava-Jih", "Moravská Ostrava a Přívoz", "Poruba", "Slezská Ostrava", "Vítkovice"]

APPLICANTS = [
    # last name, household (children), criteria met, districts, extra client data
    ("Horváthová", 3, [0, 1, 5, 6], ["Ostrava-Jih", "Vítkovice"], {}),
    ("Novák", 1, [3, 6], [], {"debt_to_city": 6400, "city_repayment_schedule": "400 Kč měsíčně"}),
    ("Kováčová", 2, [0, 2, 6], ["Poruba"], {}),
    ("Dvořák", 4, [0, 4], ["Moravská Ostrava a Přívoz"], {"debt_to_energy_supplier": 5200}),
]

FLATS = [
    ("Horní 1450/28, Ostrava-Hrabůvka", "Ostrava-Jih", 2, 53, 4, 5400, 350, 500, True),
    ("Hlavní třída 610/12, Ostrava-Poruba", "Poruba", 1, 34, 2, 3900, 800, 300, False),
    (
        "Nádražní 112/40, Moravská Ostrava",
        "Moravská Ostrava a Přívoz",
        3,
        71,
        6,
        7100,
        1500,
        900,
        False,
    ),
]


def _user(username):
    return get_user_model().objects.filter(username=username, is_active=True).first()


def _applicant(programme, worker, reviewer, last_name, household, data) -> Referral:
    existing = Client.objects.filter(
        responsible_organisation=programme.organisation, last_name=last_name, notes=DEMO_MARK
    ).first()
    if existing is not None:
        return existing.referrals.filter(programme=programme).first()
    members = [{"relation": "head", "first_name": "Žadatel"}] + [
        {
            "relation": "child",
            "first_name": f"Dítě {i + 1}",
            "birth_date": datetime.date(2014 + i, 3, 1),
        }
        for i in range(household - 1)
    ]
    # Debts found when the commission checks applicants before a flat is offered are
    # recorded after the acceptance: matching reads the record as it is now.
    client = referral_services.client_create(
        user=worker,
        organisation=programme.organisation,
        data={"first_name": "Demo", "last_name": last_name, "notes": DEMO_MARK},
        household=members,
    )
    referral = referral_services.referral_create(
        user=worker,
        client=client,
        programme=programme,
        reason=(
            "Žádost o sociální byt podaná na Magistrátu města Ostravy, sociální šetření provedeno."
        ),
        urgency="normal",
        answers={c.pk: {"answer": "yes", "note": ""} for c in programme.intake_criteria.all()},
    )
    referral_services.referral_submit(referral=referral, user=worker)
    referral = referral_services.referral_accept(referral=referral, user=reviewer)
    if data:
        referral_services.client_update(user=worker, client=client, data=data)
    return referral


@transaction.atomic
def demo_allocation_load() -> list[str]:
    city = Organisation.objects.filter(slug=CITY).first()
    programme = Programme.objects.filter(organisation=city, slug=PROGRAMME).first()
    worker, reviewer = _user("ostrava-socialni"), _user("ostrava-komise")
    if not (city and programme and worker and reviewer):
        return ["Allocation demo skipped: Ostrava's programme or accounts are missing."]
    criteria = []
    for order, (name, points, evidence) in enumerate(CRITERIA):
        criterion, _ = ScoringCriterion.objects.get_or_create(
            programme=programme,
            name=name,
            defaults={"points": points, "evidence": evidence, "sort_order": order},
        )
        criteria.append(criterion)
    districts = {
        name: District.objects.get_or_create(name=name, defaults={"city": "Ostrava"})[0]
        for name in DISTRICTS
    }
    added = 0
    for last_name, household, met, wanted, data in APPLICANTS:
        referral = _applicant(programme, worker, reviewer, last_name, household, data)
        if referral is None or WaitingListEntry.objects.filter(referral=referral).exists():
            continue
        entry = services.entry_create(
            referral=referral,
            user=reviewer,
            preferred_districts=[districts[d] for d in wanted],
            near_school=household > 1,
        )
        ids = [criteria[i].pk for i in met]
        services.score_record(entry=entry, user=reviewer, criterion_ids=ids)
        services.score_decide(
            entry=entry, user=reviewer, criterion_ids=ids, note="Rozhodnuto na jednání komise."
        )
        added += 1
    stage = programme.stage or PathwayStage.objects.get(slug="socialni")
    flats = 0
    for address, district, rooms, size, persons, rent, school, kindergarten, accessible in FLATS:
        if Flat.objects.filter(address=address).exists():
            continue
        services.flat_create(
            user=reviewer,
            owner=city,
            address=address,
            district=districts[district],
            programme=programme,
            stage=stage,
            rooms=rooms,
            size_m2=size,
            max_occupants=persons,
            rent=rent,
            deposit=Flat.Deposit.NONE,
            deposit_note="Ostrava jistotu nevybírá.",
            distance_to_school_m=school,
            distance_to_kindergarten_m=kindergarten,
            is_accessible=accessible,
            support_provider=city,
        )
        flats += 1
    return [f"Allocation demo: {added} new scored applicants, {flats} new flats."]


# --- Offers that show the rules at work (issue 15) --------------------------------------


def _offer_accepted_by_both(programme, owner_officer, support_worker) -> str:
    """Ostrava's commission offers the Hrabůvka flat to the best-placed family; the flat's
    owner (the city's housing officer) and the support provider (the social worker who
    will visit) each accept, and the second acceptance moves the family in."""
    if Offer.objects.filter(flat__programme=programme, status=Offer.Status.ACCEPTED).exists():
        return "Ostrava offer accepted by both sides: kept (exists)."
    flat = Flat.objects.filter(address=FLATS[0][0], state=Flat.State.VACANT).first()
    entry = WaitingListEntry.objects.filter(
        programme=programme, referral__client__last_name="Horváthová", status="waiting"
    ).first()
    if flat is None or entry is None:
        return "Ostrava offer accepted by both sides: skipped (flat or applicant missing)."
    start = timezone.localdate()
    offer = services.offer_create(
        flat=flat,
        entry=entry,
        user=owner_officer,
        lease_start=start,
        lease_end=add_months(start, 6) - datetime.timedelta(days=1),
        support_worker=support_worker,
    )
    services.offer_accept(offer=offer, user=owner_officer, side=Offer.Side.OWNER)
    services.offer_accept(offer=offer, user=support_worker, side=Offer.Side.SUPPORT)
    return "Ostrava offer accepted by the owner and the support provider: the family moved in."


MNA_FLAT = ("Klapkova 1830/21, Praha 8 – Kobylisy", "Praha 8")


def _mna_family_near_school(mna, cssp) -> str:
    """The rental agency offers a flat 250 m from a primary school to a shelter family with
    children; the owner's side (the agency) and the support provider (Konečně domov) have
    yet to accept."""
    programme = Programme.objects.filter(organisation=mna, slug="byty-mna").first()
    officer, shelter_worker = _user("mna-komise"), _user("azyl-socialni")
    shelter = Organisation.objects.filter(slug="azylovy-dum-praha").first()
    if not (programme and officer and shelter_worker and shelter and cssp):
        return "MNA flat near a school: skipped (programme or accounts missing)."
    if Flat.objects.filter(address=MNA_FLAT[0]).exists():
        return "MNA flat near a school: kept (exists)."
    client = referral_services.client_create(
        user=shelter_worker,
        organisation=shelter,
        data={
            "first_name": "Kristýna",
            "last_name": "Benešová",
            "housing_situation": "shelter",
            "needs": "Byt 2+kk v docházkové vzdálenosti od ZŠ, kam chodí obě děti.",
            "notes": DEMO_MARK,
        },
        household=[
            {"relation": "head", "first_name": "Kristýna"},
            {"relation": "child", "first_name": "Ema", "birth_date": datetime.date(2015, 4, 2)},
            {"relation": "child", "first_name": "Jakub", "birth_date": datetime.date(2018, 8, 20)},
        ],
    )
    referral_services.consent_grant(
        user=shelter_worker,
        client=client,
        organisation=mna,
        purpose="assessment",
        categories=["identity", "household", "finances"],
        valid_from=timezone.localdate(),
        valid_until=add_months(timezone.localdate(), 24),
    )
    referral = referral_services.referral_create(
        user=shelter_worker,
        client=client,
        programme=programme,
        reason="Rodina připravená na samostatné bydlení; děti chodí do ZŠ v Kobylisích.",
        urgency="normal",
        answers={c.pk: {"answer": "yes", "note": ""} for c in programme.intake_criteria.all()},
    )
    referral_services.referral_submit(referral=referral, user=shelter_worker)
    referral = referral_services.referral_accept(referral=referral, user=officer)
    entry = services.entry_create(
        referral=referral,
        user=officer,
        household_size=3,
        min_rooms=2,
        near_school=True,
        near_kindergarten=False,
    )
    district = District.objects.get_or_create(name=MNA_FLAT[1], defaults={"city": "Praha"})[0]
    flat = services.flat_create(
        user=officer,
        owner=mna,
        address=MNA_FLAT[0],
        district=district,
        programme=programme,
        stage=programme.stage or PathwayStage.objects.get(slug="dostupne"),
        rooms=2,
        size_m2=52,
        max_occupants=4,
        rent=11800,
        deposit=Flat.Deposit.NONE,
        deposit_note="Jistotu hradí MNA z garančního fondu.",
        distance_to_school_m=250,
        distance_to_kindergarten_m=600,
        support_provider=cssp,
    )
    start = timezone.localdate() + datetime.timedelta(days=14)
    services.offer_create(
        flat=flat,
        entry=entry,
        user=officer,
        lease_start=start,
        lease_end=add_months(start, 12) - datetime.timedelta(days=1),
    )
    return "MNA flat 250 m from a school offered to a family with children (awaiting both sides)."


def demo_offers_load() -> list[str]:
    city = Organisation.objects.filter(slug=CITY).first()
    programme = Programme.objects.filter(organisation=city, slug=PROGRAMME).first()
    officer, worker = _user("ostrava-komise"), _user("ostrava-socialni")
    mna = Organisation.objects.filter(slug="mna-praha").first()
    cssp = Organisation.objects.filter(slug="cssp").first()
    lines = []
    with transaction.atomic():
        if programme and officer and worker:
            lines.append(_offer_accepted_by_both(programme, officer, worker))
    with transaction.atomic():
        if mna:
            lines.append(_mna_family_near_school(mna, cssp))
    return lines
