"""The portal on a phone and on a desktop (issue 17): every page kind, public and per
role, opened at 320, 390 and 1280 px, with no page wider than the screen; axe-core on the
same pages; the header's menu button, the folded filters, radios beside their labels and
chart labels that are not cut off.

The demo content (`load_demo`) is the data: it has every kind of page a person meets,
with realistic lengths of names, tables and forms.
"""

import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from e2e.conftest import axe_check, log_in
from e2e.test_referrals_browser import referral_setting  # noqa: F401
from tests.outcomes.conftest import dataset, programmes  # noqa: F401

pytestmark = pytest.mark.browser

WIDTHS = (320, 390, 1280)
# Axe on the phone and the desktop layout (320 and 390 share their rules).
AXE_WIDTHS = (390, 1280)

OVERFLOW_SCRIPT = """() => {
  const width = document.documentElement.clientWidth;
  const culprits = [];
  for (const el of document.querySelectorAll("body *")) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.right <= width + 1) continue;
    let clipped = false;
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      if (["auto", "scroll", "hidden", "clip"].includes(getComputedStyle(p).overflowX)) {
        clipped = true;
        break;
      }
    }
    const name = `${el.tagName.toLowerCase()}.${el.className}`;
    if (!clipped) culprits.push(`${name} → ${Math.round(box.right)}px`);
  }
  return {scrollWidth: document.documentElement.scrollWidth, width, culprits: culprits.slice(0, 5)};
}"""


