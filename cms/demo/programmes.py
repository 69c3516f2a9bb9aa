"""Programmes on the housing pathway with their intake criteria, as the seeds describe
them (Přerov's training housing, Kadaň's three stages, Ostrava's pilot, Prague's
Konečně domov and the rental agency)."""

import datetime

from partners.models import (
    Approach,
    ConditionKind,
    IntakeCriterion,
    Organisation,
    PathwayStage,
    Programme,
    TargetGroup,
    VisitPhase,
)

from .report import LoadReport

P = Programme.Kind

# A condition is its wording, or a dict: the kind the portal answers from the client record,
# its parameters and the wording (see partners.models.ConditionKind).
K = ConditionKind

PREROV_CONDITIONS = [
    {
        "kind": K.PRIOR_COOPERATION,
        "service": "statutarni-mesto-prerov",
        "months": 3,
        "text": "Předchozí spolupráce klienta se sociálním pracovníkem Oddělení sociální "
        "prevence a pomoci (alespoň 3 měsíce)",
    },
    {
        "kind": K.CITY_DEBT_SCHEDULED,
        "text": "Dluhy vůči statutárnímu městu jen s podmínkou pravidelného splácení "
        "(splátkový kalendář)",
    },
    {"kind": K.NO_ENERGY_DEBT, "text": "Žádné dluhy u dodavatele energií (elektřina, plyn)"},
    "Doporučení klíčového sociálního pracovníka a schválení kazuistickou skupinou",
    "Uzavřená písemná dohoda o vzájemné spolupráci a zařazení do systému TB",
    "Nájemní smlouva uzavřená na základě usnesení Rady města Přerova",
]

OSTRAVA_CONDITIONS = [
    "Žádost podaná na Magistrát města Ostravy včetně potvrzení ÚP ČR",
    "Sociální šetření v domácnosti žadatele",
    "Bodové hodnocení žádosti komisí MMO (cílová skupina a potřebnost)",
    {
        "kind": K.RESIDENCE,
        "place": "Ostrava, Ostrava-Jih, Moravská Ostrava a Přívoz, Poruba",
        "text": "Trvalý pobyt na území městského obvodu, který nabízí volný byt",
        "required": False,
    },
    {"kind": K.NO_ENERGY_DEBT, "text": "Bez dluhu u dodavatele energií (prověřeno)"},
    {
        "kind": K.CITY_DEBT_SCHEDULED,
        "text": "Dluh vůči městskému obvodu jen se splátkovým kalendářem (prověřeno)",
    },
    "Povinná spolupráce se sociálním pracovníkem a s evaluátory",
]

# Ostrava's pilot renews its 6-month leases until the project ends (the seed's project
# ran 2016–2019; the demo keeps its end ahead of today).
OSTRAVA_PROJECT_END = datetime.date(datetime.date.today().year + 2, 9, 30)

