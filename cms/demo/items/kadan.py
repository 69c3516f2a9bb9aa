"""Library items of Kadaň: the outputs of key activities 1–4 (Sociální bydlení Kadaň)."""

from .spec import DemoItem, Table

KADAN = "mesto-kadan"

ITEMS = [
    DemoItem(
        section=KADAN,
        slug="analyza-bytove-nouze-kadan",
        title="Analýza bytové nouze v Kadani",
        kind="analysis",
        year=2017,
        summary=(
            "Podklad pro koncepci sociálního bydlení: bytová kapacita, bytová nouze, bytová "
            "politika, demografie, cílové skupiny a dostupnost sociálních služeb."
        ),
        body="""
            Koncepce sociálního bydlení se opírá o podrobnou analýzu situace a trendů v
            terénu. Analýza poskytuje informace pro nastavení jednotlivých forem sociálního
            bydlení, jeho provázanost se sociální prací, financování a pro vybudování
            systému sociálního bydlení.

            ## Zaměření analýzy

            - bytová kapacita: počet, struktura a charakter bytů na území města
            - bytová nouze: počet, charakter a struktura osob bez domova a osob ohrožených
              ztrátou bydlení
            - dosavadní bytové politiky města a jejich dopady
            - demografická situace se zaměřením na bytové potřeby
            - cílové skupiny s potřebou intenzivní sociální práce: oběti domácího násilí, děti
              opouštějící dětské domovy a náhradní rodinnou péči, osoby vracející se z výkonu trestu
            - dostupnost a stav azylových domů, nocleháren a terénních sociálních služeb
            - spolupráce městských terénních sociálních pracovníků a bytové správy

            ## Doporučení

            Analýza končí návrhy a doporučeními směrem k bytové politice města, které se
            staly vstupem pro Lokální koncepci sociálního bydlení.
        """,
        topics=("bytova-politika", "evaluace"),
        target_groups=("bez-domova", "domaci-nasili", "odchazejici-z-pece", "po-vykonu-trestu"),
        related=("lokalni-koncepce-kadan", "statistika-bytoveho-fondu-kadan"),
    ),
    DemoItem(
        section=KADAN,
        slug="lokalni-koncepce-kadan",
        title="Lokální koncepce sociálního bydlení v Kadani",
        kind="concept",
        year=2017,
        summary=(
            "Strategický rámec pro pilotní testování systému sociálního bydlení na místní "
            "úrovni, v souladu s Koncepcí sociálního bydlení ČR 2015–2025."
        ),
        body="""
            Lokální koncepce poskytuje strategický rámec, na jehož základě je možné pilotně
            testovat systém sociálního bydlení. Zdrojem vstupních dat je kromě lokální
            analýzy i mezinárodní spolupráce zprostředkovaná MPSV.

            Koncepce je v souladu s vládou schválenou Koncepcí sociálního bydlení ČR
            2015–2025 a se Strategickým plánem sociálního začleňování Kadaň a je součástí
            oficiální bytové politiky města schválené zastupitelstvem.

            ## Třístupňový systém

            - nízkoprahové bydlení: asi 65 bytů snížené kvality v Prunéřově
            - vstupní bydlení: 10 opravených bytů vysoké kvality v Prunéřově
            - dostupné bydlení: 3 uvolněné byty v majetku města v Kadani, se sníženou kaucí

            Přechod mezi stupni závisí na platební morálce, dodržování domovních řádů a
            plnění dalších motivačních kritérií. Koncepce nově počítá i s principem Housing
            First.
        """,
        topics=("bytova-politika", "housing-first"),
        files=("pdf", "docx"),
        stages=("nizkoprahove", "treninkove", "dostupne"),
        related=("analyza-bytove-nouze-kadan", "housing-first-vs-housing-ready-kadan"),
    ),
    DemoItem(
        section=KADAN,
        slug="housing-first-vs-housing-ready-kadan",
        title="Housing First vs. Housing Ready v Kadani",
        kind="evaluation",
        year=2019,
        summary=(
            "Porovnání dvou přístupů při jejich uplatnění ve stejném městě na stejnou "
            "cílovou skupinu v rámci ověřování koncepce (KA 3)."
        ),
        body="""
            Systém sociálního bydlení v Kadani byl postaven především na principu Housing
            Ready: domácnost si každý vyšší stupeň bydlení „zaslouží“ platební morálkou a
            dodržováním pravidel. Nová koncepce přidala princip Housing First, kdy
            domácnost získá byt hned a podpora přichází s ním.

            ## Uspořádání ověření

            Pro ověření bylo vyčleněno nejméně 7 sociálních bytů v majetku města, v nichž
            se pracovalo s nejméně 15 osobami staršími 15 let. Součástí byla cílená sociální
            práce s nejméně 15 klienty zaměřená na prevenci ztráty bydlení.

            ## Sledované ukazatele

            - udržení nájmu po 6 a 12 měsících
            - vznik nových dluhů na nájemném a službách
            - plnění individuálního plánu a spolupráce se sociálním pracovníkem
            - náklady města na jednu domácnost

            Výsledky slouží jako podklad pro metodickou spolupráci s MPSV a pro aktualizaci
            lokální koncepce. Zpráva je určena členům partnerství.
        """,
        topics=("housing-first", "evaluace"),
        target_groups=("svl", "kumulace-problemu"),
        stages=("nizkoprahove", "treninkove", "socialni"),
        visibility="members",
        related=("lokalni-koncepce-kadan", "hodnoceni-uspesnosti-modelu"),
    ),
    DemoItem(
        section=KADAN,
        slug="statistika-bytoveho-fondu-kadan",
        title="Statistika bytového fondu prostupného bydlení v Kadani",
        kind="statistics",
        year=2018,
        summary=(
            "Počty bytů na jednotlivých stupních prostupného bydlení a cílové hodnoty "
            "ověřování koncepce sociálního bydlení."
        ),
        body="""
            Tabulka shrnuje statistická data obce z oblasti sociálního bydlení, která se
            využívají při tvorbě a aktualizaci lokální koncepce a sdílejí s MPSV v rámci
            metodické spolupráce (KA 4).

            Údaje o bytech odpovídají popisu systému v projektu Sociální bydlení Kadaň;
            cílové hodnoty jsou minimální hodnoty stanovené pro ověření koncepce v praxi.
        """,
        topics=("bytova-politika", "evaluace"),
        stages=("nizkoprahove", "treninkove", "dostupne", "socialni"),
        files=("xlsx", "pdf"),
        table=Table(
            headers=("Stupeň / ukazatel", "Lokalita", "Počet", "Jednotka"),
            rows=(
                ("Nízkoprahové bydlení", "Prunéřov", 65, "bytů (přibližně)"),
                ("Vstupní bydlení", "Prunéřov", 10, "bytů"),
                ("Dostupné bydlení", "Kadaň", 3, "byty"),
                ("Sociální byty pro ověření koncepce", "Kadaň", 7, "bytů (minimum)"),
                ("Osoby starší 15 let v sociálních bytech", "Kadaň", 15, "osob (minimum)"),
                ("Klienti prevence ztráty bydlení", "Kadaň", 15, "klientů (minimum)"),
            ),
            note="Zdroj: popis klíčových aktivit projektu Sociální bydlení Kadaň.",
        ),
        related=("analyza-bytove-nouze-kadan",),
    ),
    DemoItem(
        section=KADAN,
        slug="hodnoceni-uspesnosti-modelu",
        title="Hodnocení úspěšnosti modelů sociálního bydlení",
        kind="methodology",
        year=2018,
        summary=(
            "Způsoby vyhodnocování úspěšnosti modelů sociálního bydlení, jak je město "
            "připravilo pro metodickou spolupráci s MPSV."
        ),
        body="""
            Jedním z výstupů metodické spolupráce města a MPSV jsou způsoby vyhodnocování
            úspěšnosti modelů sociálního bydlení. Cílem je sdílet data o úspěšnosti a
            účinnosti aplikovaných postupů tak, aby byla srovnatelná mezi obcemi.

            ## Co hodnotit

            - udržení bydlení: podíl domácností, které po 12 měsících stále bydlí
            - posun v systému: přechody na vyšší stupeň, přechody dolů a vyřazení
            - finanční stabilita: vývoj dluhů a pravidelnost plateb
            - spolupráce: plnění individuálního plánu
            - dopady na děti: školní docházka, kontakt s OSPOD

            ## Jak sbírat data

            Údaje zapisuje klíčový sociální pracovník při pravidelném vyhodnocení
            individuálního plánu. Souhrnné statistiky se jednou ročně předávají MPSV a
            slouží k aktualizaci lokální koncepce.
        """,
        topics=("evaluace", "bytova-politika"),
        related=("housing-first-vs-housing-ready-kadan",),
    ),
    DemoItem(
        section=KADAN,
        slug="vzdelavaci-potreby-socialnich-pracovniku",
        title="Vzdělávací potřeby sociálních pracovníků v sociálním bydlení",
        kind="training",
        year=2018,
        summary=(
            "Způsoby a potřeby vzdělávání sociálních pracovníků ve vztahu k systému "
            "sociálního bydlení; program tří školení a tří pracovních seminářů."
        ),
        body="""
            Obec zajišťuje účast sociálních pracovníků, kteří se podílejí na systému
            sociálního bydlení, na pravidelných schůzkách s pracovníky MPSV – na školeních,
            workshopech, konferencích a dalších vzdělávacích akcích.

            ## Zjištěné potřeby

            - práce s dluhy a sestavování reálných splátkových kalendářů
            - individuální plánování a vyhodnocování cílů
            - spolupráce s bytovou správou a s úřadem práce
            - principy Housing First a práce s klienty s vysokou mírou podpory
            - prevence ztráty bydlení a včasná intervence

            ## Program

            V letech 2017–2018 proběhla tři školení sociálních pracovníků a tři pracovní
            semináře s účastí 15 osob. Materiály ze seminářů jsou k dispozici v knihovně.
        """,
        topics=("socialni-prace", "dluhy", "housing-first"),
        files=("docx",),
    ),
    DemoItem(
        section=KADAN,
        slug="typova-pozice-socialniho-pracovnika",
        title="Typová pozice sociálního pracovníka sociálního bydlení na obci",
        kind="template",
        year=2018,
        summary=(
            "Podklad k navržení typové pozice sociálního pracovníka sociálního bydlení: "
            "náplň práce, kvalifikace a spolupráce."
        ),
        body="""
            ## Účel pozice

            Sociální pracovník sociálního bydlení na obci vyhledává vhodné klienty,
            posuzuje jejich situaci, navrhuje zařazení do odpovídajícího stupně bydlení a
            poskytuje jim sociální práci po celou dobu pobytu v systému.

            ## Náplň práce

            - sociální šetření a posouzení potřeb domácnosti
            - uzavření dohody o spolupráci a sestavení individuálního plánu
            - pravidelné návštěvy domácností a kontrola plateb
            - spolupráce s bytovou správou, úřadem práce, školami a OSPOD
            - účast v kazuistické skupině a příprava podkladů pro radu města

            ## Kvalifikace

            Odborná způsobilost podle zákona o sociálních službách, praxe v terénní
            sociální práci výhodou, řidičský průkaz skupiny B.
        """,
        topics=("socialni-prace",),
        files=("docx",),
    ),
]
