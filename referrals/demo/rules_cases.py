"""Demo cases that show the programmes' rules at work (issue 15): a Přerov move-in refused
for a lease longer than the programme allows and then recorded correctly; Kadaň's Housing
First programme beside its Housing Ready entry flats with cohorts old enough for the 6-,
12- and 24-month figures; and a referral waiting for each case-review group's decision."""

import datetime

from core.dates import add_months

from .. import services
from ..errors import LeaseTooLong
from ..models import Consent, Stay
from .support import (
    FOR_DECISION,
    Demo,
    client_dated,
    consent_dated,
    council_resolution,
    dated,
    decide_dated,
    lease_end,
    organisation,
    placed_dated,
    prerov_social_flats,
    programme,
    submitted_dated,
    user,
)

CHILD_BORN = datetime.date(2016, 5, 1)


def prerov_lease_refused_then_placed(demo: Demo) -> str:
    """The worker first types a year-long lease; Přerov's training housing concludes leases
    for 3–6 months, so the move-in is refused with the rule and the last allowed day, and
    then recorded with a six-month lease on the council's resolution."""
    town, social, worker, reviewer = prerov_social_flats()
    client = client_dated(
        demo,
        worker=worker,
        holder=town,
        # half a year of cooperation: Přerov asks for at least 3 months (the record answers)
        days=200,
        data={
            "first_name": "Jaroslav",
            "last_name": "Pokorný",
            "birth_date": datetime.date(1986, 11, 3),
            "housing_situation": "hostel",
            "housing_note": "Ubytovna na Tovární ulici, jeden pokoj s partnerkou.",
            "needs": "Sociální byt v systému TB, rozpočet domácnosti, přímá úhrada nájemného.",
            "monthly_income": 19800,
        },
        household=[
            {"relation": "head", "first_name": "Jaroslav"},
            {"relation": "partner", "first_name": "Ivana"},
        ],
        groups=["ubytovny", "kumulace-problemu"],
    )
    referral = submitted_dated(
        demo,
        client=client,
        programme=social,
        worker=worker,
        reason="Klient půl roku spolupracuje se SPP, nemá dluh u dodavatele energií.",
        days=60,
    )
    decide_dated(
        demo,
        referral,
        reviewer,
        [],
        "accept",
        "Kazuistická skupina doporučuje sociální byt; návrh nájemní smlouvy předán Radě města.",
        45,
    )
    start = demo.date_ago(30)
    refusal = ""
    try:
        with dated(demo.days_ago(31)):
            services.referral_place(
                referral=referral,
                user=worker,
                lease_start=start,
                lease_end=lease_end(start, 12),
                **council_resolution(referral, start),
            )
    except LeaseTooLong as error:
        refusal = str(error.message)
    with dated(demo.days_ago(30)):
        services.referral_place(
            referral=referral,
            user=worker,
            lease_start=start,
            lease_end=lease_end(start, 6),
            **council_resolution(referral, start),
        )
    return (
        f"Přerov move-in: a 12-month lease refused ({refusal}), placed for 6 months: "
        f"{referral.reference}"
    )


# (first name, last name, months since move-in, months until a successful exit or None)
KADAN_HOUSING_FIRST = [
    ("Dušan", "Lakatoš", 30, None),
    ("Eva", "Giňová", 29, None),
    ("Roman", "Kotlár", 28, None),
    ("Zuzana", "Holubová", 27, None),
    ("Marcel", "Bílý", 27, None),
    ("Jitka", "Rigová", 26, None),
    ("Tibor", "Horváth", 26, 20),
    ("Helena", "Kudrnová", 25, None),
]
KADAN_HOUSING_READY = [
    ("Gejza", "Daniel", 30, None),
    ("Monika", "Sivá", 29, 18),
    ("Pavel", "Demeter", 28, None),
    ("Alena", "Kalejová", 28, None),
    ("Jan", "Oláh", 27, 14),
    ("Věra", "Tancošová", 26, None),
    ("Ladislav", "Gáži", 25, None),
]


def _kadan_household(demo, spec, target, worker, reviewer, reason) -> Stay:
    first, last, months, exit_after = spec
    moved_in = add_months(demo.now.date(), -months)
    days = (demo.now.date() - moved_in).days
    client = client_dated(
        demo,
        worker=worker,
        holder=organisation("mesto-kadan"),
        days=days + 40,
        data={
            "first_name": first,
            "last_name": last,
            "housing_situation": "excluded_locality",
            "housing_note": "Přelidněný byt příbuzných v Prunéřově.",
            "needs": "Vlastní nájemní byt, podpora při hospodaření a školní docházce dětí.",
        },
        household=[
            {"relation": "head", "first_name": first},
            {"relation": "child", "first_name": "Dítě", "birth_date": CHILD_BORN},
        ],
        groups=["svl", "rodiny-s-detmi"],
    )
    referral = submitted_dated(
        demo, client=client, programme=target, worker=worker, reason=reason, days=days + 30
    )
    decide_dated(demo, referral, reviewer, [], "accept", "Byt přidělen.", days + 20)
    placed_dated(demo, referral, worker, days=days, moved_in=moved_in, months=36)
    if exit_after is not None:
        ended = add_months(moved_in, exit_after)
        with dated(demo.days_ago((demo.now.date() - ended).days)):
            services.referral_close(
                referral=referral,
                user=worker,
                outcome="successful_exit",
                closed_on=ended,
                reason="Domácnost přešla do standardního nájmu města.",
            )
    return Stay.objects.get(referral=referral)


