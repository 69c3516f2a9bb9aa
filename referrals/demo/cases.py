"""The demo cases, each built through the services as the users would have done it."""

import datetime

from partners.models import ReasonCode

from .. import services
from ..models import Consent, Stay
from .support import (
    FOR_DECISION,
    Demo,
    answer_all,
    client_dated,
    consent_dated,
    council_resolution,
    dated,
    decide_dated,
    lease_end,
    organisation,
    pdf,
    placed_dated,
    prerov_social_flats,
    programme,
    submitted_dated,
    user,
)


def prague_family_to_rental_agency(demo: Demo) -> str:
    """A mother with two children leaves the Prague shelter for a rental-agency flat near
    the children's schools (Konečně domov, MNA)."""
    shelter, agency = organisation("azylovy-dum-praha"), organisation("mna-praha")
    flats = programme("mna-praha", "byty-mna")
    worker, reviewer = user("azyl-socialni"), user("mna-komise")
    agency_worker = user("mna-socialni")
    client = client_dated(
        demo,
        worker=worker,
        holder=shelter,
        days=120,
        data={
            "first_name": "Petra",
            "last_name": "Kovářová",
            "birth_date": datetime.date(1991, 3, 14),
            "phone": "+420 601 000 314",
            "housing_situation": "shelter",
            "housing_note": "Azylový dům pro rodiny s dětmi od února, předtím ubytovna v Praze 9.",
            "needs": "Samostatný byt 2+kk v dosahu MŠ a ZŠ v Praze 8, podpora v bytě první "
            "měsíce (hospodaření, orientace v novém okolí).",
            "past_evictions": 1,
            "evictions_note": "2023 – výpověď z ubytovny pro nedoplatek",
            "monthly_income": 24800,
            "debt_to_city": None,
            "debt_to_energy_supplier": None,
            "enforcement_proceedings": 0,
            "debts_note": "Dluh u mobilního operátora splacen v létě.",
            "notes": "Pravidelně spoří na kauci (18 000 Kč k 30. 9.).",
        },
        household=[
            {"relation": "head", "first_name": "Petra"},
            {"relation": "child", "first_name": "Anna", "birth_date": datetime.date(2016, 9, 2)},
            {"relation": "child", "first_name": "Matyáš", "birth_date": datetime.date(2020, 1, 20)},
        ],
        groups=["samozivitele", "azylove-domy", "rodiny-s-detmi"],
    )
    consent_dated(
        demo,
        worker=worker,
        client=client,
        to=agency,
        purpose=Consent.Purpose.ASSESSMENT,
        categories=FOR_DECISION,
        days=80,
    )
    consent_dated(
        demo,
        worker=worker,
        client=client,
        to=agency,
        purpose=Consent.Purpose.COOPERATION,
        categories=[*FOR_DECISION, "notes"],
        days=80,
    )
    with dated(demo.days_ago(79)):
        referral = services.referral_create(
            user=worker,
            client=client,
            programme=flats,
            urgency="soon",
            reason="Rodina je v azylovém domě devět měsíců a splnila individuální plán: "
            "spoří na kauci, platí pravidelně, děti chodí do školy a školky. Hledáme byt "
            "ze soukromého trhu v Praze 8 blízko ZŠ a MŠ; podporu v bytě zajistí CSSP "
            "v rámci projektu Konečně domov.",
        )
        answer_all(
            referral, worker, urgency="soon", notes={1: "Podpora v bytě: CSSP, Konečně domov"}
        )
        services.attachment_add(
            referral=referral,
            user=worker,
            uploaded_file=pdf("Doporuceni klicove pracovnice azyloveho domu"),
            description="Doporučení klíčové pracovnice",
        )
    with dated(demo.days_ago(78)):
        services.referral_submit(referral=referral, user=worker)
    with dated(demo.days_ago(72)):
        services.referral_start_review(referral=referral, user=reviewer)
    decide_dated(
        demo,
        referral,
        reviewer,
        [],
        "accept",
        "Rodina odpovídá parametrům MNA; volný byt Praha 8 – Kobylisy.",
        65,
    )
    with dated(demo.days_ago(45)):
        services.referral_place(
            referral=referral,
            user=agency_worker,
            moved_in_on=demo.date_ago(45),
            lease_start=demo.date_ago(45),
            lease_end=demo.date_ago(45) + datetime.timedelta(days=365),
            support_worker=agency_worker,
            **council_resolution(referral, demo.date_ago(45)),
        )
    stay = Stay.objects.get(referral=referral)
    with dated(demo.days_ago(44)):
        services.plan_goal_add(
            stay=stay,
            user=agency_worker,
            text="Podat žádost o příspěvek na bydlení na ÚP",
            due_on=demo.date_ago(14),
            topic="benefits",
        )
        services.plan_goal_add(
            stay=stay, user=agency_worker, text="Přehlásit Matyáše do spádové MŠ"
        )
        services.plan_goal_add(
            stay=stay,
            user=agency_worker,
            text="Trvalý příkaz na nájemné a zálohy na energie",
            topic="rent_payment",
        )
    with dated(demo.days_ago(40)):
        services.visit_record(
            stay=stay,
            user=agency_worker,
            visited_on=demo.date_ago(40),
            note="Zabydlování, podepsané smlouvy na energie.",
        )
    with dated(demo.days_ago(12)):
        services.visit_record(
            stay=stay,
            user=agency_worker,
            visited_on=demo.date_ago(12),
            note="Žádost o příspěvek podána, nájemné zaplaceno včas.",
        )
    return f"Prague shelter family → MNA flat: {referral.reference} (placed)"


