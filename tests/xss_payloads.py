"""The payloads of the stored-XSS sweep (test_xss.py) and the check of rendered pages.

The swept fields are found by introspection (every CharField, TextField and RichTextField of
the models below, inherited Page fields included), so a new field is swept without touching
these files. Each field gets its own marker; the rendered HTML is parsed and fails if a
marker sits anywhere it would run: a <script> element, an on* attribute, a javascript: URL,
or a tag or attribute name of its own."""

import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from django.db import models
from lxml import etree
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

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
    Visit,
)

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
    "partners.Programme.registry_id": "7 characters: no payload fits (digits are validated)",
    "referrals.Consent.withdrawal_note": "history entry, shown as the event, not the text",
    "referrals.Attachment.content_type": "set by the upload check, never typed",
    "cms.HomePage.seo_title": "the home page template writes its own <title>",
    "partners.IntakeCriterion.place": "only in the label of a condition without its own "
    "wording; the world's conditions have one",
    "referrals.CriterionAnswer.override_reason": "on the referral page once a case reviewer "
    "made an exception (tests/referrals/test_conditions.py); the world has none",
    "referrals.CriterionAnswer.system_verdict": "set by the evaluator (met, not_met, unknown), "
    "never typed",
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


@dataclass
class Rendered:
    name: str
    content: str
    content_type: str
    nosniff: bool = True


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