def kadan_housing_first_and_ready(demo: Demo) -> str:
    """Kadaň compares Housing First with its Housing Ready entry flats on one target group
    (families from the excluded locality): two cohorts that moved in 25–30 months ago, so
    the tenancy kept at 6, 12 and 24 months can be counted, and the statistics page has
    counts of five and more beside hidden small ones."""
    first = programme("mesto-kadan", "housing-first-kadan")
    ready = programme("mesto-kadan", "vstupni-bydleni-prunerov")
    worker, reviewer = user("kadan-socialni"), user("kadan-komise")
    for spec in KADAN_HOUSING_FIRST:
        _kadan_household(
            demo,
            spec,
            first,
            worker,
            reviewer,
            "Rodina ze sociálně vyloučené lokality, Housing First: byt hned, podpora potom.",
        )
    for spec in KADAN_HOUSING_READY:
        _kadan_household(
            demo,
            spec,
            ready,
            worker,
            reviewer,
            "Rodina splnila podmínky nízkoprahového bydlení, přechod do vstupního bytu.",
        )
    return (
        f"Kadaň: {len(KADAN_HOUSING_FIRST)} Housing First and {len(KADAN_HOUSING_READY)} "
        "Housing Ready households, 25–30 months ago"
    )


# Who waits for whose decision: (holder, worker, programme org, programme slug, client).
AWAITING = [
    (
        "cssp",
        "cssp-socialni",
        "azylovy-dum-praha",
        "azylovy-dum",
        (
            "Lucie",
            "Vondrová",
            "domaci-nasili",
            "Matka se dvěma dětmi po odchodu od násilného partnera.",
        ),
    ),
    (
        "azylovy-dum-praha",
        "azyl-socialni",
        "mna-praha",
        "byty-mna",
        ("Markéta", "Šimková", "rodiny-s-detmi", "Samoživitelka se třemi dětmi, byt v dosahu ZŠ."),
    ),
    (
        "statutarni-mesto-prerov",
        "prerov-socialni",
        "statutarni-mesto-prerov",
        "treninkove-bydleni-socialni-byty",
        ("Karel", "Dostál", "ubytovny", "Klient z ubytovny, pravidelně splácí dluh vůči městu."),
    ),
    (
        "statutarni-mesto-ostrava",
        "ostrava-socialni",
        "statutarni-mesto-ostrava",
        "socialni-bydleni",
        ("Renáta", "Pešková", "ubytovny", "Rodina z ubytovny v Přívoze, bez dluhů u ČEZ."),
    ),
    (
        "mesto-kadan",
        "kadan-socialni",
        "mesto-kadan",
        "housing-first-kadan",
        ("Sandra", "Mižigárová", "svl", "Rodina ze sociálně vyloučené lokality v Prunéřově."),
    ),
]


def referrals_awaiting_decision(demo: Demo) -> str:
    """A referral waiting on every demo case-review group's agenda (the shelter, the rental
    agency, Přerov, Ostrava and Kadaň; Konečně domov has Straková's)."""
    made = []
    for holder_slug, worker_name, org_slug, slug, (first, last, group, need) in AWAITING:
        holder, worker = organisation(holder_slug), user(worker_name)
        target = programme(org_slug, slug)
        client = client_dated(
            demo,
            worker=worker,
            holder=holder,
            # the holder has worked with the household for months (Přerov asks for 3)
            days=120,
            data={
                "first_name": first,
                "last_name": last,
                "housing_situation": "shelter" if group == "domaci-nasili" else "hostel",
                "needs": need,
            },
            household=[
                {"relation": "head", "first_name": first},
                {
                    "relation": "child",
                    "first_name": "Dítě",
                    "birth_date": datetime.date(2017, 2, 1),
                },
            ],
            groups=[group, "rodiny-s-detmi"],
        )
        if target.organisation_id != holder.pk:
            consent_dated(
                demo,
                worker=worker,
                client=client,
                to=target.organisation,
                purpose=Consent.Purpose.ASSESSMENT,
                categories=FOR_DECISION,
                days=12,
            )
        referral = submitted_dated(
            demo, client=client, programme=target, worker=worker, reason=need, days=10
        )
        made.append(referral.reference)
    return "Referrals waiting for a decision: " + ", ".join(made)
