"""Project pages of the seed projects. Where a seed gives no activity codes (Přerov,
Konečně domov) the activities are numbered "Aktivita n"; contacts are role titles with
.example addresses, named only where the seed names the person as project staff."""

import datetime
from decimal import Decimal

from cms.models import (
    ProjectContact,
    ProjectIndexPage,
    ProjectKeyActivity,
    ProjectOutput,
    ProjectPage,
)
from partners.models import Organisation, TargetGroup

from .pages import child_by_slug, publish_child
from .report import LoadReport
from .text import to_html

D = datetime.date

PROJECTS = [
    {
        "slug": "treninkove-bydleni-prerov",
        "title": "Tréninkové bydlení v Přerově",
        "summary": (
            "Pilotní projekt tréninkového bydlení v sociálních a dostupných bytech ve "
            "vlastnictví města: zlepšit kvalitu života obyvatel, aktivizovat je k převzetí "
            "odpovědnosti za své základní potřeby a předcházet ztrátám bydlení."
        ),
        "body": """
            Realizátorem je Oddělení sociální prevence a pomoci Odboru sociálních věcí a
            školství Magistrátu města Přerova. Po přípravě, která spočívá v přímé sociální
            práci s klienty žijícími v azylovém domě, na komerčních ubytovnách nebo v
            domech bez znaků standardního bydlení, následuje zařazení do tréninkového
            bydlení formou nájmu.

            Systém má dva stupně: tréninkové bydlení s vysokou intenzitou sociální práce v
            sociálních bytech a s nižší intenzitou v dostupných bytech. V počáteční fázi
            probíhá ve čtyřech bytech. Do budoucna se počítá se zapojením nestátních
            neziskových organizací působících ve městě.
        """,
        "period_start": D(2016, 6, 1),
        "period_end": None,
        "funding": "Rozpočet statutárního města Přerova",
        "lead": "statutarni-mesto-prerov",
        "partners": [],
        "target_groups": ["ubytovny", "azylove-domy", "rodiny-s-detmi", "kumulace-problemu"],
        "activities": [
            (
                "Aktivita 1",
                "Informační kampaň",
                "Letáky pro potenciální klienty; první "
                "kampaň proběhla od 8. dubna do 9. května 2016, další podle potřeby.",
            ),
            (
                "Aktivita 2",
                "Přípravná fáze",
                "Přímá sociální práce s klienty v krizové, "
                "krátkodobé nebo nevyhovující formě bydlení.",
            ),
            (
                "Aktivita 3",
                "Tréninkové bydlení v sociálních bytech",
                "Nájem na 3–6 měsíců, "
                "nejvýše 24 měsíců, návštěva klíčového pracovníka nejméně jednou týdně.",
            ),
            (
                "Aktivita 4",
                "Tréninkové bydlení v dostupných bytech",
                "Nižší intenzita, návštěva jednou měsíčně, sledování klienta 3–6 měsíců.",
            ),
            (
                "Aktivita 5",
                "Kazuistická skupina",
                "Posuzuje návrhy na zařazení, přesun do "
                "jiného typu bytu nebo vyřazení; návrh pak jde Radě města Přerova.",
            ),
        ],
        "outputs": [
            ("Pravidla tréninkového bydlení", "Podmínky vstupu, motivační nástroje, přechody."),
            ("Písemné vyjádření o úspěšném absolvování", "Pro klienty, kteří systém dokončí."),
        ],
        "contacts": [
            (
                "Oddělení sociální prevence a pomoci",
                "realizátor projektu",
                "socialni.prevence@prerov.example",
                "581 268 111",
            ),
        ],
    },
    {
        "slug": "socialni-bydleni-kadan",
        "title": "Sociální bydlení Kadaň",
        "summary": (
            "Tvorba a ověření Lokální koncepce sociálního bydlení v Kadani, porovnání "
            "přístupů Housing Ready a Housing First na stejné cílové skupině a metodická "
            "spolupráce města s MPSV."
        ),
        "body": """
            Systém sociálního bydlení v Kadani je koncipován jako třístupňové prostupné
            bydlení: nízkoprahové bydlení (asi 65 bytů snížené kvality v Prunéřově),
            vstupní bydlení (10 opravených bytů vysoké kvality v Prunéřově) a dostupné
            bydlení (3 uvolněné byty v majetku města v Kadani).

            Systém stojí především na principu Housing Ready. Nová koncepce počítá i s
            principem Housing First; během projektu se oba přístupy porovnají při
            uplatnění ve stejném městě na stejné cílové skupině.
        """,
        "period_start": D(2017, 2, 1),
        "period_end": D(2019, 12, 31),
        "funding": "",
        "lead": "mesto-kadan",
        "partners": [],
        "target_groups": ["svl", "domaci-nasili", "odchazejici-z-pece", "po-vykonu-trestu"],
        "activities": [
            (
                "KA 1",
                "Zpracování podkladů pro tvorbu Koncepce sociálního bydlení v Kadani",
                "Analýza bytové kapacity, bytové nouze, bytových politik, demografie, cílových "
                "skupin a dostupnosti azylových domů, nocleháren a terénních služeb.",
            ),
            (
                "KA 2",
                "Tvorba Koncepce sociálního bydlení v Kadani",
                "Strategický rámec v souladu s Koncepcí sociálního bydlení ČR 2015–2025 a "
                "Strategickým plánem sociálního začleňování Kadaň, schválený zastupitelstvem.",
            ),
            (
                "KA 3",
                "Ověření Koncepce sociálního bydlení v praxi",
                "Nejméně 7 sociálních bytů, práce s nejméně 15 osobami staršími 15 let a "
                "cílená prevence ztráty bydlení u nejméně 15 klientů.",
            ),
            (
                "KA 4",
                "Metodická spolupráce města a MPSV",
                "Sdílení dat o úspěšnosti a účinnosti postupů s Kontaktním centrem MPSV.",
            ),
        ],
        "outputs": [
            ("Lokální koncepce sociálního bydlení v Kadani", "Schválená zastupitelstvem."),
            ("Způsoby vyhodnocování úspěšnosti modelů sociálního bydlení", ""),
            ("Kazuistiky a příklady dobré a špatné praxe", ""),
            ("Vzdělávání sociálních pracovníků", "3 školení a 3 pracovní semináře pro 15 osob."),
            ("Statistická data obce z oblasti sociálního bydlení", ""),
        ],
        "contacts": [
            ("Odbor sociálních věcí", "koordinace projektu", "socialni.bydleni@kadan.example", ""),
        ],
    },
    {
        "slug": "koncepce-bydleni-ostrava",
        "title": "Koncepce bydlení a její pilotní ověření ve městě Ostrava",
        "summary": (
            "Zajištění dostupnosti nesegregovaného bydlení pro osoby z ubytoven a "
            "vyloučených lokalit na území Ostravy a posílení role Magistrátu města Ostravy "
            "jako klíčového aktéra v oblasti bydlení."
        ),
        "body": """
            Do projektu se zapojily městské obvody Mariánské Hory a Hulváky, Moravská
            Ostrava a Přívoz, Ostrava-Jih, Poruba, Slezská Ostrava a Vítkovice. Bylo
            předjednáno 99 bytů z potřebných 105; obvody usilují o desegregaci, jednotné
            pásmo nájmu a snížení prahu pro vstup do bytu u dlužníků vůči obvodu.

            Smlouvy se uzavírají na 6 měsíců s možností prodloužení po dobu projektu, byty
            jsou bez úhrady jistoty a doplatek na bydlení hradí ÚP ČR přímo. S dodavatelem
            energií město uzavírá trojstranné kontrakty. Příjem žádostí začal 12. 12. 2016,
            první nájemní smlouvy byly uzavřeny v únoru 2017.
        """,
        "period_start": D(2016, 10, 1),
        "period_end": D(2019, 9, 30),
        "budget_czk": Decimal("14605116"),
        "funding": "Evropský sociální fond, Operační program Zaměstnanost",
        "lead": "statutarni-mesto-ostrava",
        "partners": ["ostrava-jih", "moravska-ostrava-a-privoz", "poruba"],
        "target_groups": [
            "svl",
            "ubytovny",
            "bez-domova",
            "rodiny-s-detmi",
            "domaci-nasili",
            "odchazejici-z-pece",
        ],
        "activities": [
            (
                "KA 01",
                "Koncepce bydlení",
                "Pracovní skupina k údržbě a rozvoji bytového "
                "fondu, pracovní skupina ke krizovému, sociálnímu a dostupnému bydlení, "
                "fokusní skupina s participativními metodami.",
            ),
            (
                "KA 02",
                "Pilotní ověření tzv. krizového bydlení",
                "5 bytů, okamžité nastěhování, nájem nejvýše 6 měsíců, intenzivní sociální práce.",
            ),
            (
                "KA 03",
                "Pilotní ověření tzv. sociálního bydlení",
                "Povinná spolupráce, individuální plán, kontakt nejméně jednou týdně.",
            ),
            (
                "KA 04",
                "Pilotní ověření tzv. dostupného bydlení",
                "Nejnižší míra podpory, kontakt nejméně jednou měsíčně.",
            ),
            ("KA 05", "Řízení a administrace projektu", ""),
            (
                "KA 06",
                "Evaluace nastavení systému sociálního bydlení",
                "Veřejná zakázka na evaluaci a vedení fokusní skupiny.",
            ),
        ],
        "outputs": [
            ("Koncepce bydlení statutárního města Ostravy", ""),
            ("Pilotně ověřené krizové, sociální a dostupné bydlení", "99 předjednaných bytů."),
            ("Evaluační zpráva", "Nastavení systému sociálního bydlení."),
        ],
        "contacts": [
            ("Ing. Miroslava Sasinová", "manažerka projektu", "bydleni@ostrava.example", ""),
            ("Mgr. Vladislava Ševčíková", "metodička projektu", "bydleni@ostrava.example", ""),
        ],
    },
    {
        "slug": "konecne-domov",
        "title": "Konečně domov",
        "summary": (
            "Podpora rodinám a samoživitelům s dětmi v bytové nouzi v oblasti bydlení a "
            "ucelený, navzájem propojený systém sociálních služeb CSSP s návaznou službou "
            "podpory v bytech a s byty Městské nájemní agentury."
        ),
        "body": """
            Projekt trvá 35 měsíců. Systém tvoří vytipování rodin nebo samoživitelů s
            nezletilými dětmi, kteří budou při přechodu do bytu potřebovat intenzivnější
            podporu, vytipování vhodných lokalit a nastavení sociální sítě podpory v bytech.

            Městská nájemní agentura úspěšně pilotuje získávání a zabydlování bytů ze
            soukromého trhu. Projekt na její výsledky navazuje ukotvením spolupráce mezi
            MNA a poskytovateli podpory rodinám v bytech.
        """,
        "period_start": D(2023, 2, 1),
        "period_end": D(2025, 12, 21),
        "funding": "",
        "lead": "cssp",
        "partners": ["mna-praha"],
        "target_groups": ["rodiny-s-detmi", "samozivitele", "azylove-domy"],
        "activities": [
            (
                "Aktivita 1",
                "Vytipování rodin",
                "Klíčové pracovnice ve spolupráci s vedoucími "
                "pobytových služeb CSSP posuzují reálné možnosti získání bydlení a připravenost "
                "rodiny na samostatné bydlení.",
            ),
            (
                "Aktivita 2",
                "Vytipování vhodných lokalit",
                "Podle potřeb péče o děti: blízko mateřských, základních a středních škol.",
            ),
            (
                "Aktivita 3",
                "Spolupráce s MNA",
                "Zmapování situace rodin podle parametrů MNA, "
                "společné schůzky s klienty a klíčovými pracovnicemi.",
            ),
            (
                "Aktivita 4",
                "Podpora rodin v bytech",
                "Intenzivní terénní služba, která síťuje "
                "další odborné služby (Intervenční centrum, poradna Kontakt, poradny pro rodinu).",
            ),
        ],
        "outputs": [
            ("Systém spolupráce MNA a poskytovatelů podpory v bytech", ""),
            (
                "Rodiny zabydlené v bytech MNA",
                "Průběžně na sociálních sítích CSSP a v magazínu Siréna.",
            ),
        ],
        "contacts": [
            ("Klíčová pracovnice projektu", "Konečně domov", "konecne.domov@cssp.example", ""),
        ],
    },
    {
        "slug": "odborne-partnerstvi-plzensky-kraj",
        "title": "Podpora odborného partnerství – prostupné a sociální bydlení v Plzeňském kraji",
        "summary": (
            "Modelová řešení kombinace sociálních služeb a bydlení ve čtyřech obcích "
            "Plzeňského kraje, koalice odborného partnerství a doporučení kraji jako "
            "organizátoru sociální sítě."
        ),
        "body": """
            Projekt připravil modelová řešení ve čtyřech vybraných obcích – Rokycanech,
            Klatovech, Nýrsku a Dobřanech – s cílem nastavit optimální kombinaci
            sociálních služeb a samotného bydlení. Řešení jsou přenositelná do dalších obcí
            kraje a slouží jako podklad pro diskusi na celokrajské úrovni.

            Realizátorem bylo Centrum pro komunitní práci západní Čechy; projekt byl
            podpořen z ESF a ze státního rozpočtu ČR v rámci Operačního programu
            Zaměstnanost.
        """,
        "registration_number": "CZ.03.2.63/0.0/0.0/15_023/0000958",
        "period_start": D(2016, 8, 1),
        "period_end": D(2018, 7, 31),
        "funding": "ESF a státní rozpočet ČR, Operační program Zaměstnanost",
        "lead": "cpkp-zapadni-cechy",
        "partners": [
            "plzensky-kraj",
            "mesto-rokycany",
            "mesto-klatovy",
            "mesto-nyrsko",
            "mesto-dobrany",
        ],
        "target_groups": ["rodiny-s-detmi", "bez-domova", "ubytovny", "kumulace-problemu"],
        "activities": [
            ("KA 1", "Analýzy partnerských obcí", "Rokycany, Klatovy, Nýrsko, Dobřany."),
            (
                "KA 2",
                "Koalice odborného partnerství",
                "Sociální bydlení v Plzeňském kraji: "
                "zástupci kraje, obcí, poskytovatelů sociálních služeb a experti.",
            ),
            (
                "KA 3",
                "Modelová řešení",
                "Systém sociálních služeb a sociální práce v "
                "návaznosti na zvolený systém prostupného bydlení.",
            ),
            ("KA 4", "Doporučení kraji", "Kraj jako organizátor sociální sítě."),
        ],
        "outputs": [
            ("Analýzy čtyř obcí", ""),
            ("Modelová řešení pro Rokycany, Klatovy, Nýrsko a Dobřany", ""),
            ("Doporučení Plzeňskému kraji", ""),
        ],
        "contacts": [
            (
                "Realizační tým projektu",
                "Centrum pro komunitní práci západní Čechy",
                "info@cpkp-zc.example",
                "",
            ),
        ],
    },
]


