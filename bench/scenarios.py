"""What the benchmark requests: the pages of each scenario, with the users, filters,
items and referrals picked from the generated dataset (bench/generate.py)."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

SEARCH_WORDS = [
    "bydlení",
    "dluhy",
    "sociální práce",
    "housing first",
    "nájemní agentura",
    "evaluace",
    "děti a rodiny",
    "energie",
    "Přerov",
    "metodika",
    "prostupné bydlení",
    "exekuce",
]

# Distinct queries as people type them: a search nobody asked since the index changed.
SEARCH_QUERIES = [
    line.strip()
    for line in (Path(__file__).with_name("search_queries_cs.txt")).read_text("utf-8").splitlines()
    if line.strip() and not line.startswith("#")
]


def forget_search_answers() -> None:
    """Drop the kept answers of both backends (search.answers), as a change of the index
    does."""
    from search.answers import answers_changed

    answers_changed()


def site_url(url_path: str) -> str:
    """A page's address on the site: url_path starts with the site root's own path (/uvod/),
    which the site serves at /."""
    parts = url_path.strip("/").split("/", 1)
    return "/" + (parts[1] + "/" if len(parts) > 1 else "")


def library_url() -> str:
    from knowledge.models import LibraryIndexPage

    return site_url(LibraryIndexPage.objects.live().first().url_path)


def public_item_urls(limit: int, *, order: str = "pk") -> list[str]:
    """The addresses of live public knowledge items, the first `limit` by `order` ("?": at
    random): what every benchmark reads as the item pages."""
    from knowledge.models import KnowledgeItemPage

    paths = (
        KnowledgeItemPage.objects.live()
        .filter(visibility="public")
        .order_by(order)
        .values_list("url_path", flat=True)[:limit]
    )
    return [site_url(path) for path in paths]


@dataclass
class Request:
    method: str
    path: str
    user: object = None
    data: dict = field(default_factory=dict)
    expect: int = 200


@dataclass
class Scenario:
    name: str
    requests: list[Request]  # cycled through; a consuming scenario has one per repetition
    consuming: bool = False
    settings: dict = field(default_factory=dict)
    # run before each request, outside its timing (e.g. forget kept answers)
    prepare: Callable[[], None] | None = None
    # Requests of the same kind for the warm-up alone (other objects than `requests`), so
    # that each timed request is the first of its object in a process that has served the
    # page before: what a worker that has run for a while does when a referral is opened.
    warmup_requests: list[Request] = field(default_factory=list)


# Referrals read only in the warm-up of the referral pages (Scenario.warmup_requests).
WARMUP_OBJECTS = 40


def scenarios(repetitions: int, seed: int) -> list[Scenario]:
    import random

    from django.db.models import Count

    from cms.models import ProjectPage
    from partners.models import Membership, Organisation
    from referrals.models import Referral

    rng = random.Random(seed)
    bench_orgs = Organisation.objects.filter(slug__startswith="bench-")
    # The busiest receiving organisation: the worst inbox of the dataset.
    busiest = (
        bench_orgs.annotate(n=Count("referrals_received"))
        .order_by("-n", "pk")
        .values_list("pk", flat=True)
        .first()
    )

    def member(organisation_id, role):
        membership = (
            Membership.objects.filter(organisation_id=organisation_id, role=role, is_active=True)
            .select_related("user")
            .order_by("pk")
            .first()
        )
        return membership.user if membership else None

    reviewer = member(busiest, "case_reviewer")
    worker = member(busiest, "social_worker")

    item_urls = public_item_urls(5000)
    rng.shuffle(item_urls)
    item_urls = item_urls[:repetitions]

    received = list(
        Referral.objects.filter(receiver_organisation_id=busiest)
        .exclude(status="draft")
        .order_by("pk")
        .values_list("public_id", flat=True)
    )
    rng.shuffle(received)
    to_accept = list(
        Referral.objects.filter(
            receiver_organisation__slug__startswith="bench-", status="under_review"
        )
        .order_by("pk")
        .values_list("public_id", "receiver_organisation_id")[: repetitions + 5]
    )
    reviewers = {}
    today = datetime.date.today().isoformat()
    accept_requests = []
    for public_id, organisation_id in to_accept:
        if organisation_id not in reviewers:
            reviewers[organisation_id] = member(organisation_id, "case_reviewer")
        user = reviewers[organisation_id]
        accept_requests.append(
            Request(
                "POST",
                f"/predavani/{public_id}/akce/accept/",
                user,
                {"meeting_date": today, "members_present": [user.pk], "reason": ""},
                expect=302,
            )
        )
    # Stays of the busiest organisation with a year of rent and payments (bench/stays.py),
    # as its social worker sees them: the money section with the forms that keep it.
    placed = list(
        Referral.objects.filter(receiver_organisation_id=busiest, status="placed")
        .order_by("pk")
        .values_list("public_id", flat=True)
    )
    rng.shuffle(placed)
    # The project whose indicators count its five organisations' casework, read by a
    # member of the coalition (the reports are members' pages).
    project = (
        ProjectPage.objects.live()
        .filter(slug__startswith="bench-", slug__endswith="-projekt")
        .order_by("pk")
        .first()
    )
    member_org = bench_orgs.filter(is_member=True).order_by("pk").values_list("pk", flat=True)
    report_reader = member(member_org.first(), "case_reviewer") if member_org else None
    library = library_url()
    from cms.models import NewsIndexPage

    news = NewsIndexPage.objects.live().first()
    news_url = "/" + news.url_path.strip("/").split("/", 1)[1] + "/" if news else None
    with_items = bench_orgs.annotate(n=Count("knowledge_items")).order_by("-n", "pk").first()
    sender_busiest = (
        bench_orgs.annotate(n=Count("referrals_sent"))
        .order_by("-n", "pk")
        .values_list("pk", flat=True)
        .first()
    )
    sender = member(sender_busiest, "social_worker") if sender_busiest else None
    search = [Request("GET", "/hledat/", worker, {"q": word}) for word in SEARCH_WORDS]
    varied = [Request("GET", "/hledat/", worker, {"q": query}) for query in SEARCH_QUERIES]
    return [
        Scenario("home", [Request("GET", "/", worker)]),
        Scenario(
            "library_filtered",
            [
                Request("GET", library, worker, {"kind": kind, "region": region})
                for kind, region in [
                    ("methodology", "olomoucky"),
                    ("analysis", "praha"),
                    ("good_practice", "moravskoslezsky"),
                    ("case_study", "ustecky"),
                ]
            ],
        ),
        # Issue 19: the listings whose cost must not grow with the library, as a member.
        Scenario("library", [Request("GET", library, worker)]),
        Scenario(
            "library_by_kind",
            [
                Request("GET", library, worker, {"kind": kind})
                for kind in ["methodology", "analysis", "good_practice", "case_study"]
            ],
        ),
        Scenario("library_page_50", [Request("GET", library, worker, {"page": "50"})]),
        # the other sort order (the default is the newest year first)
        Scenario(
            "library_by_title",
            [
                Request("GET", library, worker, {"order": "title"}),
                Request("GET", library, worker, {"order": "title", "kind": "analysis"}),
            ],
        ),
        Scenario(
            "partner_detail",
            [Request("GET", with_items.get_absolute_url(), worker)] if with_items else [],
        ),
        Scenario("news_index", [Request("GET", news_url, worker)] if news_url else []),
        Scenario("knowledge_item", [Request("GET", url, worker) for url in item_urls]),
        Scenario("partner_directory", [Request("GET", "/partneri/", worker)]),
        # twelve words cycled: after the warm-up every answer is one search.answers kept
        Scenario("search_engine", search),
        # distinct queries, none of them kept: what the node costs for a new search
        Scenario("search_engine_uncached", varied, prepare=forget_search_answers),
        Scenario("referral_inbox", [Request("GET", "/predavani/", reviewer)]),
        Scenario(
            "referral_outbox",
            [Request("GET", "/predavani/odeslane/", sender)] if sender else [],
        ),
        Scenario("referral_agenda", [Request("GET", "/predavani/agenda/", reviewer)]),
        Scenario(
            "referral_detail",
            [Request("GET", f"/predavani/{pid}/", reviewer) for pid in received[:repetitions]],
            warmup_requests=[
                Request("GET", f"/predavani/{pid}/", reviewer)
                for pid in received[repetitions : repetitions + WARMUP_OBJECTS]
            ],
        ),
        Scenario(
            "referral_detail_money",
            [Request("GET", f"/predavani/{pid}/", worker) for pid in placed[:repetitions]],
            warmup_requests=[
                Request("GET", f"/predavani/{pid}/", worker)
                for pid in placed[repetitions : repetitions + WARMUP_OBJECTS]
            ],
        ),
        Scenario(
            "project_report",
            [Request("GET", f"/vysledky/projekty/{project.pk}/", report_reader)]
            if project and report_reader
            else [],
        ),
        Scenario("referral_accept", accept_requests, consuming=True),
        # Anonymous visitors get public pages from the page cache (core/cache.py) after
        # the first request; the pages above are requested logged in, so never cached.
        Scenario("home_cached", [Request("GET", "/", None)]),
        Scenario(
            "library_cached",
            [Request("GET", library, None, {"kind": "methodology", "region": "olomoucky"})],
        ),
        # Last: at M its broad words read most of the search table (about 1 GB), which
        # pushes the other pages' rows out of PostgreSQL's buffers for a while.
        Scenario("search_database", search, settings={"ELASTICSEARCH_URL": ""}),
        Scenario(
            "search_database_varied",
            varied,
            settings={"ELASTICSEARCH_URL": ""},
            prepare=forget_search_answers,
        ),
    ]