PROGRAMMES = [
    {
        "organisation": "statutarni-mesto-prerov",
        "lease_needs_council_resolution": True,
        "slug": "treninkove-bydleni-socialni-byty",
        "name": "Tréninkové bydlení v sociálních bytech",
        "kind": P.HOUSING,
        "stage": "treninkove",
        "local_stage_name": "tréninkové bydlení – sociální byt",
        "target_groups": ["ubytovny", "azylove-domy", "rodiny-s-detmi", "kumulace-problemu"],
        "description": (
            "Krátkodobé nájemní bydlení na dobu určitou s intenzivní sociální prací. Nájemní "
            "smlouvy na 3–6 měsíců s možností prodloužení, celkem nejvýše 24 měsíců. "
            "V počáteční fázi ve čtyřech bytech podle uvolněných sociálních a dostupných "
            "bytů. Byt je připojen na energie a vybaven funkčními topidly."
        ),
        "capacity": 4,
        "capacity_unit": "byty",
        "area_served": "Statutární město Přerov",
        "contact_email": "socialni.prevence@prerov.example",
        "contact_phone": "581 268 111",
        "stays_are_tenancies": True,  # "realizováno formou nájemního bydlení"
        "max_stay_months": 24,
        "lease_term_min_months": 3,
        "lease_term_months": 6,
        "visit_interval_days": 7,
        "response_time_days": 14,
        "criteria": PREROV_CONDITIONS
        + [
            "Jistina 1 000 Kč, lze uhradit ve 3 splátkách, pokud ÚP neposkytne mimořádnou "
            "okamžitou pomoc",
        ],
    },
    {
        "organisation": "statutarni-mesto-prerov",
        "lease_needs_council_resolution": True,
        "slug": "treninkove-bydleni-dostupne-byty",
        "name": "Tréninkové bydlení v dostupných bytech",
        "kind": P.HOUSING,
        "stage": "dostupne",
        "local_stage_name": "tréninkové bydlení – dostupný byt",
        "target_groups": ["rodiny-s-detmi", "samozivitele", "kumulace-problemu"],
        "description": (
            "Pro klienty, kteří již mají dostatečné kompetence v oblasti bydlení. Dohled "
            "sociálních pracovníků má spíše evaluační charakter, klient je sledován "
            "nejméně 3–6 měsíců a poté se stává plnohodnotným nájemcem obecního bytu."
        ),
        "area_served": "Statutární město Přerov",
        "contact_email": "socialni.prevence@prerov.example",
        "contact_phone": "581 268 111",
        "max_stay_months": 24,
        "lease_term_min_months": 3,
        "lease_term_months": 6,
        "visit_interval_days": 30,
        # Monitored for at least 3–6 months, then an ordinary tenant of the city.
        "visit_phases": [(6, None)],
        "response_time_days": 14,
        "criteria": PREROV_CONDITIONS
        + [
            "Jistina 2 000 Kč, lze uhradit ve 4 splátkách, pokud ÚP neposkytne mimořádnou "
            "okamžitou pomoc",
        ],
    },
    {
        "organisation": "mesto-kadan",
        "slug": "nizkoprahove-bydleni-prunerov",
        "name": "Nízkoprahové bydlení v Prunéřově",
        "kind": P.HOUSING,
        "stage": "nizkoprahove",
        "local_stage_name": "nízkoprahové bydlení",
        "target_groups": ["svl", "bez-domova", "kumulace-problemu"],
        "description": (
            "První stupeň třístupňového prostupného bydlení: byty snížené kvality. Přechod "
            "výš závisí na platební morálce, dodržování domovních řádů a plnění dalších "
            "motivačních kritérií (Housing Ready)."
        ),
        "capacity": 65,
        "capacity_unit": "bytů",
        "area_served": "Kadaň, Prunéřov",
        "contact_email": "socialni.bydleni@kadan.example",
        "response_time_days": 14,
        "criteria": ["Souhlas s domovním řádem", "Spolupráce s terénním sociálním pracovníkem"],
    },
    {
        "organisation": "mesto-kadan",
        "slug": "vstupni-bydleni-prunerov",
        "name": "Vstupní bydlení v Prunéřově",
        "kind": P.HOUSING,
        "stage": "treninkove",
        "local_stage_name": "vstupní bydlení",
        "target_groups": ["svl", "rodiny-s-detmi", "kumulace-problemu"],
        "description": "Druhý stupeň: 10 opravených bytů vysoké kvality v Prunéřově.",
        "stays_are_tenancies": True,
        "capacity": 10,
        "capacity_unit": "bytů",
        "area_served": "Kadaň, Prunéřov",
        "contact_email": "socialni.bydleni@kadan.example",
        "visit_interval_days": 7,
        "response_time_days": 14,
        "criteria": [
            "Řádné placení nájemného v nízkoprahovém bydlení",
            "Dodržování domovního řádu",
        ],
    },
    {
        "organisation": "mesto-kadan",
        "slug": "dostupne-bydleni-kadan",
        "name": "Dostupné bydlení v Kadani",
        "kind": P.HOUSING,
        "stage": "dostupne",
        "local_stage_name": "dostupné bydlení",
        "target_groups": ["rodiny-s-detmi", "samozivitele"],
        "description": "Třetí stupeň: uvolněné byty v majetku města v Kadani se sníženou kaucí.",
        "capacity": 3,
        "capacity_unit": "byty",
        "area_served": "Kadaň",
        "contact_email": "socialni.bydleni@kadan.example",
        "visit_interval_days": 30,
        "response_time_days": 21,
        "criteria": ["Snížená kauce podle pravidel města", "Bezdlužnost vůči městu"],
    },
    {
        # The seed's new concept: Housing First beside the three Housing Ready tiers, for
        # the same target group, so the two can be compared (key activity 3).
        "organisation": "mesto-kadan",
        "slug": "housing-first-kadan",
        "name": "Housing First v Kadani",
        "kind": P.HOUSING,
        "stage": "socialni",
        "local_stage_name": "sociální byt – Housing First",
        "approach": Approach.HOUSING_FIRST,
        "stays_are_tenancies": True,
        "target_groups": ["svl", "rodiny-s-detmi", "kumulace-problemu"],
        "description": (
            "Byt hned, podpora potom: sociální byty v majetku města pro domácnosti ze "
            "sociálně vyloučených lokalit bez podmínky předchozího prostupu nízkoprahovým "
            "a vstupním bydlením. Ověřuje se vedle stupňů Housing Ready na stejné cílové "
            "skupině."
        ),
        "capacity": 7,
        "capacity_unit": "bytů",
        "area_served": "Kadaň",
        "contact_email": "socialni.bydleni@kadan.example",
        "visit_interval_days": 7,
        # Intensive support for the first 3 months, then every two weeks.
        "visit_phases": [(3, 14)],
        "response_time_days": 14,
        "criteria": ["Spolupráce s terénním sociálním pracovníkem"],
    },
    {
        "organisation": "statutarni-mesto-ostrava",
        "slug": "krizove-bydleni",
        "name": "Krizové bydlení",
        "kind": P.HOUSING,
        "stage": "krizove",
        "local_stage_name": "krizové bydlení",
        "target_groups": ["bez-domova", "rodiny-s-detmi", "domaci-nasili"],
        "description": (
            "Nouzový a záchytný systém pro domácnosti, kde je nutné akutně řešit bytovou "
            "nouzi. Možnost okamžitého nastěhování, byty vybavené základním nábytkem, "
            "intenzivní sociální práce, nájem nejvýše 6 měsíců, bez jistoty. Garantem u "
            "dodávek energií je městský obvod."
        ),
        "capacity": 5,
        "capacity_unit": "bytů",
        "area_served": "Ostrava-Jih, Moravská Ostrava a Přívoz, Poruba",
        "contact_email": "bydleni@ostrava.example",
        "max_stay_months": 6,
        "lease_term_months": 6,
        "visit_interval_days": 7,
        "response_time_days": 2,
        "criteria": OSTRAVA_CONDITIONS[:2] + ["Byt bez úhrady jistoty"],
    },
    {
        "organisation": "statutarni-mesto-ostrava",
        "slug": "socialni-bydleni",
        "name": "Sociální bydlení",
        "kind": P.HOUSING,
        "stage": "socialni",
        "local_stage_name": "sociální bydlení",
        "target_groups": ["svl", "ubytovny", "bez-domova", "kumulace-problemu", "rodiny-s-detmi"],
        "description": (
            "Povinná spolupráce a vyšší míra podpory: první 3 měsíce kontakt podle potřeby, "
            "nejméně jednou týdně (sestavení individuálního plánu), následně průměrně "
            "dvakrát týdně. Smlouva na 6 měsíců, prodlužovaná po dobu projektu; jednotné "
            "pásmo nájmu, byty bez úhrady jistoty, přímá úhrada doplatku na bydlení ÚP ČR."
        ),
        "area_served": "Šest zapojených městských obvodů Ostravy",
        "contact_email": "bydleni@ostrava.example",
        "lease_term_months": 6,
        "leases_until": OSTRAVA_PROJECT_END,
        "visit_interval_days": 7,
        # Weekly for the first 3 months, then about twice a week.
        "visit_phases": [(3, 4)],
        "response_time_days": 30,
        "criteria": OSTRAVA_CONDITIONS + ["Byt bez úhrady jistoty"],
    },
    {
        "organisation": "statutarni-mesto-ostrava",
        "slug": "dostupne-bydleni",
        "name": "Dostupné bydlení",
        "kind": P.HOUSING,
        "stage": "dostupne",
        "local_stage_name": "dostupné bydlení",
        "target_groups": ["rodiny-s-detmi", "samozivitele", "domaci-nasili", "odchazejici-z-pece"],
        "description": (
            "Nejnižší míra podpory: první 3 měsíce kontakt nejméně jednou týdně, poté "
            "nejméně jednou měsíčně. Pro domácnosti, které na bydlení vynakládají více než "
            "40 % disponibilních příjmů, oběti domácího násilí, osoby opouštějící instituce "
            "a pěstounskou péči a domácnosti v obtížné životní situaci."
        ),
        "area_served": "Šest zapojených městských obvodů Ostravy",
        "contact_email": "bydleni@ostrava.example",
        "lease_term_months": 6,
        "leases_until": OSTRAVA_PROJECT_END,
        "visit_interval_days": 7,
        # Weekly for the first 3 months, then at least monthly.
        "visit_phases": [(3, 30)],
        "response_time_days": 30,
        "criteria": OSTRAVA_CONDITIONS
        + [
            {
                "kind": K.HOUSING_COST_SHARE,
                "share_percent": 40,
                "text": "Příjmová podmínka: na bydlení vynakládá více než 40 % disponibilních "
                "příjmů",
                "required": False,
            }
        ],
    },
    {
        "organisation": "ostrava-jih",
        "slug": "byty-pro-pilotni-overeni",
        "name": "Byty obvodu pro pilotní ověření koncepce bydlení",
        "kind": P.HOUSING,
        "stage": "krizove",
        "local_stage_name": "krizové bydlení",
        "target_groups": ["bez-domova", "rodiny-s-detmi"],
        "description": "Dva byty krizového bydlení; žádosti přijímá Magistrát města Ostravy.",
        "capacity": 2,
        "capacity_unit": "byty",
        "area_served": "Ostrava-Jih",
        "accepts_referrals": False,
    },
    {
        "organisation": "moravska-ostrava-a-privoz",
        "slug": "byty-pro-pilotni-overeni",
        "name": "Byty obvodu pro pilotní ověření koncepce bydlení",
        "kind": P.HOUSING,
        "stage": "krizove",
        "local_stage_name": "krizové bydlení",
        "target_groups": ["bez-domova", "rodiny-s-detmi"],
        "description": "Byty krizového bydlení; žádosti přijímá Magistrát města Ostravy.",
        "capacity": 2,
        "capacity_unit": "byty",
        "area_served": "Moravská Ostrava a Přívoz",
        "accepts_referrals": False,
    },
    {
        "organisation": "poruba",
        "slug": "byty-pro-pilotni-overeni",
        "name": "Byt obvodu pro pilotní ověření koncepce bydlení",
        "kind": P.HOUSING,
        "stage": "krizove",
        "local_stage_name": "krizové bydlení",
        "target_groups": ["bez-domova"],
        "description": "Jeden byt krizového bydlení; žádosti přijímá Magistrát města Ostravy.",
        "capacity": 1,
        "capacity_unit": "byt",
        "area_served": "Poruba",
        "accepts_referrals": False,
    },
    {
        "organisation": "cssp",
        "slug": "konecne-domov",
        "name": "Konečně domov – podpora rodin v bytech",
        "kind": P.SUPPORT_IN_HOUSING,
        "stage": "socialni",
        "local_stage_name": "podpora v bytě",
        "target_groups": ["rodiny-s-detmi", "samozivitele", "azylove-domy"],
        "description": (
            "Intenzivní terénní podpora rodin a samoživitelů s nezletilými dětmi při "
            "přechodu z pobytových služeb do bytu; klíčové pracovnice síťují další "
            "odborné služby. Byty přednostně v blízkosti mateřských a základních škol."
        ),
        "area_served": "Hlavní město Praha",
        "contact_email": "konecne.domov@cssp.example",
        "visit_interval_days": 7,
        "response_time_days": 14,
        "criteria": [
            "Rodina nebo samoživitel s nezletilými dětmi v bytové nouzi",
            "Posouzení připravenosti na samostatné bydlení (příjmy, stabilita rodiny)",
            "Souhlas se spoluprací s klíčovou pracovnicí a s MNA",
        ],
    },
    {
        "organisation": "cssp",
        "slug": "intervencni-centrum",
        "name": "Intervenční centrum",
        "kind": P.COUNSELLING,
        "stage": None,
        "target_groups": ["domaci-nasili"],
        "description": "Specializovaná pomoc osobám ohroženým domácím násilím.",
        "area_served": "Hlavní město Praha",
        "contact_email": "ic@cssp.example",
        "response_time_days": 2,
        "criteria": [],
    },
    {
        "organisation": "mna-praha",
        "slug": "byty-mna",
        "name": "Byty Městské nájemní agentury",
        "kind": P.RENTAL_AGENCY,
        "stage": "dostupne",
        "local_stage_name": "byt MNA ze soukromého trhu",
        "target_groups": ["rodiny-s-detmi", "samozivitele", "seniori"],
        "description": (
            "Byty získané od soukromých pronajímatelů a zabydlované domácnostmi v bytové "
            "nouzi; podporu v bytě zajišťuje navazující sociální služba."
        ),
        "area_served": "Hlavní město Praha",
        "contact_email": "byty@mna.example",
        "visit_interval_days": 30,
        "response_time_days": 21,
        "criteria": [
            "Zmapování situace domácnosti podle parametrů MNA",
            "Sjednaná podpora v bytě od poskytovatele sociální služby",
        ],
    },
    {
        "organisation": "azylovy-dum-praha",
        "slug": "azylovy-dum",
        "name": "Azylový dům pro rodiny s dětmi",
        "kind": P.SHELTER,
        "stage": "krizove",
        "local_stage_name": "azylový dům",
        "target_groups": ["rodiny-s-detmi", "samozivitele", "domaci-nasili", "bez-domova"],
        "description": (
            "Pobytová služba pro rodiny s dětmi bez přístřeší. Součástí je příprava na "
            "samostatné bydlení a předání do navazujících programů."
        ),
        "capacity": 18,
        "capacity_unit": "rodin",
        "area_served": "Hlavní město Praha",
        "contact_email": "prijem@azylovydum.example",
        "max_stay_months": 12,
        "response_time_days": 3,
        "criteria": [
            {"kind": K.MINOR_CHILDREN, "text": "Rodina s nezletilými dětmi bez přístřeší"},
            "Souhlas s individuálním plánem",
        ],
    },
]


