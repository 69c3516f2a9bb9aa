"""Stored XSS sweep: a script-bearing value in every text field of the CMS pages, the
library, the partners and the referral module, rendered by every page and view that shows
it, comes out only as text.

The fields are found by introspection (every CharField, TextField and RichTextField of the
models below, inherited Page fields included), so a new field is swept without touching
this file. Each field gets its own marker; the rendered HTML is parsed and fails if a
marker sits anywhere it would run: a <script> element, an on* attribute, a javascript: URL,
or a tag or attribute name of its own. Every field's marker must also show up on some
page, so a field nobody renders is listed below on purpose, not missed by accident."""

import datetime
import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.urls import reverse, reverse_lazy
from lxml import etree
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Collection, Page

from cms.models import (
    HomePage,
    NewsIndexPage,
    NewsPage,
    ProjectContact,
    ProjectIndexPage,
    ProjectKeyActivity,
    ProjectOutput,
    ProjectPage,
    StandardPage,
)
from knowledge.models import (
    KnowledgeItemAttachment,
    KnowledgeItemPage,
    LibraryDocument,
    LibraryIndexPage,
    LibrarySectionPage,
    Topic,
)
from partners.models import IntakeCriterion, Organisation, Programme
from referrals import services
from referrals.models import (
    Attachment,
    CaseFlag,
    Client,
    Consent,
    CriterionAnswer,
    HouseholdMember,
    PlanGoal,
    Referral,
    ReviewDecision,
    Stay,
    Visit,
)
from search.rebuild import rebuild_database
from tests.referrals import conftest as referral_fixtures
from tests.referrals.conftest import S
from tests.uploads.files import real_pdf

# The referral fixtures (a client with consents, a receiving programme), for this module.
case = referral_fixtures.case
programme = referral_fixtures.programme

SWEPT_MODELS = [
    HomePage,
    StandardPage,
    NewsIndexPage,
    NewsPage,
    ProjectIndexPage,
    ProjectPage,
    ProjectKeyActivity,
    ProjectOutput,
    ProjectContact,
    LibraryIndexPage,
    LibrarySectionPage,
    KnowledgeItemPage,
    KnowledgeItemAttachment,
    LibraryDocument,
    Topic,
    Organisation,
    Programme,
    IntakeCriterion,
    Client,
    HouseholdMember,
    Consent,
    Referral,
    CriterionAnswer,
    Attachment,
    ReviewDecision,
    CaseFlag,
    PlanGoal,
    Visit,
]

# Fields that no page or view of the portal shows (admin screens aside): their payload is
# stored, but there is nothing to render. A field that starts being shown must leave this
# list (the coverage test says so).
NOT_DISPLAYED = {
    "partners.Organisation.ico": "12 characters: no payload fits (digits are validated)",
    "referrals.Consent.withdrawal_note": "history entry, shown as the event, not the text",
    "referrals.Attachment.content_type": "set by the upload check, never typed",
    "cms.HomePage.seo_title": "the home page template writes its own <title>",
}

PAGE_TEXT_FIELDS = {"title", "seo_title", "search_description"}
WORD = "kolibrik"  # a plain word in every long payload, for the search page
MARKER = re.compile(r"xss\d{3}q", re.IGNORECASE)


def swept_fields(model) -> list[models.Field]:
    result = []
    for model_field in model._meta.get_fields():
        if isinstance(model_field, StreamField):
            raise AssertionError(
                f"{model.__name__}.{model_field.name} is a StreamField: give its blocks "
                "payloads here (CharBlock and TextBlock like text, RichTextBlock like rich "
                "text, URLBlock like a URL)."
            )
        if not isinstance(model_field, models.CharField | models.TextField):
            continue
        if model_field.model is Page and model_field.name not in PAGE_TEXT_FIELDS:
            continue  # the tree's own bookkeeping (path, url_path, draft_title, ...)
        if (
            not model_field.concrete
            or not model_field.editable
            or model_field.choices
            or isinstance(model_field, models.SlugField)
        ):
            continue
        result.append(model_field)
    return result