def demo_log_in(page, username: str) -> None:
    from cms.demo.users import DEMO_PASSWORD

    page.context.clear_cookies()
    page.goto("/prihlaseni/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    with page.expect_navigation():
        page.click("main button[type=submit]")
    assert "/prihlaseni/" not in page.url, f"{username} could not log in"


def pages_by_role() -> dict[str | None, list[str]]:
    """Every page kind, as the demo's people open them; None is the public reader."""
    from allocation.models import Flat, WaitingListEntry
    from cms.models import NewsPage, ProjectPage
    from knowledge.models import KnowledgeItemPage, Visibility
    from outcomes.models import ProjectStatisticsPage
    from partners.models import Organisation
    from referrals.models import Client, Referral

    items = KnowledgeItemPage.objects.live().order_by("pk")
    public_item = items.filter(visibility=Visibility.PUBLIC).first()
    members_item = items.filter(visibility=Visibility.MEMBERS).first()
    shelter = Organisation.objects.get(slug="azylovy-dum-praha")
    statistics = ProjectStatisticsPage.objects.live().order_by("pk")
    shelter_client = Client.objects.filter(responsible_organisation=shelter).order_by("pk").first()
    sent = Referral.objects.filter(sender_organisation=shelter).order_by("pk")
    waiting_for_mna = (
        Referral.objects.filter(programme__organisation__slug="mna-praha", status="submitted")
        .order_by("pk")
        .first()
    )
    entry = WaitingListEntry.objects.order_by("pk").first()
    flat = Flat.objects.order_by("pk").first()
    public = [
        "/",
        "/knihovna/",
        "/knihovna/?kind=methodology&order=title",
        public_item.url,
        members_item.url,  # the login offer
        "/partneri/",
        shelter.get_absolute_url(),
        "/projekty/",
        ProjectPage.objects.live().order_by("pk").first().url,
        *[page.url for page in statistics],
        "/aktuality/",
        NewsPage.objects.live().order_by("-date").first().url,
        "/o-partnerstvi/",
        "/prostupne-bydleni/",
        "/hledat/?q=bydleni",
        "/mapa-stranek/",
        "/prohlaseni-o-pristupnosti/",
        "/prihlaseni/",
        "/neexistuje/",
    ]
    return {
        None: public,
        "azyl-socialni": [
            reverse("referrals:inbox"),
            reverse("referrals:outbox"),
            reverse("referrals:caseload"),
            reverse("referrals:agenda"),
            reverse("referrals:notifications"),
            reverse("referrals:client_list"),
            reverse("referrals:client", kwargs={"reference": shelter_client.reference}),
            reverse("referrals:client_create"),
            *[referral.get_absolute_url() for referral in sent[:3]],
            public_item.url,
            members_item.url,
        ],
        "mna-komise": [
            reverse("referrals:inbox"),
            waiting_for_mna.get_absolute_url(),
        ],
        "ostrava-komise": [
            reverse("allocation:home"),
            reverse("allocation:capacity"),
            reverse("allocation:flat_list"),
            reverse("allocation:waiting_list", kwargs={"programme_id": entry.programme_id}),
            reverse("allocation:entry", kwargs={"public_id": entry.public_id}),
            reverse("allocation:flat", kwargs={"public_id": flat.public_id}),
            reverse("outcomes:dashboard"),
            reverse("outcomes:dashboard") + "?group_by=approach",
            reverse("outcomes:barriers"),
            reverse("outcomes:projects"),
        ],
        "azyl-admin": [
            reverse("referrals:members_home"),
            reverse("referrals:members", kwargs={"slug": shelter.slug}),
            reverse("referrals:dataprotection_home"),
        ],
        "sekretariat": [
            "/hledat/?q=bydleni",
            reverse("referrals:processing_record"),
        ],
    }


def test_no_page_is_wider_than_the_screen_and_axe_finds_nothing(browser, live_server, settings):
    settings.ELASTICSEARCH_URL = None  # the database answers search; no node needed
    call_command("load_demo", verbosity=0)
    plan = pages_by_role()
    overflowing, inaccessible, broken = [], [], []
    for width in WIDTHS:
        context = browser.new_context(
            base_url=live_server.url, locale="cs-CZ", viewport={"width": width, "height": 900}
        )
        context.set_default_timeout(30_000)
        page = context.new_page()
        for role, urls in plan.items():
            if role is not None:
                demo_log_in(page, role)
            else:
                page.context.clear_cookies()
            for url in urls:
                response = page.goto(url)
                where = f"{width}px {role or 'public'} {url}"
                # Members-only items answer the public 404 with a login offer.
                expected_404 = "neexist" in url or role is None
                if response.status >= 500 or (response.status >= 400 and not expected_404):
                    broken.append(f"{where}: HTTP {response.status}")
                found = page.evaluate(OVERFLOW_SCRIPT)
                if found["scrollWidth"] > found["width"]:
                    overflowing.append(f"{where}: {found['scrollWidth']}px {found['culprits']}")
                if width in AXE_WIDTHS:
                    violations = axe_check(page)
                    if violations:
                        inaccessible.append(f"{where}: {violations}")
        context.close()
    assert broken == []
    assert overflowing == [], "\n".join(overflowing)
    assert inaccessible == [], "\n".join(inaccessible)


@pytest.fixture
def phone(browser, live_server, media_root):
    context = browser.new_context(
        base_url=live_server.url, locale="cs-CZ", viewport={"width": 390, "height": 844}
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


def test_phone_header_folds_the_menu_behind_a_button(phone, page, demo_site):
    phone.goto("/")
    button = phone.locator("button.menu-toggle")
    nav = phone.locator("nav.main-nav")
    assert button.is_visible()
    assert button.get_attribute("aria-expanded") == "false"
    assert not nav.is_visible()
    header = phone.locator("header.site-header").bounding_box()
    assert header["height"] < 120, "the folded header takes little room"
    button.click()
    assert button.get_attribute("aria-expanded") == "true"
    assert nav.is_visible()
    assert phone.locator("nav.main-nav a[href='/prostupne-bydleni/']").is_visible()
    button.click()
    assert not nav.is_visible()
    # On a desktop the menu is simply there.
    page.goto("/")
    assert not page.locator("button.menu-toggle").is_visible()
    assert page.locator("nav.main-nav").is_visible()


def test_phone_shows_library_results_before_the_folded_filters(phone, page, demo_site):
    phone.goto("/knihovna/")
    form = phone.locator("#library-filters")
    assert not form.is_visible()
    first_card = phone.locator(".card-list > *").first
    assert first_card.bounding_box()["y"] < 844, "the first result is on the first screen"
    phone.locator("details.filter-toggle > summary").click()
    assert form.is_visible()
    # The desktop shows the filters beside the results without a toggle.
    page.goto("/knihovna/")
    assert page.locator("#library-filters").is_visible()
    assert not page.locator("details.filter-toggle > summary").is_visible()


def test_radios_sit_beside_their_labels_on_the_conditions_step(phone, orgs, referral_setting):  # noqa: F811
    programme, client = referral_setting
    log_in(phone, orgs.sender.users["social_worker"].username, next_url="/predavani/")
    phone.goto(f"/predavani/klienti/{client.reference}/predat/")
    phone.select_option("select[name=programme]", str(programme.pk))
    phone.fill("textarea[name=reason]", "Matka s dcerou v azylovém domě devět měsíců.")
    phone.click("main form button[type=submit]")
    phone.wait_for_url(re.compile(r"/predavani/[0-9a-f-]{36}/upravit/$"))
    radios = phone.locator("input[type=radio]")
    assert radios.count() >= 3
    for index in range(radios.count()):
        radio = radios.nth(index)
        box = radio.bounding_box()
        assert box["width"] < 32, f"radio {index} is {box['width']}px wide"
        label = phone.locator(f"label[for='{radio.get_attribute('id')}']")
        text_left = label.evaluate(
            """label => { const range = document.createRange();
              const text = [...label.childNodes]
                .find(n => n.nodeType === 3 && n.textContent.trim());
              range.selectNodeContents(text); return range.getBoundingClientRect().left; }"""
        )
        assert 0 <= text_left - (box["x"] + box["width"]) < 24, "the label follows its radio"


def test_outcome_chart_labels_are_whole_on_a_phone(phone, orgs, dataset, programmes):  # noqa: F811
    programme = programmes["hr"]
    programme.name = "Tréninkové bydlení Statutárního města Přerova – byty v ulici Kopaniny"
    programme.save()
    log_in(
        phone,
        orgs.sender.users["case_reviewer"].username,
        next_url="/vysledky/?start=2025-01-01&end=2025-12-31&group_by=programme",
    )
    charts = phone.locator("figure.chart svg")
    assert charts.count() == 4
    for index in range(charts.count()):
        svg = charts.nth(index)
        frame = svg.bounding_box()
        assert frame["x"] + frame["width"] <= 390
        for text in svg.locator("text").all():
            box = text.bounding_box()
            assert box["x"] >= frame["x"] - 2, f"label cut off: {text.text_content()}"
            assert box["x"] + box["width"] <= frame["x"] + frame["width"] + 2
    form = phone.locator("form.period-form")
    assert form.evaluate("f => getComputedStyle(f).backgroundColor") != "rgba(0, 0, 0, 0)"