def prerov_transfer_up(demo: Demo) -> str:
    """Přerov's training housing: a family from a hostel gets a social flat, keeps to its
    repayment schedule and a year later moves up to an affordable flat."""
    town, social, worker, reviewer = prerov_social_flats()
    affordable = programme("statutarni-mesto-prerov", "treninkove-bydleni-dostupne-byty")
    client = client_dated(
        demo,
        worker=worker,
        holder=town,
        days=430,
        data={
            "first_name": "Milan",
            "last_name": "Horváth",
            "birth_date": datetime.date(1984, 7, 2),
            "phone": "+420 602 000 702",
            "housing_situation": "hostel",
            "housing_note": "Komerční ubytovna v Přerově, jeden pokoj pro tři osoby.",
            "needs": "Obecní byt, pomoc se splátkovým kalendářem a s dávkami.",
            "monthly_income": 31200,
            "debt_to_city": 8400,
            "city_repayment_schedule": "700 Kč měsíčně od ledna",
            "debt_to_energy_supplier": None,
            "enforcement_proceedings": 1,
        },
        household=[
            {"relation": "head", "first_name": "Milan"},
            {"relation": "partner", "first_name": "Denisa"},
            {"relation": "child", "first_name": "Kevin", "birth_date": datetime.date(2012, 11, 5)},
        ],
        groups=["ubytovny", "rodiny-s-detmi", "kumulace-problemu"],
    )
    first = submitted_dated(
        demo,
        client=client,
        programme=social,
        worker=worker,
        reason="Rodina spolupracuje s SPP půl roku, dluh vůči městu splácí podle "
        "splátkového kalendáře, nemá dluh u dodavatele energií.",
        days=420,
    )
    decide_dated(
        demo,
        first,
        reviewer,
        [],
        "accept",
        "Kazuistická skupina doporučuje sociální byt; návrh na uzavření nájemní smlouvy "
        "předán Radě města.",
        405,
    )
    stay = placed_dated(demo, first, worker, days=380, months=6)
    with dated(demo.days_ago(379)):
        goal = services.plan_goal_add(
            stay=stay,
            user=worker,
            text="Splácet dluh vůči městu podle kalendáře",
            topic="debt_repayment",
        )
        services.plan_goal_add(
            stay=stay,
            user=worker,
            text="Přímá úhrada nájemného na účet města",
            topic="rent_payment",
        )
    with dated(demo.days_ago(200)):
        services.stay_extend_lease(
            stay=stay,
            user=worker,
            lease_end=lease_end(demo.date_ago(380), 12),
            decided_on=demo.date_ago(205),
            resolution="RM 1284/38/7/2026",
            note="Kazuistická skupina navrhla prodloužení o šest měsíců, Rada města schválila.",
        )
    for days in (373, 366, 300, 120, 40):
        with dated(demo.days_ago(days)):
            services.visit_record(
                stay=stay,
                user=worker,
                visited_on=demo.date_ago(days),
                note="Návštěva v domácnosti, platby v pořádku.",
            )
    with dated(demo.days_ago(60)):
        services.plan_goal_update(
            goal=goal, user=worker, status="achieved", progress="Dluh vůči městu doplacen."
        )
    with dated(demo.days_ago(30)):
        transfer = services.referral_transfer(
            referral=first,
            user=worker,
            programme=affordable,
            reason="Rodina rok bez nedoplatků, dluh vůči městu splacen; klíčová pracovnice "
            "doporučuje přechod do dostupného bytu s nižší intenzitou podpory.",
        )
        answer_all(transfer, worker)
    with dated(demo.days_ago(28)):
        services.referral_submit(referral=transfer, user=worker)
    decide_dated(demo, transfer, reviewer, [], "accept", "Přechod do dostupného bytu schválen.", 21)
    placed_dated(demo, transfer, worker, days=10, months=6)
    return f"Přerov social → affordable flat: {first.reference} → {transfer.reference}"


