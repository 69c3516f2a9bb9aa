"""Everything the admin and the portal show a Czech user is Czech (issue 17).

A crawl renders the pages an editor, the secretariat, a superuser, a social worker and the
public open, in Czech, and reads what a person sees: text, and the placeholder, title,
aria-label and alt attributes. Every English source string (msgid) of Wagtail's, Django's
and the portal's catalogues that has no Czech translation at run time is a pattern; a text
on a page that is such a string is a failure. The strings Wagtail's scripts show (the
JavaScript catalogue) are checked as a catalogue: each must be Czech.
"""

import re
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import django
import pytest
import wagtail
from django.test import Client
from django.utils import translation
from django.utils.translation.trans_real import DjangoTranslation
from django.views.i18n import JavaScriptCatalog

from tests.knowledge.factories import make_item
from tests.test_translations import parse_po

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
WAGTAIL_DIR = Path(wagtail.__file__).parent
DJANGO_DIR = Path(django.__file__).parent
# Czech uses these words as they are.
SAME_IN_CZECH = {
    "Wagtail",
    "OK",
    "ID",
    "URL",
    "PDF",
    "RSS",
    "CSV",
    "XLSX",
    "HTML",
    "E-mail",
    "Email",
    "Slug",
    "Menu",
    "Status",
    "Text",
    "Admin",
    "Housing First",
    "Housing Ready",
    "IČO",
    "Login",
    "Web",
    "Portál",
    "Tag",
    "Tagy",
    "Alt",
    "Bold",
    "Link",
    "Dashboard",
    "API",
    "Minimum",
    "Maximum",
    "Port",
}
SAME_IN_CZECH_FOLDED = {word.lower() for word in SAME_IN_CZECH}
VISIBLE_ATTRIBUTES = {"placeholder", "title", "aria-label", "alt", "aria-description"}
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sdif]|%[sdif]|\{[a-z_]*\}")
TAG = re.compile(r"<[^>]+>")


def _catalogues() -> list[Path]:
    english = [*WAGTAIL_DIR.rglob("locale/en/LC_MESSAGES/django.po")]
    english += [DJANGO_DIR / "conf/locale/en/LC_MESSAGES/django.po"]
    english += [*DJANGO_DIR.glob("contrib/*/locale/en/LC_MESSAGES/django.po")]
    return [*english, ROOT / "locale/cs/LC_MESSAGES/django.po"]


def _untranslated(entry) -> list[str]:
    """The source strings of an entry that Czech leaves in English at run time."""
    with translation.override("cs"):
        if entry.msgid_plural is not None:
            pairs = [
                (entry.msgid, translation.ngettext(entry.msgid, entry.msgid_plural, 1)),
                (entry.msgid_plural, translation.ngettext(entry.msgid, entry.msgid_plural, 5)),
            ]
        elif entry.msgctxt is not None:
            pairs = [(entry.msgid, translation.pgettext(entry.msgctxt, entry.msgid))]
        else:
            pairs = [(entry.msgid, translation.gettext(entry.msgid))]
    return [source for source, shown in pairs if shown == source]


def _fragment_pattern(text: str) -> re.Pattern | None:
    """A shown piece of a source string as a pattern, or None when it is too short (or
    all placeholders) to tell English from Czech."""
    text = " ".join(text.split())
    letters = re.sub(r"[^A-Za-z]", "", PLACEHOLDER.sub("", text))
    if len(letters) < 3 or text.lower() in SAME_IN_CZECH_FOLDED:
        return None
    parts = PLACEHOLDER.split(text)
    return re.compile(".+?".join(re.escape(part) for part in parts))


@cache
def english_patterns() -> tuple[set[str], list[re.Pattern]]:
    exact, patterns = set(), []
    for path in _catalogues():
        _header, entries = parse_po(path)
        for entry in entries:
            for source in _untranslated(entry):
                for fragment in TAG.split(source):
                    pattern = _fragment_pattern(fragment)
                    if pattern is None:
                        continue
                    if PLACEHOLDER.search(fragment):
                        patterns.append(pattern)
                    else:
                        exact.add(" ".join(fragment.split()))
    return exact, patterns