def payload(marker: str, model_field) -> str:
    """The most dangerous value that fits the field."""
    limit = getattr(model_field, "max_length", None) or 10_000
    if isinstance(model_field, models.URLField):
        candidates = [f'javascript:{marker}()//"><svg onload={marker}()>', f"javascript:{marker}()"]
    else:
        candidates = [
            f"{WORD} \"'><script>{marker}()</script><img src=x onerror={marker}()>"
            f'<svg onload={marker}()><a href="javascript:{marker}()">{marker}</a>',
            f"{WORD} \"'><img src=x onerror={marker}()>",
            f'"><svg onload={marker}()>',
            f"<i onclick={marker}>",
        ]
    for candidate in candidates:
        if len(candidate) <= limit:
            return candidate
    return ""


def rich_text_payload(model_field, marker: str) -> str:
    """What the Wagtail editor stores when an editor types or pastes script: the editor
    sends its content state, and the server turns it into the database's HTML."""
    text = f"{WORD} <script>{marker}()</script> \"'><img src=x onerror={marker}()> odkaz data"
    content_state = {
        "blocks": [
            {
                "key": "xss01",
                "type": "unstyled",
                "text": text,
                "depth": 0,
                "inlineStyleRanges": [{"offset": 0, "length": 8, "style": "BOLD"}],
                "entityRanges": [
                    {"offset": text.index("odkaz"), "length": 5, "key": 0},
                    {"offset": text.index("data"), "length": 4, "key": 1},
                ],
                "data": {},
            }
        ],
        "entityMap": {
            "0": {
                "type": "LINK",
                "mutability": "MUTABLE",
                "data": {"url": f" JaVaScRiPt:{marker}()"},
            },
            "1": {
                "type": "LINK",
                "mutability": "MUTABLE",
                "data": {"url": f"data:text/html,<script>{marker}()</script>"},
            },
        },
    }
    widget = model_field.formfield().widget
    return widget.value_from_datadict({"body": json.dumps(content_state)}, {}, "body")


@dataclass
class Payloads:
    fields: dict = field(default_factory=dict)  # "app.Model.field" -> marker

    def fill(self, instance, **skip) -> None:
        model = type(instance)
        for model_field in swept_fields(model):
            key = f"{model._meta.app_label}.{model.__name__}.{model_field.name}"
            marker = self.fields.setdefault(key, f"xss{len(self.fields):03d}q")
            if isinstance(model_field, RichTextField):
                value = rich_text_payload(model_field, marker)
            else:
                value = payload(marker, model_field)
            if value:
                setattr(instance, model_field.attname, value)

    def key_of(self, marker: str) -> str:
        return {m.lower(): k for k, m in self.fields.items()}.get(marker.lower(), marker)


class ExecutableFinder(HTMLParser):
    """Markers in places a browser would run them."""

    URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "srcdoc"}
    SCRIPT_TYPES = {"", "text/javascript", "application/javascript", "module"}
    DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:text/html")

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.findings: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        if MARKER.search(tag):
            self.findings.append(f"<{tag}> from a payload")
        for name, value in attrs:
            value = value or ""
            if MARKER.search(name):
                self.findings.append(f"attribute {name!r} from a payload in <{tag}>")
            elif name.startswith("on") and MARKER.search(value):
                self.findings.append(f"{tag}[{name}]={value!r}")
            elif name in self.URL_ATTRIBUTES and MARKER.search(value):
                scheme = re.sub(r"[\x00-\x20]", "", value).lower()
                if scheme.startswith(self.DANGEROUS_SCHEMES):
                    self.findings.append(f"{tag}[{name}]={value!r}")
        if tag == "script":
            script_type = dict(attrs).get("type") or ""
            self._in_script = script_type.lower() in self.SCRIPT_TYPES

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script and MARKER.search(data):
            self.findings.append(f"<script>{data[:80]}</script>")


def executable_markers(html: str) -> list[str]:
    finder = ExecutableFinder()
    finder.feed(html)
    finder.close()
    return finder.findings


# --- The world: every swept model filled with payloads ------------------------------------


@dataclass
class World:
    payloads: Payloads
    pages: dict
    organisation: Organisation
    referral: Referral
    declined: Referral
    draft: Referral
    client_record: Client
    programme_organisation: Organisation


def add_page(parent, page, payloads: Payloads, slug: str):
    payloads.fill(page)
    page.slug = slug
    parent.add_child(instance=page)
    return page


