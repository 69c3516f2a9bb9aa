"""Demo money and parties of a case: the programmes' money rules from the seeds (Přerov's
deposits, Kadaň's three tiers), the benefits and OSPOD involvement of the demo families, and
the helpers of the money cases (demo/money_cases.py). Idempotent: a rule or a record that
exists is left alone."""

import datetime
from decimal import Decimal

from partners.models import Organisation, Programme

from .. import ledger, services
from ..models import AgencyInvolvement, BenefitRecord, Client, FinanceRules, Payment, Stay

D = Decimal

# programme (organisation slug, programme slug): rules. Přerov: the deposits of the seed
# (1 000 Kč in 3 for a social flat, 2 000 Kč in 4 for an affordable one). Kadaň: three tiers,
# a move up after six months without arrears and house-rule breaches, down after two
# months in arrears.
KADAN = "mesto-kadan"
LOW, ENTRY, AFFORDABLE = (
    "nizkoprahove-bydleni-prunerov",
    "vstupni-bydleni-prunerov",
    "dostupne-bydleni-kadan",
)
RULES = {
    ("statutarni-mesto-prerov", "treninkove-bydleni-socialni-byty"): {
        "deposit_amount": D(1000),
        "deposit_instalments": 3,
        "arrears_threshold": D(500),
    },
    ("statutarni-mesto-prerov", "treninkove-bydleni-dostupne-byty"): {
        "deposit_amount": D(2000),
        "deposit_instalments": 4,
        "arrears_threshold": D(1000),
    },
    (KADAN, LOW): {"arrears_threshold": D(500), "up": ENTRY, "up_after_months": 6},
    (KADAN, ENTRY): {
        "arrears_threshold": D(500),
        "up": AFFORDABLE,
        "down": LOW,
        "up_after_months": 6,
        "down_after_months_in_arrears": 2,
    },
    (KADAN, AFFORDABLE): {
        "arrears_threshold": D(1000),
        "down": ENTRY,
        "down_after_months_in_arrears": 2,
    },
}

# The benefits and agencies the demo families' records named before they were records.
PARTIES = [
    (
        ("Petra", "Kovářová"),
        "involvement",
        {
            "kind": AgencyInvolvement.Kind.CHILD_PROTECTION,
            "organisation_name": "OSPOD Praha 8",
            "contact_person": "Bc. Ivana Malá, kurátorka",
            "contact": "283 090 111",
            "agreed_actions": "OSPOD informován o přestěhování; společná konzultace po třech "
            "měsících v bytě, spolupráce bez výhrad.",
        },
    ),
    (
        ("Milan", "Horváth"),
        "benefit",
        {
            "kind": BenefitRecord.Kind.HOUSING_SUPPLEMENT,
            "amount": D(4200),
            "paid_directly": True,
            "note": "Přímá úhrada na účet města.",
        },
    ),
    (
        ("Lenka", "Balážová"),
        "benefit",
        {"kind": BenefitRecord.Kind.HOUSING_SUPPLEMENT, "amount": D(5100)},
    ),
    (
        ("Simona", "Kratochvílová"),
        "benefit",
        {"kind": BenefitRecord.Kind.HOUSING_ALLOWANCE, "amount": D(2900)},
    ),
    (
        ("Simona", "Kratochvílová"),
        "involvement",
        {
            "kind": AgencyInvolvement.Kind.LABOUR_OFFICE,
            "organisation_slug": "up-prerov",
            "organisation_name": "Úřad práce ČR – kontaktní pracoviště Přerov",
            "agreed_actions": "Žádost o doplatek na bydlení po ztrátě zaměstnání; evidence "
            "uchazečů o zaměstnání.",
        },
    ),
]


def money_rules_ensure() -> list[str]:
    """The programmes' money rules (where the programmes exist and have none yet)."""
    programmes = {
        (p.organisation.slug, p.slug): p
        for p in Programme.objects.filter(
            organisation__slug__in={org for org, _slug in RULES}
        ).select_related("organisation")
    }
    made = []
    for key, values in RULES.items():
        programme = programmes.get(key)
        if programme is None or FinanceRules.objects.filter(programme=programme).exists():
            continue
        values = dict(values)
        up, down = values.pop("up", None), values.pop("down", None)
        FinanceRules.objects.create(
            programme=programme,
            tier_up=programmes.get((key[0], up)) if up else None,
            tier_down=programmes.get((key[0], down)) if down else None,
            **values,
        )
        made.append(programme.slug)
    return [f"money rules: {', '.join(made)}"] if made else []


def agency(slug: str) -> Organisation | None:
    """An agency of the directory (cms.demo.agencies), or None where it is missing."""
    return Organisation.objects.filter(slug=slug).first()


def parties_ensure() -> list[str]:
    """Record what the demo families' records used to say as booleans."""
    made = []
    for (first, last), what, values in PARTIES:
        client = Client.objects.filter(first_name=first, last_name=last).first()
        if client is None or client.key_worker is None:
            continue
        values = dict(values)
        if what == "benefit":
            if client.benefits.filter(kind=values["kind"]).exists():
                continue
            stay = Stay.objects.filter(referral__client=client).order_by("moved_in_on").first()
            services.benefit_record(
                user=client.key_worker,
                client=client,
                period_from=stay.moved_in_on if stay else None,
                **values,
            )
        else:
            if client.involvements.filter(kind=values["kind"]).exists():
                continue
            organisation = agency(values.pop("organisation_slug", ""))
            if organisation is not None:
                values["organisation_name"] = ""
            services.involvement_record(
                user=client.key_worker,
                client=client,
                organisation=organisation,
                since=client.created_at.date(),
                **values,
            )
        made.append(f"{what} of {client.reference}")
    return [f"parties recorded: {len(made)}"] if made else []


def due_months(stay: Stay, due_day: int, today: datetime.date) -> list[datetime.date]:
    """The months of the stay whose rent has fallen due by today."""
    return [
        month
        for month in ledger.months_from(stay.moved_in_on, today)
        if ledger.due_in(month, due_day) <= today
    ]


def pay(stay: Stay, worker, paid_on: datetime.date, amount, payer=Payment.Payer.CLIENT, note=""):
    services.payment_record(
        stay=stay, user=worker, paid_on=paid_on, amount=D(amount), payer=payer, note=note
    )