def projects_ensure(
    index: ProjectIndexPage, organisations: dict[str, Organisation], report: LoadReport
) -> None:
    groups = {group.slug: group for group in TargetGroup.objects.all()}
    for data in PROJECTS:
        if child_by_slug(index, data["slug"]) is not None:
            continue
        page = ProjectPage(
            title=data["title"],
            slug=data["slug"],
            summary=data["summary"],
            body=to_html(data["body"]),
            registration_number=data.get("registration_number", ""),
            period_start=data["period_start"],
            period_end=data["period_end"],
            budget_czk=data.get("budget_czk"),
            funding=data["funding"],
            lead_organisation=organisations[data["lead"]],
        )
        page.partner_organisations = [organisations[slug] for slug in data["partners"]]
        page.target_groups = [groups[slug] for slug in data["target_groups"]]
        page.key_activities = [
            ProjectKeyActivity(code=code, title=title, description=description, sort_order=i)
            for i, (code, title, description) in enumerate(data["activities"])
        ]
        page.outputs = [
            ProjectOutput(title=title, description=description, sort_order=i)
            for i, (title, description) in enumerate(data["outputs"])
        ]
        page.contacts = [
            ProjectContact(name=name, role=role, email=email, phone=phone, sort_order=i)
            for i, (name, role, email, phone) in enumerate(data["contacts"])
        ]
        publish_child(index, page, report)