@pytest.fixture
def world(site_tree, orgs, case, settings) -> World:
    settings.ELASTICSEARCH_URL = None  # the search page answers from the database copy
    payloads = Payloads()

    # Partners first: their names show on library, project and referral pages.
    organisation = orgs.sender.organisation
    payloads.fill(organisation)
    organisation.save()
    payloads.fill(case.programme)
    case.programme.save()
    for criterion in IntakeCriterion.objects.filter(programme=case.programme)[:1]:
        payloads.fill(criterion)
        criterion.save()

    # Fresh from the database: the fixture's copies hold a stale child count, and saving
    # one would cut the tree below it.
    home = HomePage.objects.get(pk=site_tree.home.pk)
    payloads.fill(home)
    home.save()
    library = LibraryIndexPage.objects.get(pk=site_tree.library.pk)
    payloads.fill(library)
    library.save()
    section = LibrarySectionPage.objects.get(organisation=organisation)
    payloads.fill(section)
    section.save()

    standard = add_page(home, StandardPage(), payloads, "o-nas")
    news_index = add_page(home, NewsIndexPage(), payloads, "aktuality")
    news = add_page(news_index, NewsPage(date=datetime.date(2026, 3, 1)), payloads, "zprava")
    projects = add_page(home, ProjectIndexPage(), payloads, "projekty")
    project = ProjectPage(period_start=datetime.date(2025, 1, 1), lead_organisation=organisation)
    for child_model in (ProjectKeyActivity, ProjectOutput, ProjectContact):
        child = child_model()
        payloads.fill(child)
        getattr(
            project,
            {"ProjectKeyActivity": "key_activities", "ProjectOutput": "outputs"}.get(
                child_model.__name__, "contacts"
            ),
        ).add(child)
    add_page(projects, project, payloads, "projekt")
    project.partner_organisations.add(organisation)
    project.save()

    topic = Topic(slug="xss")
    payloads.fill(topic)
    topic.save()
    document = LibraryDocument(collection=Collection.get_first_root_node(), file="library/a.pdf")
    payloads.fill(document)
    document.save()
    item = KnowledgeItemPage(kind="methodology", visibility="public", year=2026)
    attachment = KnowledgeItemAttachment(document=document)
    payloads.fill(attachment)
    item.attachments.add(attachment)
    item.attachments.add(KnowledgeItemAttachment(document=document, label=""))  # by its title
    add_page(section, item, payloads, "polozka")
    item.topics.add(topic)
    item.save()

    # Referral module: what users type goes in through the services (so the history
    # timeline holds it too), then every remaining text field is filled directly.
    referral = case.make(S.PLACED)
    worker = case.programme.organisation.memberships.filter(role="social_worker").first().user
    text = payload("xss900q", Referral._meta.get_field("reason"))
    services.attachment_add(
        referral=referral,
        user=worker,
        uploaded_file=SimpleUploadedFile('"><svg onload=xss901q()>.pdf', real_pdf()),
        description=text,
    )
    stay = Stay.objects.get(referral=referral)
    services.visit_record(stay=stay, user=worker, visited_on=datetime.date.today(), note=text)
    goal = services.plan_goal_add(stay=stay, user=worker, text=text[:300])
    services.plan_goal_update(goal=goal, user=worker, status=goal.status, progress=text)
    declined = services.referral_create(
        user=case.sender,
        client=case.client,
        programme=case.programme,
        reason=text,
        answers=referral_fixtures.answers_all_yes(case.programme),
    )
    draft = services.referral_create(
        user=case.sender,
        client=case.client,
        programme=case.programme,
        reason=text,
        answers=referral_fixtures.answers_all_yes(case.programme),
    )
    declined = services.referral_submit(referral=declined, user=case.sender)
    services.referral_flag(
        referral=declined, user=case.sender, kind=CaseFlag.Kind.values[0], reason=text
    )
    services.referral_decide(
        referral=declined,
        user=case.reviewer,
        decision=ReviewDecision.Decision.DECLINE,
        reason=text,
        meeting_date=datetime.date.today(),
    )

    client_record = Client.objects.get(pk=case.client.pk)
    for instance in (
        client_record,
        *HouseholdMember.objects.filter(client=client_record),
        *Consent.objects.filter(client=client_record),
        *Referral.objects.filter(client=client_record),
        *CriterionAnswer.objects.filter(referral__client=client_record),
        *Attachment.objects.filter(referral__client=client_record),
        *ReviewDecision.objects.filter(referral__client=client_record),
        *CaseFlag.objects.filter(referral__client=client_record),
        *Stay.objects.filter(referral__client=client_record),
        *PlanGoal.objects.filter(stay__referral__client=client_record),
        *Visit.objects.filter(stay__referral__client=client_record),
    ):
        payloads.fill(instance)
        # update(), not save(): the services' own checks are not what is tested here
        values = {f.attname: getattr(instance, f.attname) for f in swept_fields(type(instance))}
        type(instance).objects.filter(pk=instance.pk).update(**values)

    pages = {
        "home": home,
        "standard": standard,
        "news_index": news_index,
        "news": news,
        "project_index": projects,
        "project": project,
        "library": library,
        "section": section,
        "item": item,
    }
    return World(
        payloads,
        pages,
        organisation,
        referral,
        declined,
        draft,
        client_record,
        case.programme.organisation,
    )


