"""The site tree: home page as the default site's root, the index pages and the two
standard pages (about the coalition, the housing pathway)."""

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page, Site

from cms.models import HomePage, NewsIndexPage, ProjectIndexPage, StandardPage
from knowledge.models import LibraryIndexPage

from .text import to_html

SITE_NAME = "Sociální bydlení – odborné partnerství"


@dataclass
class SiteTree:
    home: HomePage
    library: LibraryIndexPage
    projects: ProjectIndexPage
    news: NewsIndexPage


def child_by_slug(parent: Page, slug: str) -> Page | None:
    page = Page.objects.child_of(parent).filter(slug=slug).first()
    return page.specific if page is not None else None


def publish_child(parent: Page, page: Page, report) -> Page:
    """Add a new page under `parent` and publish it through a revision, as an editor
    would; the revision is what the admin's history and the moderation workflow read."""
    page.live = False
    parent.add_child(instance=page)
    page.save_revision().publish()
    report.created(type(page).__name__)
    return page


def child_ensure(parent: Page, page: Page, report) -> Page:
    existing = child_by_slug(parent, page.slug)
    return existing if existing is not None else publish_child(parent, page, report)


def single_ensure(model, parent: Page, page: Page, report) -> Page:
    """Page types with max_count = 1: reuse the one that exists, wherever it is."""
    existing = model.objects.first()
    return existing if existing is not None else publish_child(parent, page, report)


def site_address() -> tuple[str, int]:
    """Host and port of the portal's public address (BASE_URL): the sitemap, feeds and
    e-mails link to the Site's host, so a Site left on Wagtail's "localhost" sends search
    engines and readers nowhere."""
    address = urlsplit(settings.WAGTAILADMIN_BASE_URL)
    default_port = 443 if address.scheme == "https" else 80
    return address.hostname or "localhost", address.port or default_port


def _default_site_point_to(home: HomePage) -> None:
    hostname, port = site_address()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname=hostname,
            port=port,
            root_page=home,
            is_default_site=True,
            site_name=SITE_NAME,
        )
        return
    wanted = {"hostname": hostname, "port": port, "root_page_id": home.pk, "site_name": SITE_NAME}
    if any(getattr(site, field) != value for field, value in wanted.items()):
        for field, value in wanted.items():
            setattr(site, field, value)
        site.save()


def _welcome_page_delete(root: Page, keep: Page) -> None:
    """Wagtail's initial migration creates a plain "Welcome to your new Wagtail site!"
    page as the site root; once our home page has replaced it, it is dead weight."""
    plain_page = ContentType.objects.get_for_model(Page)
    candidates = (
        Page.objects.child_of(root)
        .filter(content_type=plain_page, slug="home", title__startswith="Welcome")
        .exclude(pk=keep.pk)
    )
    for page in candidates:
        if not page.get_children().exists() and not Site.objects.filter(root_page=page).exists():
            page.delete()


PATHWAY_SLUG = "prostupne-bydleni"


def site_tree_ensure(report) -> SiteTree:
    root = Page.get_first_root_node()
    home = single_ensure(
        HomePage,
        root,
        HomePage(title=SITE_NAME, slug="uvod", intro=HOME_INTRO, body=to_html(HOME_BODY)),
        report,
    )
    _default_site_point_to(home)
    _welcome_page_delete(root, keep=home)
    library = single_ensure(
        LibraryIndexPage,
        home,
        LibraryIndexPage(title="Knihovna", slug="knihovna", intro=LIBRARY_INTRO),
        report,
    )
    projects = single_ensure(
        ProjectIndexPage,
        home,
        ProjectIndexPage(title="Projekty", slug="projekty", intro=PROJECTS_INTRO),
        report,
    )
    news = single_ensure(
        NewsIndexPage,
        home,
        NewsIndexPage(title="Aktuality", slug="aktuality", intro=NEWS_INTRO),
        report,
    )
    for slug, title, intro, body in STANDARD_PAGES:
        page = StandardPage(
            title=title,
            slug=slug,
            intro=intro,
            body=to_html(body),
            show_pathway_diagram=slug == PATHWAY_SLUG,
        )
        child_ensure(home, page, report)
    return SiteTree(home=home, library=library, projects=projects, news=news)


HOME_INTRO = (
    "Obce, azylové domy, neziskové organizace, městská nájemní agentura a centra "
    "sociálních služeb sdílejí na jednom místě metodiky, kazuistiky a příklady dobré praxe "
    "a bezpečně si předávají klienty po stupních prostupného bydlení."
)

HOME_BODY = """
Odborné partnerství vzniklo podle vzoru koalice „Sociální bydlení v Plzeňském kraji“.
Propojuje poskytovatele služeb, kteří dosud působili odděleně, a provazuje jejich činnost
s bytovou politikou obcí.

V knihovně najdete metodiky, kazuistiky, lokální analýzy, koncepce, evaluační zprávy,
statistiky a vzdělávací materiály z Přerova, Kadaně, Ostravy, Prahy a Plzeňského kraje.
Některé materiály jsou určeny jen členům partnerství.
"""

LIBRARY_INTRO = (
    "<p>Metodiky, kazuistiky, příklady dobré i špatné praxe, analýzy, koncepce, evaluace, "
    "statistiky, vzdělávací materiály a vzory dokumentů členů partnerství.</p>"
)
PROJECTS_INTRO = (
    "Projekty členů partnerství zaměřené na sociální a prostupné bydlení, jejich klíčové "
    "aktivity, výstupy a kontakty."
)
NEWS_INTRO = "Novinky z partnerství, z projektů a z oblasti sociálního bydlení."