def ostrava_declined(demo: Demo) -> str:
    """Ostrava's commission declines a family with an unsettled energy debt."""
    city = organisation("statutarni-mesto-ostrava")
    social = programme("statutarni-mesto-ostrava", "socialni-bydleni")
    worker, reviewer = user("ostrava-socialni"), user("ostrava-komise")
    client = client_dated(
        demo,
        worker=worker,
        holder=city,
        days=70,
        data={
            "first_name": "Lenka",
            "last_name": "Balážová",
            "birth_date": datetime.date(1979, 2, 21),
            "housing_situation": "hostel",
            "housing_note": "Ubytovna v Ostravě-Přívoze, dva pokoje.",
            "needs": "Nesegregované bydlení pro matku se třemi dětmi.",
            "monthly_income": 27600,
            "debt_to_energy_supplier": 23000,
            "enforcement_proceedings": 2,
            "debts_note": "Dluh u ČEZ Prodej z předchozího bytu, bez splátkové dohody.",
        },
        household=[
            {"relation": "head", "first_name": "Lenka"},
            {"relation": "child", "first_name": "Dominik", "birth_date": datetime.date(2009, 4, 1)},
            {"relation": "child", "first_name": "Nikola", "birth_date": datetime.date(2012, 6, 15)},
            {"relation": "child", "first_name": "Sára", "birth_date": datetime.date(2016, 10, 9)},
        ],
        groups=["ubytovny", "rodiny-s-detmi", "svl"],
    )
    referral = submitted_dated(
        demo,
        client=client,
        programme=social,
        worker=worker,
        reason="Žádost podána na MMO s potvrzením ÚP ČR, sociální šetření provedeno.",
        days=60,
        disputed="Splátková dohoda s ČEZ Prodej se sjednává, klientka podepíše do konce měsíce.",
    )
    with dated(demo.days_ago(50)):
        services.referral_start_review(referral=referral, user=reviewer)
    decide_dated(
        demo,
        referral,
        reviewer,
        [],
        "decline",
        "Dluh u dodavatele energií (ČEZ Prodej) 23 000 Kč bez splátkové dohody – bez ní nelze "
        "uzavřít smlouvu o dodávce energií. Doporučujeme sjednat splátky v trojstranné "
        "dohodě ČEZ – klientka – MMO a podat žádost znovu.",
        42,
        code="debts",
    )
    return f"Ostrava declined referral: {referral.reference}"