# --- Rendering -------------------------------------------------------------------------------


@dataclass
class Rendered:
    name: str
    content: str
    content_type: str
    nosniff: bool = True


def render(client, name: str, url: str, *, expect_html=True) -> Rendered:
    response = client.get(url)
    assert response.status_code == 200, f"{name}: {url} answered {response.status_code}"
    body = (
        b"".join(response.streaming_content) if response.streaming else response.content
    ).decode()
    return Rendered(
        name,
        body,
        response.get("Content-Type", ""),
        response.get("X-Content-Type-Options") == "nosniff",
    )


def public_views(world: World) -> dict[str, str]:
    urls = {name: page.url for name, page in world.pages.items()}
    urls.update(
        {
            "directory": reverse("partners:directory"),
            "organisation": reverse("partners:organisation", args=[world.organisation.slug]),
            "programme_organisation": reverse(
                "partners:organisation", args=[world.programme_organisation.slug]
            ),
            "api_items": reverse("knowledge:api-items"),
            "sitemap": "/sitemap.xml",
        }
    )
    return urls


def referral_views(world: World) -> dict[str, str]:
    ref = world.client_record.reference
    urls = {
        "client_list": reverse("referrals:client_list"),
        "client": reverse("referrals:client", args=[ref]),
        "client_history": reverse("referrals:client_history", args=[ref]),
        "inbox": reverse("referrals:inbox"),
        "outbox": reverse("referrals:outbox"),
        "caseload": reverse("referrals:caseload"),
        "agenda": reverse("referrals:agenda"),
        "notifications": reverse("referrals:notifications"),
    }
    urls["client_edit"] = reverse("referrals:client_edit", args=[ref])
    urls["consent_create"] = reverse("referrals:consent_create", args=[ref])
    urls["draft_edit"] = reverse("referrals:edit", args=[world.draft.public_id])
    for label, referral in (
        ("placed", world.referral),
        ("declined", world.declined),
        ("draft", world.draft),
    ):
        urls[f"{label}_detail"] = reverse("referrals:detail", args=[referral.public_id])
        urls[f"{label}_history"] = reverse("referrals:history", args=[referral.public_id])
    return urls


def assert_not_executable(rendered: Rendered, payloads: Payloads) -> None:
    kind = rendered.content_type.split(";")[0].strip()
    if kind == "application/json":
        # A JSON string value, in a response no browser may sniff into HTML.
        json.loads(rendered.content)
        assert rendered.nosniff, f"{rendered.name}: JSON without X-Content-Type-Options"
        return
    if kind in {"application/rss+xml", "application/xml", "text/xml"}:
        tree = etree.fromstring(rendered.content.encode())
        for element in tree.iter():
            tag = element.tag if isinstance(element.tag, str) else ""
            assert not MARKER.search(tag), f"{rendered.name}: element {tag} from a payload"
            for name in element.attrib:
                assert not MARKER.search(name), f"{rendered.name}: attribute {name}"
        # Feed readers render descriptions as HTML: those must be escaped text too.
        for element in tree.iter("description", "title"):
            findings = executable_markers(element.text or "")
            assert findings == [], f"{rendered.name} <{element.tag}>: {findings}"
        return
    assert kind == "text/html", f"{rendered.name}: unexpected {kind}"
    findings = executable_markers(rendered.content)
    explained = [f"{payloads.key_of(MARKER.search(f).group(0))}: {f}" for f in findings]
    assert explained == [], f"{rendered.name}: {explained}"


# --- Tests -------------------------------------------------------------------------------------


