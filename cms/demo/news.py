"""News items, dated by the events the seeds record."""

import datetime

from cms.models import NewsIndexPage, NewsPage

from .pages import child_by_slug, publish_child
from .report import LoadReport
from .text import to_html

D = datetime.date

NEWS = [
    {
        "slug": "prerov-informacni-kampan-treninkove-bydleni",
        "title": "Přerov zahájil informační kampaň k tréninkovému bydlení",
        "date": D(2016, 4, 8),
        "summary": (
            "Sociální pracovníci magistrátu od 8. dubna do 9. května 2016 rozdávají "
            "klientům na ubytovnách a v azylovém domě letáky o novém tréninkovém bydlení."
        ),
        "body": """
            O možnosti vstoupit do systému tréninkového bydlení informují sociální
            pracovníci Oddělení sociální prevence a pomoci své klienty v předstihu. První
            informační kampaň spočívá v distribuci letáčků se všemi potřebnými informacemi
            a potrvá od 8. dubna do 9. května 2016.

            Kampaň míří na lidi žijící na komerčních ubytovnách, v azylovém domě a v
            domech, které nevykazují znaky standardního bydlení. Vstup je dobrovolný a
            mohou jej využít ti, kdo jsou ochotni změnit svou aktuální sociální situaci.
            Další kampaně budou probíhat podle potřeby.
        """,
    },
    {
        "slug": "prerov-spousti-treninkove-bydleni",
        "title": "Tréninkové bydlení v Přerově začíná ve čtyřech bytech",
        "date": D(2016, 6, 1),
        "summary": (
            "Od 1. června 2016 město pronajímá první sociální a dostupné byty v systému "
            "tréninkového bydlení s podporou klíčového sociálního pracovníka."
        ),
        "body": """
            Pilotní projekt začíná ve čtyřech bytech podle toho, jak se uvolňují sociální a
            dostupné byty města. Nájemní smlouvy se uzavírají na 3–6 měsíců s možností
            prodloužení, celkem nejvýše na 24 měsíců.

            Klíčový sociální pracovník navštěvuje domácnosti v sociálních bytech jednou
            týdně a v dostupných bytech jednou měsíčně. Jistina je snížena na 1 000 Kč
            (sociální byt) a 2 000 Kč (dostupný byt) s možností splátek.
        """,
    },
    {
        "slug": "start-projektu-odborne-partnerstvi",
        "title": "Začíná projekt odborného partnerství v Plzeňském kraji",
        "date": D(2016, 8, 1),
        "summary": (
            "Centrum pro komunitní práci západní Čechy zahajuje projekt, který připraví "
            "modelová řešení sociálního bydlení pro Rokycany, Klatovy, Nýrsko a Dobřany."
        ),
        "body": """
            Projekt Podpora odborného partnerství – prostupné a sociální bydlení v
            Plzeňském kraji (reg. č. CZ.03.2.63/0.0/0.0/15_023/0000958) potrvá do 31. 7.
            2018. Začne analýzami v partnerských obcích a vytvořením koalice odborného
            partnerství.

            Koalice propojí zástupce kraje, obcí, poskytovatele sociálních služeb a další
            experty. Jejím účelem je provázat činnost služeb, které dosud působily
            odděleně, s bytovou politikou obcí.
        """,
    },
    {
        "slug": "ostrava-prijem-zadosti",
        "title": "Ostrava přijímá žádosti o vstup do systému sociálního bydlení",
        "date": D(2016, 12, 12),
        "summary": (
            "Magistrát města Ostravy spustil příjem žádostí o krizové, sociální a dostupné "
            "bydlení v bytech šesti městských obvodů; první smlouvy budou v únoru 2017."
        ),
        "body": """
            Žádost se podává na Magistrátu města Ostravy včetně potvrzení úřadu práce.
            Následuje sociální šetření a bodové hodnocení žádosti komisí, které odráží
            cílovou skupinu a potřebnost. Hodnocení žadatelé jsou zařazeni do databáze.

            Jakmile městský obvod nahlásí volný byt, vhodní žadatelé se prověří u
            dodavatele energií a u obvodu a projednají se v poradních sborech nebo bytových
            komisích. Byty jsou bez úhrady jistoty.
        """,
    },
    {
        "slug": "setkani-koalice-2017",
        "title": "Setkání koalice: zákon o sociálním bydlení zatím nebude",
        "date": D(2017, 6, 15),
        "summary": (
            "Členové koalice probrali situaci po květnovém hlasování Poslanecké sněmovny a "
            "shodli se, že obce musí postupovat podle vlastních koncepcí."
        ),
        "body": """
            Zákon o sociálním bydlení v květnu 2017 napotřetí neprošel prvním čtením v
            Poslanecké sněmovně. Oblast sociálního bydlení tak nadále zůstává bez
            legislativní úpravy a hlavní odpovědnost nesou obce a jejich bytová politika.

            Na setkání koalice zástupci obcí, kraje a poskytovatelů služeb sdíleli první
            poznatky z analýz v Rokycanech, Klatovech, Nýrsku a Dobřanech a domluvili se na
            společné podobě modelových řešení.
        """,
    },
    {
        "slug": "konecne-domov-zacina",
        "title": "Projekt Konečně domov pomůže rodinám s dětmi k vlastnímu bydlení",
        "date": D(2023, 2, 1),
        "summary": (
            "Centrum sociálních služeb Praha spolu s Městskou nájemní agenturou podpoří "
            "rodiny a samoživitele s dětmi v bytové nouzi, od 1. 2. 2023 do 21. 12. 2025."
        ),
        "body": """
            Cílem projektu je v průběhu 35 měsíců zajistit podporu rodinám a samoživitelům s
            dětmi v bytové nouzi a nastavit propojený systém sociálních služeb CSSP s
            návaznou službou podpory v bytech.

            Byty poskytne Městská nájemní agentura, která pilotuje získávání a zabydlování
            bytů ze soukromého trhu. O průběhu bude CSSP informovat na sociálních sítích, v
            magazínu Siréna a v podcastu Žilinská 2.
        """,
    },
]


def news_ensure(index: NewsIndexPage, report: LoadReport) -> None:
    for data in NEWS:
        if child_by_slug(index, data["slug"]) is not None:
            continue
        page = NewsPage(
            title=data["title"],
            slug=data["slug"],
            date=data["date"],
            summary=data["summary"],
            body=to_html(data["body"]),
        )
        publish_child(index, page, report)