def programmes_ensure(organisations: dict[str, Organisation], report: LoadReport) -> None:
    stages = {stage.slug: stage for stage in PathwayStage.objects.all()}
    groups = {group.slug: group for group in TargetGroup.objects.all()}
    for data in PROGRAMMES:
        fields = dict(data)
        organisation = organisations[fields.pop("organisation")]
        criteria = fields.pop("criteria", [])
        group_slugs = fields.pop("target_groups", [])
        stage_slug = fields.pop("stage")
        phases = fields.pop("visit_phases", [])
        existing = Programme.objects.filter(organisation=organisation, slug=fields["slug"]).first()
        if existing is not None:
            _phases_ensure(existing, phases)
            continue
        programme = Programme(
            organisation=organisation,
            stage=stages[stage_slug] if stage_slug else None,
            **fields,
        )
        programme.full_clean()
        programme.save()
        programme.target_groups.set([groups[slug] for slug in group_slugs])
        _phases_ensure(programme, phases)
        for index, item in enumerate(criteria):
            values = {"text": item} if isinstance(item, str) else dict(item)
            if "service" in values:
                values["service"] = organisations[values["service"]]
            condition = IntakeCriterion(programme=programme, sort_order=index, **values)
            condition.full_clean()
            condition.save()
        report.created("Programme")
        report.created("IntakeCriterion", len(criteria))


def _phases_ensure(programme: Programme, phases: list[tuple[int, int | None]]) -> None:
    for months, interval in phases:
        VisitPhase.objects.get_or_create(
            programme=programme,
            starts_after_months=months,
            defaults={"interval_days": interval},
        )
