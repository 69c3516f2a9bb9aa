"""The demo cases of money and partner agencies, built through the services like the others
(demo/cases.py): a Přerov social flat with the deposit in instalments and a month in
arrears, a Kadaň tenant the tiers suggest moving up (with OSPOD involved in the family),
and a referral to a debt-counselling programme."""

import datetime

from partners.models import Programme

from .. import ledger, services
from ..models import AgencyInvolvement, BenefitRecord, Consent, Payment, Stay
from .money import agency, due_months, pay
from .support import (
    Demo,
    client_dated,
    consent_dated,
    decide_dated,
    organisation,
    placed_dated,
    prerov_social_flats,
    programme,
    submitted_dated,
    user,
)

UP = Payment.Payer.LABOUR_OFFICE


def _placed(demo: Demo, *, client, social, worker, reviewer, days, reason, decision) -> Stay:
    """A referral within the town's own programme: proposed, accepted, moved in `days` ago
    (on the first of that month, so that whole months are charged)."""
    moved_in = ledger.month_of(demo.date_ago(days))
    days = (demo.now.date() - moved_in).days
    referral = submitted_dated(
        demo, client=client, programme=social, worker=worker, reason=reason, days=days + 20
    )
    decide_dated(demo, referral, reviewer, [], "accept", decision, days + 10)
    months = 6 if days < 150 else 12
    return placed_dated(demo, referral, worker, days=days, moved_in=moved_in, months=months)


def prerov_deposit_in_arrears(demo: Demo) -> str:
    """A social flat in Přerov: the deposit of 1 000 Kč in three instalments, the housing
    supplement paid by the labour office straight to the city, and the client's own part
    of the last month not paid – a month in arrears above the programme's threshold."""
    town, social, worker, reviewer = prerov_social_flats()
    client = client_dated(
        demo,
        worker=worker,
        holder=town,
        days=200,
        data={
            "first_name": "Renata",
            "last_name": "Dudová",
            "birth_date": datetime.date(1988, 9, 12),
            "housing_situation": "hostel",
            "housing_note": "Ubytovna na Husově ulici, jeden pokoj s dcerou.",
            "needs": "Sociální byt, přímá úhrada doplatku na bydlení, rozpočet domácnosti.",
            "monthly_income": 14200,
        },
        household=[
            {"relation": "head", "first_name": "Renata"},
            {"relation": "child", "first_name": "Laura", "birth_date": datetime.date(2015, 2, 3)},
        ],
        groups=["ubytovny", "samozivitele"],
    )
    stay = _placed(
        demo,
        client=client,
        social=social,
        worker=worker,
        reviewer=reviewer,
        days=120,
        reason="Klientka půl roku spolupracuje se SPP, nemá dluh u dodavatele energií; ÚP "
        "neposkytne mimořádnou okamžitou pomoc na jistinu, proto splátky.",
        decision="Sociální byt schválen, jistina 1 000 Kč ve 3 splátkách.",
    )
    services.account_set(
        stay=stay,
        user=worker,
        variable_symbol="2026017",
        due_day=15,
        deposit_amount=1000,
        deposit_instalments=3,
        deposit_first_due=stay.moved_in_on,
    )
    services.rent_terms_set(
        stay=stay, user=worker, valid_from=stay.moved_in_on, rent=2150, services=1250
    )
    services.benefit_record(
        user=worker,
        client=client,
        kind=BenefitRecord.Kind.HOUSING_SUPPLEMENT,
        amount=2000,
        period_from=stay.moved_in_on,
        paid_directly=True,
        note="Přímá úhrada na účet města.",
    )
    months = due_months(stay, 15, demo.now.date())
    instalments = dict(enumerate([334, 333, 333]))
    for number, month in enumerate(months):
        pay(stay, worker, month.replace(day=12), 2000, UP, "doplatek na bydlení")
        if number < len(months) - 1:  # the client's own part of the last month is missing
            own = 1400 + instalments.get(number, 0)
            pay(stay, worker, month.replace(day=14), own, note="nájem a služby")
    return (
        f"Přerov social flat with a deposit in instalments, a month in arrears: {client.reference}"
    )


