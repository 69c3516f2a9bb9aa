#!/usr/bin/env python
"""A realistic benchmark dataset at a given scale, deterministic from a seed.

    DATABASE_URL=postgres://portal@127.0.0.1:55432/portal_bench \\
    .venv/bin/python -m bench.generate --scale S --seed 1

On top of the demo content (loaded first when the library is empty) it adds organisations
with members in every role, programmes with intake checklists, clients, referrals in every
pre-placement state with their history, consents and guardian permissions, and knowledge
items with attached documents in each organisation's library section.

Rows are written in bulk (PostgreSQL COPY by default, bulk_create with `--writer orm`;
both write the same rows with the same primary keys), but they are the rows the services
would write: history rows with the services' change reasons, guardian rows computed by the
same rules as referrals.permissions (the referral rule is called directly; tests check
that a sync after generation changes nothing), reference codes taken from the same
sequences. Clients and their referrals are generated and committed in chunks of
CLIENT_CHUNK clients, so memory stays bounded at L. Knowledge items are inserted in bulk
with the tree columns treebeard's add_child would compute (path, depth, the section's
numchild, url_path), live and without revisions; the search app's database copy is rebuilt
afterwards. PostgreSQL only (COPY, and primary keys reserved from the tables' sequences).
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime
import functools
import os
import random
import sys
import time
import uuid
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


@dataclass(frozen=True)
class Scale:
    organisations: int
    users: int
    clients: int
    referrals: int
    items: int


SCALES = {
    "XS": Scale(organisations=3, users=12, clients=10, referrals=20, items=10),
    "S": Scale(organisations=50, users=500, clients=10_000, referrals=20_000, items=5_000),
    "M": Scale(organisations=500, users=5_000, clients=100_000, referrals=200_000, items=50_000),
    # L grows the referral side a hundredfold; the library stays at M. Client reference codes
    # allow six digits a year (K-2026-999999), so L spreads clients over several years.
    "L": Scale(
        organisations=500, users=5_000, clients=1_000_000, referrals=2_000_000, items=50_000
    ),
}

BATCH = 2_000
CLIENT_CHUNK = 10_000  # clients per chunk, with their referrals (about 400 000 rows at L)
ITEM_CHUNK = 5_000  # knowledge item pages per chunk
PER_YEAR = 500_000  # reference codes taken from one year's sequence at most
BENCH_SLUG = "bench-"  # every generated organisation's slug starts with this
PROJECT_ORGANISATIONS = 5  # the generated project's lead and partners

FIRST_NAMES = [
    "Jana", "Petr", "Marie", "Tomáš", "Eva", "Jan", "Lucie", "Martin", "Kateřina", "Pavel",
    "Veronika", "Jiří", "Tereza", "Josef", "Zuzana", "Milan", "Monika", "Roman", "Alena", "Karel",
]  # fmt: skip
LAST_NAMES = [
    "Nováková", "Svoboda", "Dvořáková", "Černý", "Procházková", "Kučera", "Veselá", "Horák",
    "Němcová", "Marek", "Pokorná", "Pospíšil", "Hájková", "Král", "Jelínková", "Růžička",
]  # fmt: skip
TOWNS = [
    ("Přerov", "olomoucky"), ("Ostrava", "moravskoslezsky"), ("Kadaň", "ustecky"),
    ("Plzeň", "plzensky"), ("Praha", "praha"), ("Brno", "jihomoravsky"),
    ("Liberec", "liberecky"), ("Jihlava", "vysocina"), ("Zlín", "zlinsky"),
    ("Pardubice", "pardubicky"), ("Kladno", "stredocesky"), ("Tábor", "jihocesky"),
]  # fmt: skip
ORG_KINDS = ["municipality", "ngo", "shelter", "social_services", "rental_agency"]
PROGRAMME_KINDS = ["housing", "shelter", "support_in_housing", "rental_agency"]
CRITERIA = [
    "Předchozí spolupráce se sociálním pracovníkem",
    "Dluhy vůči městu jen se splátkovým kalendářem",
    "Žádné dluhy u dodavatele energií",
    "Doporučení klíčového sociálního pracovníka",
]
# Status of a generated referral and the actions that brought it there (by whom: the
# sender's social worker "s" or the receiver's case reviewer "r").
PATHS = {
    "draft": [],
    "submitted": [("submit", "s")],
    "under_review": [("submit", "s"), ("start_review", "r")],
    "info_requested": [("submit", "s"), ("request_info", "r")],
    "accepted": [("submit", "s"), ("start_review", "r"), ("accept", "r")],
    "declined": [("submit", "s"), ("decline", "r")],
    "withdrawn": [("submit", "s"), ("withdraw", "s")],
}
STATUS_WEIGHTS = {
    "draft": 8,
    "submitted": 20,
    "under_review": 15,
    "info_requested": 5,
    "accepted": 25,
    "declined": 15,
    "withdrawn": 12,
}
# Referral columns a transition changes; a history row shows them as they were after it.
STEP_START = {
    "status": "draft",
    "submitted_at": None,
    "answer_due_at": None,
    "decided_at": None,
    "ended_at": None,
    "status_note": "",
}
STEP_FIELDS = tuple(STEP_START)
NOTES = {
    "request_info": "Doložte splátkový kalendář.",
    "decline": "Nesplňuje podmínku bezdlužnosti.",
    "withdraw": "Klientka našla bydlení sama.",
}


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
    import django

    django.setup()


@contextmanager
def _explicit_timestamps(*models):
    """Let bulk_create keep the created_at we computed (auto_now_add would overwrite it)."""
    saved = []
    for model in models:
        for field in model._meta.concrete_fields:
            if getattr(field, "auto_now_add", False) or getattr(field, "auto_now", False):
                saved.append((field, field.auto_now, field.auto_now_add))
                field.auto_now = field.auto_now_add = False
    try:
        yield
    finally:
        for field, auto_now, auto_now_add in saved:
            field.auto_now, field.auto_now_add = auto_now, auto_now_add


def _bulk(model, rows: list, batch_size: int = BATCH) -> list:
    created = []
    for start in range(0, len(rows), batch_size):
        created.extend(model.objects.bulk_create(rows[start : start + batch_size]))
    return created


REQUIRED = object()  # a column with a callable default: the generator must give its value


class Table:
    """One table's columns in model order, with the defaults Django would have filled in."""

    _cache: dict = {}

    def __init__(self, model):
        from django.db import connection
        from django.db.models import JSONField

        self.model = model
        # A multi-table child (a Wagtail page type) writes its own columns only.
        self.fields = list(model._meta.local_concrete_fields)
        self.columns = [f.column for f in self.fields]
        self.attnames = [f.attname for f in self.fields]
        self.pk = model._meta.pk.attname
        self.defaults = {}
        for field in self.fields:
            if field.has_default() and callable(field.default):
                self.defaults[field.attname] = REQUIRED
            else:
                self.defaults[field.attname] = field.get_default()
        self.prepare = [
            (index, field)
            for index, field in enumerate(self.fields)
            if isinstance(field, JSONField)
        ]
        self.connection = connection

    @classmethod
    def of(cls, model) -> Table:
        if model not in cls._cache:
            cls._cache[model] = cls(model)
        return cls._cache[model]

    def complete(self, row: dict) -> dict:
        """The row with every column: given values first, then the field defaults."""
        full = {}
        for attname, default in self.defaults.items():
            value = row.get(attname, default)
            if value is REQUIRED:
                raise ValueError(f"{self.model.__name__}.{attname} needs a value")
            full[attname] = value
        return full

    def values(self, row: dict) -> list:
        values = [row[a] for a in self.attnames]
        for index, field in self.prepare:
            values[index] = field.get_db_prep_save(values[index], self.connection)
        return values