ABOUT_BODY = """
## Vize

Hlavní vizí sociálního bydlení je, aby důstojné bydlení bylo dostupné každému za rovných
podmínek, a to nejen skrze vlastnické bydlení, ale současně s podmínkami, které budou
muset jednotlivci nebo domácnosti dodržovat – ve vztahu k sociální práci, plnění
individuálního plánu nebo povinnému čerpání sociálních služeb.

## Proč partnerství vzniklo

Státní koncepce sociálního bydlení schválená vládou ČR v říjnu 2015 přinesla podstatnou
změnu podmínek, jak bude organizováno sociální bydlení a na něj navazující sociální
služby. Zákon o sociálním bydlení, který měl principy koncepce převést do závazné
legislativy, v květnu 2017 napotřetí neprošel prvním čtením v Poslanecké sněmovně. Oblast
sociálního bydlení tak zůstává bez legislativní úpravy a důležitou roli hrají obce a
jejich bytová politika.

Koalice odborného partnerství „Sociální bydlení v Plzeňském kraji“ byla složena ze
zástupců kraje, obcí a poskytovatelů sociálních služeb, dalších expertů a zájemců o
problematiku. Byla opřena o zkušenosti z modelových příkladů na úrovni obcí a jejím
účelem bylo propojit poskytovatele služeb dosud působící odděleně a provázat jejich
činnost s bytovou politikou obcí.

## Co partnerství dělá

- zpracovává analýzy na úrovni jednotlivých obcí (bytový fond, bytová nouze, bytová politika,
  demografie, služby)
- připravuje modelová řešení kombinace sociálních služeb a bydlení, přenositelná do dalších obcí
- formuluje doporučení kraji jako organizátorovi sociální sítě
- sdílí metodiky, kazuistiky a příklady dobré i špatné praxe
- umožňuje bezpečné předávání klientů mezi azylovými domy, obcemi a dalšími službami

## Kdo jsou členové

Statutární města a obce a jejich městské obvody, Plzeňský kraj, azylové domy, neziskové
organizace, Centrum sociálních služeb Praha, Městská nájemní agentura a odborníci na
sociální práci a bytovou politiku. Činnost koordinuje sekretariát partnerství, který také
schvaluje materiály před zveřejněním v knihovně.
"""

PATHWAY_BODY = """
Prostupné bydlení je systém několika stupňů bydlení, mezi nimiž se domácnost posouvá
podle toho, jaké kompetence k udržení bydlení získala. Názvy stupňů se v jednotlivých
městech liší; portál proto umožňuje každému programu pojmenovat si svůj stupeň po svém.

## Krizové bydlení

Nouzový a záchytný systém pro domácnosti, které akutně řeší stav bez bydlení. Byty jsou
vybavené základním nábytkem, nastěhovat se lze okamžitě, nájem trvá nejvýše 6 měsíců a
je spojen s intenzivní sociální prací (v Ostravě 5 bytů ve třech městských obvodech).

## Nízkoprahové bydlení

Byty snížené kvality s nízkým prahem vstupu. V Kadani jde o přibližně 65 bytů v
Prunéřově, které tvoří první stupeň třístupňového systému.

## Vstupní a tréninkové bydlení

Sociální byt s nájemní smlouvou na 3–6 měsíců s možností prodloužení, celkem nejvýše 24
měsíců. Klíčový sociální pracovník navštěvuje domácnost nejméně jednou týdně a s
klientem plní individuální plán (Přerov).

## Sociální bydlení

Povinná spolupráce se sociálním pracovníkem a individuální plán. První 3 měsíce kontakt
podle potřeby, nejméně jednou týdně, poté průměrně asi dvakrát týdně (Ostrava).

## Dostupné bydlení

Nižší intenzita podpory: kontakt nejméně jednou měsíčně, klient je sledován 3–6 měsíců.
Je určeno například rodinám, které na bydlení vynakládají více než 40 % disponibilních
příjmů, obětem domácího násilí nebo lidem opouštějícím instituce a pěstounskou péči.

## Standardní nájem

Výstup ze systému: klient se stává plnohodnotným nájemcem a dostane písemné potvrzení o
úspěšném absolvování programu pro případné hledání dalšího bydlení.

## Pohyb nahoru i dolů

Klient postupuje výš, když získal potřebné kompetence. Posun dolů hrozí při novém dluhu
vůči městu, ztrátě zaměstnání, závislosti, zdravotních potížích, rozpadu rodiny nebo
narušování sousedských vztahů; o přesunu rozhoduje kazuistická skupina. Používají se oba
přístupy: Housing Ready (každý stupeň si klient „zaslouží“) i Housing First (nejprve byt,
podpora potom) – Kadaň je porovnává na stejné cílové skupině.
"""

STANDARD_PAGES = [
    (
        "o-partnerstvi",
        "O partnerství",
        "Koalice obcí, kraje, poskytovatelů sociálních služeb a odborníků, kteří chtějí, "
        "aby důstojné bydlení bylo dostupné každému.",
        ABOUT_BODY,
    ),
    (
        "prostupne-bydleni",
        "Prostupné bydlení",
        "Stupně systému prostupného bydlení od krizového bydlení po standardní nájem a "
        "pravidla, podle kterých se mezi nimi klienti posouvají.",
        PATHWAY_BODY,
    ),
]