def test_payloads_reach_every_swept_field(world):
    """The sweep itself: every model has fields, and each got a payload."""
    for model in SWEPT_MODELS:
        assert swept_fields(model), f"{model.__name__} has no text field to sweep"
    expected = {
        f"{m._meta.app_label}.{m.__name__}.{f.name}" for m in SWEPT_MODELS for f in swept_fields(m)
    }
    assert expected <= set(world.payloads.fields)


def test_public_pages_show_payloads_only_as_text(client, world):
    for name, url in public_views(world).items():
        assert_not_executable(render(client, name, url), world.payloads)


def test_feed_titles_and_descriptions_are_text_for_html_feed_readers(client, world):
    """Feed readers render an item's title and description as HTML, so plain text must be
    HTML-escaped inside the XML (Django's default item_title does that)."""
    rendered = render(client, "feed", reverse("knowledge:feed"))
    assert world.payloads.fields["knowledge.KnowledgeItemPage.title"] in rendered.content
    assert_not_executable(rendered, world.payloads)


SEARCH_VIEWS = {
    "search": reverse_lazy("search:results"),
    "search_api": reverse_lazy("search:api"),
    "autocomplete": reverse_lazy("search:autocomplete"),
}


def test_search_shows_payloads_only_as_text(client, world):
    rebuild_database()  # the database copy of the index, as without a search node
    for name, url in SEARCH_VIEWS.items():
        rendered = render(client, name, f"{url}?q={WORD}")
        assert MARKER.search(rendered.content), f"{name} found nothing to check"
        assert_not_executable(rendered, world.payloads)


def test_referral_pages_show_payloads_only_as_text(client, world, case):
    rendered_names = set()
    for user in (case.sender, case.reviewer):
        client.force_login(user)
        for name, url in referral_views(world).items():
            response = client.get(url)
            if response.status_code in (302, 403, 404):
                continue  # not this user's view (the other user renders it)
            assert response.status_code == 200, f"{name}: {response.status_code}"
            rendered = Rendered(name, response.content.decode(), response["Content-Type"])
            assert_not_executable(rendered, world.payloads)
            rendered_names.add(name)
    assert rendered_names == set(referral_views(world)), "some views rendered for nobody"


def test_members_see_payloads_only_as_text_on_public_pages(client, world, orgs):
    client.force_login(orgs.sender.users["editor"])
    for name, url in public_views(world).items():
        assert_not_executable(render(client, name, url), world.payloads)


def test_every_swept_field_is_rendered_somewhere(client, world, case):
    seen: set[str] = set()
    pages = [render(client, name, url) for name, url in public_views(world).items()]
    pages.append(render(client, "feed", reverse("knowledge:feed")))
    for user in (case.sender, case.reviewer):
        client.force_login(user)
        for name, url in referral_views(world).items():
            response = client.get(url)
            if response.status_code == 200:
                pages.append(Rendered(name, response.content.decode(), response["Content-Type"]))
    for page in pages:
        seen.update(marker.lower() for marker in MARKER.findall(page.content))
    missing = sorted(
        key
        for key, marker in world.payloads.fields.items()
        if marker not in seen and key not in NOT_DISPLAYED
    )
    assert missing == [], f"shown nowhere, list them in NOT_DISPLAYED if right: {missing}"
    newly_shown = sorted(key for key in NOT_DISPLAYED if world.payloads.fields.get(key) in seen)
    assert newly_shown == [], "now shown: remove them from NOT_DISPLAYED"


def test_detector_finds_what_a_browser_would_run():
    """The parser check would fail on unescaped payloads (so passing means something)."""
    marker = "xss999q"
    assert executable_markers(f"<p><script>{marker}()</script></p>")
    assert executable_markers(f'<a title="" onmouseover="{marker}()">x</a>')
    assert executable_markers(f"<img src=x onerror={marker}()>")
    assert executable_markers(f'<a href=" java&#9;script:{marker}()">x</a>')
    assert executable_markers(f'<div class=""><svg onload={marker}()></div>')
    assert executable_markers(f'<a href="/x" {marker}=1>x</a>')
    escaped = (
        f"&lt;script&gt;{marker}()&lt;/script&gt;&quot;&gt;&lt;img src=x onerror={marker}()&gt;"
    )
    assert executable_markers(f"<p>{escaped}</p>") == []
    assert executable_markers(f'<a href="/hledat/?q={marker}" title="{escaped}">x</a>') == []
    assert (
        executable_markers(
            f'<script type="application/json">{{"a": "\\u003Cscript\\u003E{marker}"}}</script>'
        )
        == []
    )