class Writer:
    """Writes complete rows (dicts keyed by attname) with primary keys reserved from the
    table's own sequence, so every writer produces the same ids for the same seed."""

    name = "?"

    def __init__(self):
        from django.db import connection

        self.connection = connection
        self.rows = 0

    def reserve(self, model, count: int) -> int:
        """The first of `count` consecutive primary keys, taken from the table's sequence
        (the next insert through the ORM continues after them)."""
        if count == 0:
            return 0
        meta = model._meta
        with self.connection.cursor() as cursor:
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence(%s, %s), "
                "nextval(pg_get_serial_sequence(%s, %s)) + %s - 1)",
                [meta.db_table, meta.pk.column, meta.db_table, meta.pk.column, count],
            )
            last = cursor.fetchone()[0]
        return last - count + 1

    def write(self, model, rows: list[dict]) -> None:
        """Complete the rows, give the ones without a primary key one, and insert them."""
        if not rows:
            return
        table = Table.of(model)
        missing = [row for row in rows if row.get(table.pk) is None]
        if missing and table.pk in table.defaults:  # not a child table's parent link
            first = self.reserve(model, len(missing))
            for offset, row in enumerate(missing):
                row[table.pk] = first + offset
        self._insert(table, [table.complete(row) for row in rows])
        self.rows += len(rows)

    def _insert(self, table: Table, rows: list[dict]) -> None:
        raise NotImplementedError


class OrmWriter(Writer):
    """bulk_create in batches: model instances, Django's own inserts."""

    name = "orm"

    def _insert(self, table: Table, rows: list[dict]) -> None:
        model = table.model
        with _explicit_timestamps(model):
            objs = [model(**row) for row in rows]
            if model._meta.parents:
                fields = table.fields
                for start in range(0, len(objs), BATCH):
                    model._base_manager._insert(objs[start : start + BATCH], fields=fields)
            else:
                _bulk(model, objs)


class CopyWriter(Writer):
    """PostgreSQL COPY FROM STDIN (psycopg 3) with the same values the ORM would send."""

    name = "copy"

    def _insert(self, table: Table, rows: list[dict]) -> None:
        quote = self.connection.ops.quote_name
        sql = (
            f"COPY {quote(table.model._meta.db_table)} "
            f"({', '.join(quote(c) for c in table.columns)}) FROM STDIN"
        )
        with self.connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row(table.values(row))


WRITERS = {"copy": CopyWriter, "orm": OrmWriter}


@functools.cache
def _history_model(model):
    return model.history.model  # the manager descriptor builds a manager on each access


@functools.cache
def _tracked(model) -> tuple[str, ...]:
    """The columns the model's historical table copies from it."""
    return tuple(
        a for a in Table.of(_history_model(model)).attnames if not a.startswith("history_")
    )


def _history_row(model, row: dict, *, history_type: str, reason: str, user_id, when, **overrides):
    """The django-simple-history row the services' save_with_history would have written,
    from the complete row of the tracked object."""
    values = {attname: row[attname] for attname in _tracked(model)}
    values.update(overrides)
    values.update(
        history_date=when,
        history_type=history_type,
        history_change_reason=reason,
        history_user_id=user_id,
    )
    return values