def kadan_ready_to_move_up(demo: Demo) -> str:
    """Kadaň's low-threshold flat: eight months of rent paid on time and no breach of the
    house rules; the tiers suggest the entry flat. OSPOD Kadaň works with the family."""
    town = organisation("mesto-kadan")
    low = programme("mesto-kadan", "nizkoprahove-bydleni-prunerov")
    worker, reviewer = user("kadan-socialni"), user("kadan-komise")
    client = client_dated(
        demo,
        worker=worker,
        holder=town,
        days=330,
        data={
            "first_name": "Josef",
            "last_name": "Červeňák",
            "birth_date": datetime.date(1983, 1, 17),
            "housing_situation": "excluded_locality",
            "housing_note": "Přelidněný byt příbuzných v Prunéřově.",
            "needs": "Vlastní byt, podpora při hospodaření, školní docházka dětí.",
            "monthly_income": 21500,
        },
        household=[
            {"relation": "head", "first_name": "Josef"},
            {"relation": "partner", "first_name": "Žaneta"},
            {"relation": "child", "first_name": "Patrik", "birth_date": datetime.date(2013, 6, 1)},
            {"relation": "child", "first_name": "Vanesa", "birth_date": datetime.date(2017, 9, 9)},
        ],
        groups=["svl", "rodiny-s-detmi"],
    )
    ospod = agency("ospod-kadan")
    services.involvement_record(
        user=worker,
        client=client,
        kind=AgencyInvolvement.Kind.CHILD_PROTECTION,
        organisation=ospod,
        organisation_name="" if ospod else "OSPOD Kadaň",
        since=demo.date_ago(280),
        contact_person="Kurátorka pro rodiny s dětmi",
        agreed_actions="Dohled nad školní docházkou Patrika; společná návštěva jednou za "
        "čtvrt roku.",
    )
    stay = _placed(
        demo,
        client=client,
        social=low,
        worker=worker,
        reviewer=reviewer,
        days=250,
        reason="Rodina souhlasí s domovním řádem a spolupracuje s terénním pracovníkem.",
        decision="Nízkoprahový byt v Prunéřově přidělen.",
    )
    services.account_set(stay=stay, user=worker, variable_symbol="8100412", due_day=10)
    services.rent_terms_set(
        stay=stay, user=worker, valid_from=stay.moved_in_on, rent=1800, services=900
    )
    for month in due_months(stay, 10, demo.now.date()):
        pay(stay, worker, month.replace(day=8), 2700)
    return f"Kadaň tenant the tiers suggest moving up: {client.reference}"


def debt_counselling_referral(demo: Demo) -> str:
    """A Přerov client with enforcement proceedings is referred to the debt-counselling
    service like to any other programme; the service accepted and works with him."""
    town = organisation("statutarni-mesto-prerov")
    counselling = organisation("dluhova-poradna-prerov")
    service = Programme.objects.filter(organisation=counselling, slug="dluhove-poradenstvi").first()
    if service is None:
        service = Programme.objects.create(
            organisation=counselling,
            slug="dluhove-poradenstvi",
            name="Dluhové poradenství",
            kind=Programme.Kind.COUNSELLING,
            description="Přehled dluhů, splátkové kalendáře, jednání s exekutory, návrh na "
            "oddlužení.",
            area_served="Přerov a okolí",
            response_time_days=14,
        )
        service.intake_criteria.create(text="Souhlas klienta se sdílením přehledu dluhů")
    worker, reviewer = user("prerov-socialni"), user("poradna-komise")
    client = client_dated(
        demo,
        worker=worker,
        holder=town,
        days=75,
        data={
            "first_name": "Radek",
            "last_name": "Bílý",
            "birth_date": datetime.date(1979, 11, 2),
            "housing_situation": "flat_at_risk",
            "needs": "Zastavit růst dluhů, udržet obecní byt.",
            "monthly_income": 18900,
            "debt_to_city": 9600,
            "enforcement_proceedings": 4,
            "debts_note": "Čtyři exekuce (energie, operátor, dvě půjčky), přehled neúplný.",
        },
        household=[{"relation": "head", "first_name": "Radek"}],
        groups=["kumulace-problemu"],
    )
    consent_dated(
        demo,
        worker=worker,
        client=client,
        to=counselling,
        purpose=Consent.Purpose.ASSESSMENT,
        categories=["identity", "finances"],
        days=62,
    )
    referral = submitted_dated(
        demo,
        client=client,
        programme=service,
        worker=worker,
        reason="Čtyři exekuce a dluh vůči městu; potřebuje přehled dluhů a posouzení "
        "oddlužení, aby udržel obecní byt.",
        days=60,
        urgency="soon",
    )
    decide_dated(demo, referral, reviewer, [], "accept", "Přijat do dluhového poradenství.", 52)
    services.involvement_record(
        user=worker,
        client=client,
        kind=AgencyInvolvement.Kind.DEBT_COUNSELLING,
        organisation=counselling,
        since=demo.date_ago(52),
        contact_person="Dagmar Svobodová",
        agreed_actions="Přehled dluhů do konce měsíce, pak návrh na oddlužení.",
    )
    return f"Referral to debt counselling: {referral.reference} (accepted)"
