"""Load test of issue 6: public reading, search and referral work at the same time.

Run through bench/load_test.py, which prepares the users and referrals on the bench
dataset, starts gunicorn and calls locust headless. The file it writes
(LOAD_TEST_DATA, JSON) holds:

- `items`: public knowledge item URLs and `library`: the library URL;
- `reviewers`: case reviewers, each with referrals under review in their organisation's
  inbox, to open and accept;
- `workers`: social workers, each with drafts of their organisation to open and submit.

Every request must answer what a browser would expect (200, or 302 after a form); anything
else, and a form answered with its errors, counts as a failure.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import threading
from html.parser import HTMLParser
from urllib.parse import urlencode

from locust import FastHttpUser, between, task

FORM = {"Content-Type": "application/x-www-form-urlencoded"}
DATA = json.loads(open(os.environ["LOAD_TEST_DATA"]).read())  # noqa: SIM115
PASSWORD = DATA.get("password", "bench")
SEARCH_WORDS = DATA["search_words"]
REFERRAL_LINK = re.compile(r'href="(/predavani/[0-9a-f-]{36}/)"')
_lock = threading.Lock()
_reviewers = itertools.cycle(DATA["reviewers"])
_workers = itertools.cycle(DATA["workers"])
_claimed: set[str] = set()


class FormParser(HTMLParser):
    """The fields of the page's main form as a browser would submit them unchanged."""

    def __init__(self, action_contains: str):
        super().__init__()
        self.action_contains = action_contains
        self.inside = False
        self.fields: list[tuple[str, str]] = []
        self.select: str | None = None
        self.textarea: str | None = None
        self.found = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and not self.found:
            action = attrs.get("action") or ""
            if self.action_contains:
                matches = self.action_contains in action
            else:  # a form without an action posts to the page itself
                matches = attrs.get("method", "").lower() == "post" and not action
            self.inside = self.found = matches
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = (attrs.get("type") or "text").lower()
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            if kind in ("submit", "button", "file"):
                return
            self.fields.append((name, attrs.get("value") or ""))
        elif tag == "select" and name:
            self.select = name
        elif tag == "option" and self.select and "selected" in attrs:
            self.fields.append((self.select, attrs.get("value") or ""))
        elif tag == "textarea" and name:
            self.textarea = name
            self.fields.append((name, ""))

    def handle_data(self, data):
        if self.textarea and self.fields and self.fields[-1][0] == self.textarea:
            self.fields[-1] = (self.textarea, self.fields[-1][1] + data)

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None


def form_fields(html: str, action_contains: str = "") -> list[tuple[str, str]]:
    parser = FormParser(action_contains)
    parser.feed(html)
    return parser.fields


class PublicReader(FastHttpUser):
    """An anonymous visitor: home, library (filtered), items, directory, search."""

    weight = 3
    wait_time = between(1, 2)

    @task(3)
    def home(self):
        self.client.get("/", name="home")

    @task(3)
    def library(self):
        self.client.get(DATA["library"], name="library")

    @task(2)
    def library_filtered(self):
        kind, region = random.choice(DATA["library_filters"])
        self.client.get(
            f"{DATA['library']}?kind={kind}&region={region}", name="library, two filters"
        )

    @task(4)
    def item(self):
        self.client.get(random.choice(DATA["items"]), name="knowledge item")

    @task(1)
    def directory(self):
        self.client.get("/partneri/", name="partner directory")

    @task(3)
    def search(self):
        self.client.get("/hledat/", params={"q": random.choice(SEARCH_WORDS)}, name="search")


class _Caseworker(FastHttpUser):
    abstract = True
    wait_time = between(1, 2)
    pool = None
    list_url = "/predavani/"
    list_name = "referral inbox"
    action = ""

    def on_start(self):
        with _lock:
            self.account = next(self.pool)
        self.targets = list(self.account["referrals"])
        page = self.client.get("/prihlaseni/", name="login page")
        fields = dict(form_fields(page.text))
        fields.update(username=self.account["username"], password=PASSWORD, next="/predavani/")
        with self.client.post(
            "/prihlaseni/",
            data=urlencode(fields),
            headers=FORM,
            name="login",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"login as {self.account['username']}: {response.status_code}")

    @task(4)
    def inbox(self):
        with self.client.get(self.list_url, name=self.list_name, catch_response=True) as page:
            self.seen = REFERRAL_LINK.findall(page.text or "")
            if page.status_code == 200 and not self.seen:
                page.failure("the list shows no referral")

    @task(4)
    def detail(self):
        links = getattr(self, "seen", None)
        if not links:
            return self.inbox()
        self.client.get(random.choice(links), name="referral detail")

    @task(1)
    def act(self):
        with _lock:
            while self.targets and self.targets[0] in _claimed:
                self.targets.pop(0)
            if not self.targets:
                return
            public_id = self.targets.pop(0)
            _claimed.add(public_id)
        url = f"/predavani/{public_id}/akce/{self.action}/"
        page = self.client.get(url, name=f"{self.action} form")
        if page.status_code != 200:
            return
        fields = form_fields(page.text)
        with self.client.post(
            url,
            data=urlencode(fields),
            headers=FORM,
            name=f"{self.action} (POST)",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"{self.action} {public_id}: {response.status_code}")
        self.client.get(f"/predavani/{public_id}/", name="referral detail")


class Reviewer(_Caseworker):
    """A case reviewer of a receiving organisation: inbox, details, accepts."""

    weight = 1
    pool = _reviewers
    action = "accept"


class SocialWorker(_Caseworker):
    """A social worker of a sending organisation: outbox, details, submits drafts."""

    weight = 1
    pool = _workers
    list_url = "/predavani/odeslane/"
    list_name = "referral outbox"
    action = "submit"