def prerov_transfer_down(demo: Demo) -> str:
    """Přerov: a new debt to the city and a lost job send a family from the affordable
    flat back down to a social flat with more support."""
    town, social, worker, reviewer = prerov_social_flats()
    affordable = programme("statutarni-mesto-prerov", "treninkove-bydleni-dostupne-byty")
    client = client_dated(
        demo,
        worker=worker,
        holder=town,
        days=260,
        data={
            "first_name": "Simona",
            "last_name": "Kratochvílová",
            "birth_date": datetime.date(1995, 5, 30),
            "housing_situation": "flat_at_risk",
            "needs": "Udržet bydlení, obnovit příjem.",
            "monthly_income": 16400,
        },
        household=[
            {"relation": "head", "first_name": "Simona"},
            {"relation": "child", "first_name": "Ela", "birth_date": datetime.date(2019, 8, 8)},
        ],
        groups=["samozivitele"],
    )
    first = submitted_dated(
        demo,
        client=client,
        programme=affordable,
        worker=worker,
        reason="Samoživitelka s dostatečnými kompetencemi.",
        days=250,
    )
    decide_dated(demo, first, reviewer, [], "accept", "Dostupný byt schválen.", 240)
    placed_dated(demo, first, worker, days=220, months=6)
    with dated(demo.days_ago(25)):
        services.client_update(
            user=worker, client=client, data={"debt_to_city": 6200, "monthly_income": 9800}
        )
        services.referral_flag(
            referral=first,
            user=worker,
            kind="risk",
            reason="Nový dluh vůči městu (nedoplatek za služby), ztráta zaměstnání.",
        )
    with dated(demo.days_ago(14)):
        transfer = services.referral_transfer(
            referral=first,
            user=worker,
            programme=social,
            urgency="soon",
            reason="Nový dluh vůči městu 6 200 Kč a ztráta zaměstnání; včasná intervence "
            "nepomohla. Návrh na přechod do sociálního bytu s intenzivnější podporou.",
            move_down_code=ReasonCode.objects.filter(
                code_list="move_down", code="new_debt"
            ).first(),
        )
        answer_all(
            transfer,
            worker,
            urgency="soon",
            disputed="Splátkový kalendář na nový dluh sjednáváme s majetkovým odborem; "
            "bude součástí individuálního plánu.",
        )
        services.referral_submit(referral=transfer, user=worker)
    decide_dated(
        demo,
        transfer,
        reviewer,
        [],
        "accept",
        "Přechod do sociálního bytu, splátkový kalendář na nový dluh.",
        7,
        override="Přechod dolů je včasná intervence: bez sociálního bytu hrozí ztráta "
        "bydlení. Splátkový kalendář na dluh 6 200 Kč bude sjednán do 30 dnů.",
    )
    placed_dated(demo, transfer, worker, days=3, months=6)
    return f"Přerov transfer down after new debt: {first.reference} → {transfer.reference}"


def prague_waiting_for_decision(demo: Demo) -> str:
    """A second shelter family waits for CSSP's decision longer than the programme's
    response time: the agenda marks it overdue and the reminder goes out."""
    shelter, cssp = organisation("azylovy-dum-praha"), organisation("cssp")
    support = programme("cssp", "konecne-domov")
    worker = user("azyl-socialni")
    client = client_dated(
        demo,
        worker=worker,
        holder=shelter,
        days=30,
        data={
            "first_name": "Nikola",
            "last_name": "Straková",
            "birth_date": datetime.date(1998, 12, 1),
            "housing_situation": "shelter",
            "needs": "Podpora v bytě po odchodu z azylového domu.",
        },
        household=[
            {"relation": "head", "first_name": "Nikola"},
            {"relation": "child", "first_name": "Adam", "birth_date": datetime.date(2022, 3, 3)},
        ],
        groups=["samozivitele", "azylove-domy"],
    )
    consent_dated(
        demo,
        worker=worker,
        client=client,
        to=cssp,
        purpose=Consent.Purpose.ASSESSMENT,
        categories=["identity", "household"],
        days=26,
    )
    referral = submitted_dated(
        demo,
        client=client,
        programme=support,
        worker=worker,
        reason="Mladá matka s batoletem, odchod z azylového domu do bytu MNA.",
        days=25,
        urgency="soon",
    )
    return f"Prague referral waiting for CSSP's decision: {referral.reference} (overdue)"