class _VisibleText(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._hidden += 1
        for name, value in attrs:
            if name in VISIBLE_ATTRIBUTES and value:
                self.texts.append(value)

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden and data.strip():
            self.texts.append(data)


def english_on(html: str) -> list[str]:
    exact, patterns = english_patterns()
    parser = _VisibleText()
    parser.feed(html)
    found = []
    for raw in parser.texts:
        text = " ".join(raw.split())
        # Templates capitalise some strings (|capfirst: "just now" shows as "Just now").
        variants = {text, text[:1].lower() + text[1:]}
        if variants & exact or any(p.fullmatch(v) for p in patterns for v in variants):
            found.append(text)
    return found


def page_html(response) -> str:
    if response["Content-Type"].startswith("application/json"):
        return response.json().get("html", "")
    return response.content.decode()


def test_the_checker_finds_an_untranslated_string():
    # "Collapse all" style: a Wagtail string with no Czech translation is caught, with
    # and without its placeholders; Czech text is not.
    exact, patterns = english_patterns()
    assert exact and patterns
    sample = next(iter(exact))
    assert english_on(f"<p>{sample}</p>") == [sample]
    assert english_on("<p>Knihovna</p><input placeholder='Hledat'>") == []


@pytest.fixture
def admin_world(site_tree, orgs, moderator):
    section = orgs.sender.organisation.library_section
    published = make_item(section, title="Metodika tréninkového bydlení", slug="metodika")
    draft = make_item(section, title="Rozpracovaná kazuistika", slug="rozpracovana", live=False)
    editor = orgs.sender.users["editor"]
    draft.save_revision(user=editor)
    workflow = draft.get_workflow()
    if workflow is not None:
        workflow.start(draft, editor)
    from django.contrib.auth import get_user_model

    superuser = get_user_model().objects.create_superuser("spravce", "spravce@example.cz", "x")
    return {
        "section": section,
        "published": published,
        "draft": draft,
        "editor": editor,
        "moderator": moderator,
        "superuser": superuser,
        "library": site_tree.library,
    }


def admin_pages(world) -> list[str]:
    section, published, draft = world["section"], world["published"], world["draft"]
    return [
        "/admin/",
        f"/admin/pages/{world['library'].pk}/",
        f"/admin/pages/{section.pk}/",
        f"/admin/pages/{published.pk}/edit/",
        f"/admin/pages/{draft.pk}/edit/",
        f"/admin/pages/add/knowledge/knowledgeitempage/{section.pk}/",
        f"/admin/pages/{published.pk}/history/",
        "/admin/pages/search/?q=metodika",
        "/admin/choose-page/",
        f"/admin/choose-page/{section.pk}/",
        "/admin/choose-page/search/?q=metodika",
        "/admin/documents/",
        "/admin/documents/multiple/add/",
        "/admin/images/",
        "/admin/reports/locked/",
        "/admin/reports/workflow/",
        "/admin/reports/workflow_tasks/",
        "/admin/reports/site-history/",
        "/admin/reports/aging-pages/",
        "/admin/reports/page-types-usage/",
        "/admin/account/",
        "/admin/workflows/list/",
        "/admin/workflows/tasks/index/",
        "/admin/users/",
        "/admin/groups/",
        "/admin/sites/",
        "/admin/collections/",
        "/admin/redirects/",
    ]


def test_the_admin_speaks_czech_to_every_role(admin_world):
    english, answered = {}, 0
    for role in ("editor", "moderator", "superuser"):
        client = Client()
        client.force_login(admin_world[role])
        for url in admin_pages(admin_world):
            response = client.get(url)
            if response.status_code != 200:
                continue
            answered += 1
            for text in english_on(page_html(response)):
                english.setdefault(text, f"{role} {url}")
    assert answered >= 40, "the crawl reached the admin's pages"
    assert english == {}, "\n".join(f"{text!r}  ({where})" for text, where in english.items())


def test_the_portal_speaks_czech(admin_world, orgs):
    item = admin_world["published"]
    public = [
        "/",
        "/knihovna/",
        item.url,
        "/partneri/",
        "/hledat/?q=metodika",
        "/prihlaseni/",
        "/mapa-stranek/",
        "/neexistuje/",
        "/robots.txt",
    ]
    member = [
        "/predavani/",
        "/predavani/odeslane/",
        "/predavani/moje-pripady/",
        "/predavani/klienti/",
        "/predavani/klienti/novy/",
        "/predavani/agenda/",
        "/prideleni/",
        "/vysledky/",
        "/vysledky/bariery/",
    ]
    english = {}
    for user, urls in ((None, public), (orgs.sender.users["social_worker"], public + member)):
        client = Client()
        if user is not None:
            client.force_login(user)
        for url in urls:
            response = client.get(url)
            if response["Content-Type"].startswith("text/html"):
                for text in english_on(response.content.decode()):
                    english.setdefault(text, url)
    assert english == {}, "\n".join(f"{text!r}  ({where})" for text, where in english.items())


def test_wagtails_scripts_speak_czech():
    """The admin's scripts ("Collapse all", "Just now", autosave and validation messages)
    read Wagtail's JavaScript catalogue, merged with the portal's."""
    # What Wagtail's jsi18n view builds: its package's catalogue, then the portal's.
    paths = JavaScriptCatalog().get_paths(["wagtail.admin"])
    czech = DjangoTranslation("cs", domain="djangojs", localedirs=paths)
    _header, entries = parse_po(WAGTAIL_DIR / "admin/locale/en/LC_MESSAGES/djangojs.po")
    english = []
    for entry in entries:
        if entry.msgid_plural is not None:
            shown = czech.ngettext(entry.msgid, entry.msgid_plural, 5)
            source = entry.msgid_plural
        else:
            shown, source = czech.gettext(entry.msgid), entry.msgid
        only_placeholders = not re.sub(r"[^A-Za-z]", "", PLACEHOLDER.sub("", source))
        if shown == source and not only_placeholders and source.lower() not in SAME_IN_CZECH_FOLDED:
            english.append(source)
    assert english == []


def test_the_approval_buttons_say_what_they_do():
    with translation.override("cs"):
        submit = translation.gettext("Submit to %(workflow_name)s") % {
            "workflow_name": "Schválení sekretariátem"
        }
    assert submit.startswith("Odeslat")
    assert "Potvrdit" not in submit


def test_the_admin_carries_the_portals_branding_and_no_gravatar(settings, admin_world):
    assert settings.WAGTAIL_GRAVATAR_PROVIDER_URL is None
    client = Client()
    client.force_login(admin_world["editor"])
    html = client.get("/admin/").content.decode()
    assert "gravatar" not in html.lower()
    # The portal's name, not Wagtail's, in the title and the welcome.
    assert re.search(r"<title>[^<]*Sociální bydlení – administrace pro editory\s*</title>", html)
    assert "favicon.svg" in html