def _reserve_references(prefix: str, count: int, year: int, per_year: int = PER_YEAR):
    """Reference codes from the services' sequence (see services.next_reference), taken in
    blocks of at most `per_year` a year going back from `year` (the URL pattern allows six
    digits a year). Returns a generator, so a million codes are not held at once."""
    from referrals.models import ReferenceSequence

    blocks = []
    while count > 0:
        sequence, _ = ReferenceSequence.objects.select_for_update().get_or_create(
            prefix=prefix, year=year
        )
        take = min(count, max(0, per_year - sequence.last_value))
        if take:
            blocks.append((year, sequence.last_value + 1, take))
            sequence.last_value += take
            sequence.save(update_fields=["last_value"])
            count -= take
        year -= 1

    def codes():
        for block_year, first, number in blocks:
            for n in range(first, first + number):
                yield f"{prefix}-{block_year}-{n:04d}"

    return codes()


class Generator:
    def __init__(
        self,
        scale: Scale,
        seed: int,
        out=print,
        writer: str = "copy",
        skip_fk_checks: bool = False,
    ):
        self.scale = scale
        self.skip_fk_checks = skip_fk_checks
        self.writer = WRITERS[writer]()
        self.seed = seed
        self.rng = random.Random(seed)
        self.out = out
        self.now = datetime.datetime(2026, 11, 1, 9, 0, tzinfo=datetime.UTC)
        self.counts: dict[str, int] = {}
        self.timings: dict[str, float] = {}

    def _uuid(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def _step(self, label: str, started: float, count: int) -> None:
        self.counts[label] = count
        seconds = time.monotonic() - started
        self.timings[label] = round(seconds, 1)
        self.out(f"  {label:<28} {count:>9}  {seconds:6.1f} s")

    # --- steps ----------------------------------------------------------------------------

    def run(self) -> dict[str, int]:
        from django.db import transaction

        from knowledge.models import LibraryIndexPage

        if not LibraryIndexPage.objects.exists():
            from cms.demo.loader import demo_load

            self.out("  loading the demo content first (no library yet)")
            demo_load()
        with transaction.atomic():
            self.organisations()
            self.members()
            self.programmes()
        self.casework()
        with transaction.atomic():
            self.project()
        self.library()
        self.analyze()
        return self.counts

    def project(self) -> None:
        """A project page like the seeds' (a lead organisation and four partners, about 1 %
        of the casework at every scale) whose indicators are computed from its programmes'
        casework: the members' indicator report (outcomes) reads every supported referral
        of them, so it grows with the project, not with the portal."""
        from cms.models import IndicatorSource, ProjectIndexPage, ProjectIndicator, ProjectPage

        started = time.monotonic()
        index = ProjectIndexPage.objects.first()
        if index is None:  # no demo content: no project section to put it in
            return
        page = ProjectPage(
            title=f"Bench {self.seed} – prostupné bydlení v celém souboru",
            slug=f"{BENCH_SLUG}{self.seed}-projekt",
            summary="Projekt pro měření výkonu: indikátory ze všech programů souboru.",
            period_start=datetime.date(2024, 1, 1),
            period_end=datetime.date(2027, 12, 31),
            funding="OP Zaměstnanost plus",
            lead_organisation=self.orgs[0],
        )
        partners = self.orgs[:PROJECT_ORGANISATIONS]
        page.partner_organisations = partners[1:]
        index.add_child(instance=page)
        page.programmes = [p for o in partners for p in self.programmes_by_org[o.pk]]
        page.indicators = [
            ProjectIndicator(
                code=code, name=name, unit=unit, target=Decimal(target), source=source,
                counts_people=people, sort_order=order,
            )
            for order, (code, name, unit, target, source, people) in enumerate(
                [
                    ("6 00 00", "Celkový počet účastníků", "osoby", 5000,
                     IndicatorSource.PERSONS_SUPPORTED, True),
                    ("6 00 01", "Účastníci starší 15 let", "osoby", 4000,
                     IndicatorSource.PERSONS_OVER_15, True),
                    ("5 54 01", "Domácnosti v sociálním bydlení", "domácnosti", 1000,
                     IndicatorSource.HOUSEHOLDS_HOUSED, True),
                    ("5 54 02", "Získané byty", "byty", 500,
                     IndicatorSource.FLATS_OBTAINED, False),
                    ("6 70 01", "Klienti v prevenci ztráty bydlení", "osoby", 800,
                     IndicatorSource.PREVENTION_CLIENTS, True),
                    ("6 70 02", "Metodiky", "dokumenty", 3, IndicatorSource.MANUAL, False),
                ]
            )
        ]  # fmt: skip
        page.save_revision().publish()
        self.project_page = page
        self._step("project with indicators", started, 1)

    def analyze(self) -> None:
        """Planner statistics for the new rows, and the visibility map, as autovacuum would
        gather them on a live server a while later: a table without statistics (a small
        one the generator did not touch counts as 810 rows) can get a plan that scans
        every page, and one whose pages are not yet marked all-visible gets no index-only
        scan (the referral lists' per-user grant probe then reads a heap page per row the
        walk reads instead of the user's few index pages; docs/decisions/0004). VACUUM
        cannot run in a transaction (a test's): there, statistics only."""
        from django.db import connection

        started = time.monotonic()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)")
        self._step("planner statistics", started, 0)

    def run_library(self) -> dict[str, int]:
        """Top up an already generated seed's library to the scale's item count (for a
        database generated with fewer items): the seed's organisations and sections are
        reused, new items are numbered after the existing ones, with their own documents."""
        from knowledge.models import KnowledgeItemPage, LibraryDocument
        from knowledge.workspaces import organisation_workspace_ensure
        from partners.models import Organisation

        self.orgs = list(
            Organisation.objects.filter(slug__startswith=f"{BENCH_SLUG}{self.seed}-").order_by(
                "slug"
            )
        )
        self.workspaces = {o.pk: organisation_workspace_ensure(o) for o in self.orgs}
        existing = KnowledgeItemPage.objects.filter(
            slug__startswith=f"polozka-{self.seed}-"
        ).count()
        documents = LibraryDocument.objects.filter(
            file__startswith=f"library/bench-{self.seed}-"
        ).count()
        # Another stream of the same seed, so a top-up is deterministic too.
        self.rng = random.Random(f"{self.seed}-library-{existing}")
        self.library(first=existing, first_document=documents)
        self.analyze()
        return self.counts

    def organisations(self) -> None:
        from knowledge.workspaces import organisation_workspace_ensure
        from partners.models import Organisation

        started = time.monotonic()
        self.orgs = []
        for index in range(self.scale.organisations):
            town, region = TOWNS[index % len(TOWNS)]
            kind = ORG_KINDS[index % len(ORG_KINDS)]
            organisation = Organisation.objects.create(
                name=f"Bench {self.seed}-{index + 1:04d} – {town} ({kind})",
                short_name=f"B{index + 1:04d}",
                slug=f"{BENCH_SLUG}{self.seed}-{index + 1:04d}",
                kind=kind,
                municipality=town,
                region=region,
                email=f"kontakt{index + 1}@bench.example.cz",
                description=f"Organizace pro měření výkonu portálu v obci {town}.",
                is_member=self.rng.random() < 0.8,
            )
            self.orgs.append(organisation)
        self.workspaces = {o.pk: organisation_workspace_ensure(o) for o in self.orgs}
        self._step("organisations", started, len(self.orgs))

    def members(self) -> None:
        from django.contrib.auth import get_user_model
        from django.contrib.auth.hashers import make_password

        from partners.models import Membership

        started = time.monotonic()
        User = get_user_model()
        password = make_password("bench", salt=f"bench{self.seed}")
        per_org = max(4, self.scale.users // self.scale.organisations)
        roles = ["org_admin", "editor", "case_reviewer", "social_worker"]
        roles += ["case_reviewer" if i % 3 == 0 else "social_worker" for i in range(per_org - 4)]
        self.workers: dict[int, list] = defaultdict(list)
        self.reviewers: dict[int, list] = defaultdict(list)
        self.admins: dict[int, object] = {}
        users = []
        for organisation in self.orgs:
            for number, role in enumerate(roles):
                first = self.rng.choice(FIRST_NAMES)
                users.append(
                    (
                        organisation,
                        role,
                        User(
                            username=f"{organisation.slug}-{role}-{number}",
                            first_name=first,
                            last_name=self.rng.choice(LAST_NAMES),
                            email=f"{organisation.slug}-{number}@bench.example.cz",
                            password=password,
                        ),
                    )
                )
        _bulk(User, [u for _o, _r, u in users])
        # Memberships one by one: their post_save signal puts the member in the casework
        # and editors' groups, as the membership services do.
        for organisation, role, user in users:
            Membership.objects.create(user=user, organisation=organisation, role=role)
            if role == "social_worker":
                self.workers[organisation.pk].append(user)
            elif role == "case_reviewer":
                self.reviewers[organisation.pk].append(user)
            elif role == "org_admin":
                self.admins[organisation.pk] = user
        self._step("users with memberships", started, len(users))

    def programmes(self) -> None:
        from partners.models import IntakeCriterion, PathwayStage, Programme

        started = time.monotonic()
        stages = list(PathwayStage.objects.order_by("level"))
        self.programmes_by_org: dict[int, list] = {}
        self.criteria: dict[int, list] = {}
        rows = []
        for organisation in self.orgs:
            for number in range(2):
                stage = self.rng.choice(stages)
                rows.append(
                    Programme(
                        organisation=organisation,
                        name=f"{stage.name} – program {number + 1}",
                        slug=f"program-{number + 1}",
                        kind=self.rng.choice(PROGRAMME_KINDS),
                        stage=stage,
                        capacity=self.rng.randint(5, 60),
                        max_stay_months=24,
                        visit_interval_days=14,
                        response_time_days=14,
                    )
                )
        _bulk(Programme, rows)
        criteria = []
        for programme in rows:
            self.programmes_by_org.setdefault(programme.organisation_id, []).append(programme)
            for order, text in enumerate(CRITERIA[: self.rng.randint(2, 4)]):
                criteria.append(
                    IntakeCriterion(
                        programme=programme, text=text, required=order < 3, sort_order=order
                    )
                )
        _bulk(IntakeCriterion, criteria)
        for criterion in criteria:
            self.criteria.setdefault(criterion.programme_id, []).append(criterion)
        self.programmes = rows
        self._step("programmes", started, len(rows))

    def casework(self) -> None:
        """Clients with their referrals, history, consents and guardian rows, chunk by chunk
        of clients: memory stays bounded and each chunk is committed on its own."""
        from django.contrib.auth.models import Permission
        from django.db import transaction

        from bench.stays import StayMaker
        from referrals import permissions
        from referrals.models import CaseworkGroup, FinanceRules

        started = time.monotonic()
        self.stay_maker = StayMaker(self)
        with transaction.atomic():
            client_codes = _reserve_references("K", self.scale.clients, self.now.year)
            referral_codes = _reserve_references("P", self.scale.referrals, self.now.year)
            self.writer.write(FinanceRules, self.stay_maker.rules_rows())

        # referrals.permissions' own rules, with the casework group lookup answered from
        # one query (the groups exist: the membership signals created them) and passed in.
        groups = {
            (link.organisation_id, link.role): link.group
            for link in CaseworkGroup.objects.filter(organisation__in=self.orgs).select_related(
                "group"
            )
        }
        real_casework_group = permissions.casework_group

        def cached_group(organisation_id, role):
            key = (organisation_id, str(role))
            if key not in groups:
                groups[key] = real_casework_group(organisation_id, role)
            return groups[key]

        def perm_ids(model_name: str) -> dict[str, int]:
            return dict(
                Permission.objects.filter(
                    content_type__app_label="referrals", content_type__model=model_name
                ).values_list("codename", "pk")
            )

        self._perms = {"referral": perm_ids("referral"), "client": perm_ids("client")}
        self._group = cached_group
        totals: dict[str, int] = defaultdict(int)
        clients_total, referrals_total = self.scale.clients, self.scale.referrals
        rows_before = self.writer.rows
        if self.skip_fk_checks:
            # Superuser only: no foreign-key trigger per inserted row (the rows reference
            # what this run created; the tests check the same rows with the checks on).
            with self.writer.connection.cursor() as cursor:
                cursor.execute("SET session_replication_role = replica")
        for first in range(0, clients_total, CLIENT_CHUNK):
            last = min(first + CLIENT_CHUNK, clients_total)
            n_referrals = (
                referrals_total * last // clients_total - referrals_total * first // clients_total
            )
            with transaction.atomic():
                counts = self._casework_chunk(
                    last - first, n_referrals, client_codes, referral_codes
                )
            for key, value in counts.items():
                totals[key] += value
            if clients_total > CLIENT_CHUNK:
                elapsed = time.monotonic() - started
                rows = self.writer.rows - rows_before
                self.out(
                    f"    clients {last}/{clients_total}, referrals "
                    f"{totals['referrals']}/{referrals_total}, {rows} rows, "
                    f"{rows / elapsed:,.0f} rows/s, {elapsed:.0f} s, about "
                    f"{elapsed * (clients_total - last) / last:.0f} s left"
                )
        if self.skip_fk_checks:
            with self.writer.connection.cursor() as cursor:
                cursor.execute("SET session_replication_role = DEFAULT")
        self._step("clients", started, totals["clients"])
        for key in (
            "referrals",
            "referral history rows",
            "consents",
            "guardian rows",
            "stays",
            "payments",
        ):
            self.counts[key] = totals[key]
        self.counts["casework rows written"] = self.writer.rows - rows_before

    def _casework_chunk(self, n_clients: int, n_referrals: int, client_codes, referral_codes):
        from referrals import permissions
        from referrals.conditions import ClientFacts, evaluate
        from referrals.models import (
            Client,
            ClientGroupObjectPermission,
            ClientUserObjectPermission,
            Consent,
            CriterionAnswer,
            HouseholdMember,
            Referral,
            ReferralGroupObjectPermission,
            ReferralUserObjectPermission,
        )
        from referrals.workflow import Role

        rng, now, write = self.rng, self.now, self.writer.write
        client_table, referral_table = Table.of(Client), Table.of(Referral)
        verdicts = {}  # criterion → what the record says of it (the same for every client)

        first_id = self.writer.reserve(Client, n_clients)
        clients = []
        for offset in range(n_clients):
            organisation = rng.choice(self.orgs)
            created = now - datetime.timedelta(minutes=rng.randint(0, 1_051_200))
            clients.append(
                client_table.complete(
                    {
                        "id": first_id + offset,
                        "reference": next(client_codes),
                        "responsible_organisation_id": organisation.pk,
                        "key_worker_id": rng.choice(self.workers[organisation.pk]).pk,
                        "first_name": rng.choice(FIRST_NAMES),
                        "last_name": rng.choice(LAST_NAMES),
                        "birth_date": datetime.date(rng.randint(1950, 2004), 1, 1)
                        + datetime.timedelta(days=rng.randint(0, 364)),
                        "phone": f"7{rng.randint(10_000_000, 99_999_999)}",
                        "housing_situation": "shelter",
                        "needs": "Samostatné bydlení, podpora při hospodaření s penězi.",
                        "debt_to_city": Decimal(rng.choice([0, 0, 0, 5_000, 12_000, 40_000])),
                        "notes": "Spolupracuje, chodí na schůzky včas.",
                        "created_at": created,
                        "updated_at": now,
                    }
                )
            )
        write(Client, clients)
        write(
            _history_model(Client),
            [
                _history_row(
                    Client,
                    c,
                    history_type="+",
                    reason="client.created",
                    user_id=c["key_worker_id"],
                    when=c["created_at"],
                )
                for c in clients
            ],
        )
        write(
            HouseholdMember,
            [
                {"client_id": c["id"], "relation": "head", "first_name": c["first_name"]}
                for c in clients
            ],
        )

        statuses = list(STATUS_WEIGHTS)
        weights = list(STATUS_WEIGHTS.values())
        first_id = self.writer.reserve(Referral, n_referrals)
        referrals, history, answers = [], [], []
        consents: dict[tuple[int, int, str], dict] = {}
        for offset in range(n_referrals):
            client = rng.choice(clients)
            sender_id = client["responsible_organisation_id"]
            receiver = rng.choice([o for o in rng.sample(self.orgs, 3) if o.pk != sender_id])
            programme = rng.choice(self.programmes_by_org[receiver.pk])
            status = rng.choices(statuses, weights)[0]
            sender_user = rng.choice(self.workers[sender_id])
            reviewer = rng.choice(self.reviewers[receiver.pk])
            created = client["created_at"] + datetime.timedelta(minutes=rng.randint(60, 20_000))
            referral = {
                "id": first_id + offset,
                "public_id": self._uuid(),
                "reference": next(referral_codes),
                "client_id": client["id"],
                "sender_organisation_id": sender_id,
                "created_by_id": sender_user.pk,
                "programme_id": programme.pk,
                "receiver_organisation_id": receiver.pk,
                "reason": "Rodina v azylovém domě, připravená na samostatné bydlení.",
                "urgency": rng.choice(["normal", "normal", "soon", "urgent"]),
                "status": "draft",
                "created_at": created,
                "updated_at": created,
            }
            steps = [({}, "referral.created", sender_user.pk, created, "+")]
            when = created
            for action, actor in PATHS[status]:
                when = when + datetime.timedelta(hours=rng.randint(2, 240))
                user = sender_user if actor == "s" else reviewer
                if action == "submit":
                    referral["submitted_at"] = when
                    referral["answer_due_at"] = when + datetime.timedelta(days=14)
                    referral["status"] = "submitted"
                    key = (client["id"], receiver.pk, "assessment")
                    if key not in consents:
                        consents[key] = {
                            "public_id": self._uuid(),
                            "client_id": client["id"],
                            "organisation_id": receiver.pk,
                            "purpose": "assessment",
                            "share_identity": True,
                            "share_household": True,
                            "share_finances": True,
                            "valid_from": (created - datetime.timedelta(days=1)).date(),
                            "recorded_by_id": sender_user.pk,
                            "created_at": created,
                        }
                elif action == "start_review":
                    referral["status"] = "under_review"
                elif action == "request_info":
                    referral["status"] = "info_requested"
                    referral["status_note"] = NOTES[action]
                elif action in ("accept", "decline"):
                    referral["status"] = "accepted" if action == "accept" else "declined"
                    referral["decided_at"] = when
                    referral["status_note"] = NOTES.get(action, "")
                elif action == "withdraw":
                    referral["status"] = "withdrawn"
                    referral["ended_at"] = when
                    referral["status_note"] = NOTES[action]
                snapshot = {f: referral.get(f) for f in STEP_FIELDS}
                steps.append((snapshot, f"referral.{action}", user.pk, when, "~"))
            referral["updated_at"] = when
            referral = referral_table.complete(referral)
            referrals.append(referral)
            for values, reason, user_id, step_when, kind in steps:
                state = {**STEP_START, **{k: v for k, v in values.items() if v is not None}}
                history.append(
                    _history_row(
                        Referral,
                        referral,
                        history_type=kind,
                        reason=reason,
                        user_id=user_id,
                        when=step_when,
                        **state,
                    )
                )
            # The submission keeps the record's verdict on each answer (the generated
            # conditions are free text: the record cannot answer them); a draft has none.
            submitted = referral["status"] != "draft"
            for criterion in self.criteria[programme.pk]:
                if criterion.pk not in verdicts:
                    verdicts[criterion.pk] = evaluate(criterion, ClientFacts(), now.date())
                verdict = verdicts[criterion.pk] if submitted else None
                answers.append(
                    {
                        "referral_id": referral["id"],
                        "criterion_id": criterion.pk,
                        "criterion_text": criterion.text,
                        "required": criterion.required,
                        "answer": "yes",
                        "system_verdict": verdict.verdict if verdict else "",
                        "system_reason": str(verdict.reason) if verdict else "",
                    }
                )
        # Some accepted referrals move in, with a year of rent and payments (bench/stays.py).
        money = self.stay_maker.place(referrals, history)
        write(Referral, referrals)
        write(_history_model(Referral), history)
        write(CriterionAnswer, answers)
        for model, rows in money.items():
            write(model, rows)
        consent_rows = list(consents.values())
        write(Consent, consent_rows)
        consent_rows = [Table.of(Consent).complete(c) for c in consent_rows]
        write(
            _history_model(Consent),
            [
                _history_row(
                    Consent,
                    c,
                    history_type="+",
                    reason="consent.granted",
                    user_id=c["recorded_by_id"],
                    when=c["created_at"],
                )
                for c in consent_rows
            ],
        )

        # Guardian rows: referrals.permissions' referral rule called on each referral; the
        # client rule restated for a whole chunk (the tests check both against a real sync).
        referral_perms, client_perms = self._perms["referral"], self._perms["client"]

        def group_pk(organisation_id, role):
            return self._group(organisation_id, role).pk

        by_id = {c["id"]: c for c in clients}
        group_rows, user_rows = [], []
        sharing: dict[int, set] = defaultdict(set)
        for row in referrals:
            client = by_id[row["client_id"]]
            referral = SimpleNamespace(
                **row,
                client=SimpleNamespace(
                    responsible_organisation_id=client["responsible_organisation_id"],
                    key_worker_id=client["key_worker_id"],
                ),
            )
            for group_id, codename in sorted(
                permissions.referral_desired_group_perms(referral, group_pk)
            ):
                group_rows.append(
                    {
                        "group_id": group_id,
                        "permission_id": referral_perms[codename],
                        "content_object_id": row["id"],
                    }
                )
            user_rows.append(
                {
                    "user_id": client["key_worker_id"],
                    "permission_id": referral_perms["view_referral"],
                    "content_object_id": row["id"],
                }
            )
            if row["status"] not in permissions.NO_LONGER_CONCERNED:
                for role in permissions.CASEWORK_ROLES:
                    sharing[client["id"]].add((row["receiver_organisation_id"], str(role)))
                sharing[client["id"]].add((row["sender_organisation_id"], str(Role.SOCIAL_WORKER)))
        consenting = {(c["client_id"], c["organisation_id"]) for c in consent_rows}
        client_group_rows, client_user_rows = [], []
        social_worker = Role.SOCIAL_WORKER
        for client in clients:
            responsible = client["responsible_organisation_id"]
            own = self._group(responsible, social_worker).pk
            desired = {(own, "view_client"), (own, "change_client")}
            for org_id, role in sharing[client["id"]]:
                if org_id != responsible and (client["id"], org_id) in consenting:
                    desired.add((self._group(org_id, role).pk, "view_client"))
            for group_id, codename in sorted(desired):
                client_group_rows.append(
                    {
                        "group_id": group_id,
                        "permission_id": client_perms[codename],
                        "content_object_id": client["id"],
                    }
                )
            for codename in ("view_client", "change_client"):
                client_user_rows.append(
                    {
                        "user_id": client["key_worker_id"],
                        "permission_id": client_perms[codename],
                        "content_object_id": client["id"],
                    }
                )
        write(ReferralGroupObjectPermission, group_rows)
        write(ReferralUserObjectPermission, user_rows)
        write(ClientGroupObjectPermission, client_group_rows)
        write(ClientUserObjectPermission, client_user_rows)
        return {
            "clients": len(clients),
            "referrals": len(referrals),
            "referral history rows": len(history),
            "consents": len(consent_rows),
            "guardian rows": len(group_rows)
            + len(user_rows)
            + len(client_group_rows)
            + len(client_user_rows),
            "stays": sum(len(rows) for model, rows in money.items() if model.__name__ == "Stay"),
            "payments": sum(
                len(rows) for model, rows in money.items() if model.__name__ == "Payment"
            ),
        }

    def library(self, first: int = 0, first_document: int = 0) -> None:
        from django.core.files.base import ContentFile

        from cms.demo.documents import pdf_bytes
        from cms.demo.items import ITEMS
        from knowledge.models import KnowledgeKind, LibraryDocument, Topic
        from partners.models import PathwayStage, TargetGroup

        started = time.monotonic()
        self.words = sorted(
            {w.strip(".,;:()–„“") for spec in ITEMS for w in spec.body.split()} - {""}
        )
        self.titles = sorted({spec.title for spec in ITEMS})
        self.topics = list(Topic.objects.order_by("slug"))
        self.groups = list(TargetGroup.objects.order_by("slug"))
        self.stages = list(PathwayStage.objects.order_by("level"))
        self.kinds = list(KnowledgeKind.values)

        # A pool of real PDF files, shared by the items (one per fifty items), so
        # that reindexing extracts text from real documents without generating 5 000 files.
        documents = []
        pool = max(2, (self.scale.items - first) // 50)
        for number in range(first_document, first_document + pool):
            organisation = self.orgs[number % len(self.orgs)]
            title = f"{self.rng.choice(self.titles)} – příloha {number + 1}"
            body = "\n\n".join(self._sentence(40) for _ in range(3))
            content = pdf_bytes(title=title, organisation=organisation.name, year=2025, body=body)
            document = LibraryDocument(
                title=title, collection=self.workspaces[organisation.pk].collection
            )
            document.file.save(
                f"bench-{self.seed}-{number + 1}.pdf", ContentFile(content), save=False
            )
            document.file_size = len(content)
            document.save()
            documents.append(document)
        self._step("library documents", started, len(documents))

        started = time.monotonic()
        created = 0
        for start in range(first, self.scale.items, ITEM_CHUNK):
            created += self._items_chunk(
                start, min(start + ITEM_CHUNK, self.scale.items), documents
            )
            if self.scale.items - first > ITEM_CHUNK:
                self.out(f"    knowledge items: {created}/{self.scale.items}")
        self._step("knowledge items", started, created)

        # What the publish signals would have written: the search app's database copy
        # (the runner rebuilds it, and the engine index, again before measuring).
        started = time.monotonic()
        from search.rebuild import rebuild_database

        self._step("search entries (database)", started, rebuild_database(batch_size=500))
        # And the library's listing table, which the items' saves would have kept.
        started = time.monotonic()
        from knowledge.listing import listing_rebuild

        self._step("library listing entries", started, listing_rebuild())

    def _sentence(self, n: int) -> str:
        return " ".join(self.rng.choice(self.words) for _ in range(n)).capitalize() + "."

    def _items_chunk(self, start: int, stop: int, documents: list) -> int:
        """Knowledge item pages inserted in bulk under their organisations' sections, with
        the tree columns treebeard's add_child would have computed: path = the section's
        path + the next base-36 step, depth + 1, the section's numchild, url_path."""
        from django.contrib.contenttypes.models import ContentType
        from django.db import transaction
        from django.db.models import F
        from wagtail.models import Page

        from knowledge.models import KnowledgeItemAttachment, KnowledgeItemPage

        rng, write = self.rng, self.writer.write
        content_type = ContentType.objects.get_for_model(KnowledgeItemPage)
        through = {
            name: getattr(KnowledgeItemPage, name).through
            for name in ("topics", "target_groups", "stages")
        }
        with transaction.atomic():
            sections = {
                pk: Page.objects.select_for_update().get(pk=w.section.pk)
                for pk, w in self.workspaces.items()
            }
            next_step = {}
            for pk, section in sections.items():
                last = section.get_last_child()
                next_step[pk] = Page._str2int(last.path[-Page.steplen :]) + 1 if last else 1
            first_id = self.writer.reserve(Page, stop - start)
            pages, items, links, attachments = [], [], defaultdict(list), []
            added: dict[int, int] = defaultdict(int)
            for offset, number in enumerate(range(start, stop)):
                organisation = rng.choice(self.orgs)
                section = sections[organisation.pk]
                title = f"{rng.choice(self.titles)} ({number + 1})"
                slug = f"polozka-{self.seed}-{number + 1}"
                page_id = first_id + offset
                step = next_step[organisation.pk]
                next_step[organisation.pk] += 1
                added[section.pk] += 1
                pages.append(
                    {
                        "id": page_id,
                        "path": Page._get_path(section.path, section.depth + 1, step),
                        "depth": section.depth + 1,
                        "numchild": 0,
                        "translation_key": self._uuid(),
                        "locale_id": section.locale_id,
                        "title": title,
                        "draft_title": title,
                        "slug": slug,
                        "content_type_id": content_type.pk,
                        "live": True,
                        "has_unpublished_changes": False,
                        "url_path": f"{section.url_path}{slug}/",
                        "first_published_at": self.now,
                        "last_published_at": self.now,
                    }
                )
                items.append(
                    {
                        "page_ptr_id": page_id,
                        "kind": rng.choice(self.kinds),
                        "summary": self._sentence(25),
                        "body": "".join(f"<p>{self._sentence(60)}</p>" for _ in range(3)),
                        "organisation_id": organisation.pk,
                        "visibility": "public" if rng.random() < 0.7 else "members",
                        "municipality": organisation.municipality,
                        "region": organisation.region,
                        "year": rng.randint(2015, 2026),
                        "anonymised_confirmed": True,
                    }
                )
                for name, choices, count in (
                    ("topics", self.topics, 2),
                    ("target_groups", self.groups, 2),
                    ("stages", self.stages, 1),
                ):
                    model = through[name]
                    target = next(
                        f
                        for f in model._meta.concrete_fields
                        if f.attname not in ("id", "knowledgeitempage_id")
                    )
                    for obj in rng.sample(choices, min(count, len(choices))):
                        links[name].append(
                            {"knowledgeitempage_id": page_id, target.attname: obj.pk}
                        )
                attachments.append(
                    {
                        "page_id": page_id,
                        "document_id": rng.choice(documents).pk,
                        "label": "Plné znění (PDF)",
                        "sort_order": 0,
                    }
                )
            write(Page, pages)
            write(KnowledgeItemPage, items)
            for name, rows in links.items():
                write(through[name], rows)
            write(KnowledgeItemAttachment, attachments)
            for section_pk, count in added.items():
                Page.objects.filter(pk=section_pk).update(numchild=F("numchild") + count)
        return stop - start


def generate(
    scale: str | Scale,
    seed: int = 1,
    out=print,
    writer: str = "copy",
    skip_fk_checks: bool = False,
) -> dict[str, int]:
    """Create the dataset; the caller has set Django up. Returns the counts.

    `writer` "copy" inserts with PostgreSQL COPY, "orm" with bulk_create; both write the
    same rows with the same primary keys (the tests compare them)."""
    scale = SCALES[scale] if isinstance(scale, str) else scale
    return Generator(scale, seed, out=out, writer=writer, skip_fk_checks=skip_fk_checks).run()


def add_arguments(parser) -> None:
    """The options of `python -m bench.generate` and of `manage.py bench_generate`."""
    parser.add_argument("--scale", default="S", choices=sorted(SCALES))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--items", type=int, help="knowledge items instead of the scale's")
    parser.add_argument(
        "--writer", default="copy", choices=sorted(WRITERS), help="COPY (default) or bulk_create"
    )
    parser.add_argument(
        "--library-only",
        action="store_true",
        help="top up an already generated seed's library to the scale's item count",
    )
    parser.add_argument(
        "--skip-fk-checks",
        action="store_true",
        help="casework rows without foreign-key triggers (needs a superuser; faster at L)",
    )


def run(options, out=print) -> int:
    """Generate what `options` (add_arguments) ask for; Django is set up. The search
    signals keep only the database copy, in this process: the runner rebuilds the engine's
    index and measures that."""
    from django.test import override_settings

    from core.logs import loggers_muted
    from partners.models import Organisation

    seed = options.seed
    generated = Organisation.objects.filter(slug__startswith=f"{BENCH_SLUG}{seed}-").exists()
    if generated and not options.library_only:
        out(f"Seed {seed} is already generated in this database; use a fresh one.")
        return 1
    if options.library_only and not generated:
        out(f"Seed {seed} is not generated in this database yet; run without --library-only.")
        return 1
    started = time.monotonic()
    out(f"Generating scale {options.scale} with seed {seed}:")
    scale = SCALES[options.scale]
    if options.items is not None:
        scale = dataclasses.replace(scale, items=options.items)
    with (
        override_settings(ELASTICSEARCH_URL=None, SEARCH_INDEX_SYNC=True),
        loggers_muted(
            ["wagtail", "django_tasks", "celery.app.trace", "fontTools", "fpdf", "search"],
            verbosity=1,
        ),
    ):
        if options.library_only:
            counts = Generator(scale, seed, out=out, writer=options.writer).run_library()
        else:
            counts = generate(
                scale, seed, out=out, writer=options.writer, skip_fk_checks=options.skip_fk_checks
            )
    out(f"Counts: {counts}")
    out(f"Done in {time.monotonic() - started:.1f} s.")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_arguments(parser)
    args = parser.parse_args()
    _setup_django()
    return run(args, out=lambda line: print(line, flush=True))


if __name__ == "__main__":
    sys.exit(main())
