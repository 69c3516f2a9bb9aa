#!/usr/bin/env python
"""A realistic benchmark dataset at a given scale, deterministic from a seed.

    DATABASE_URL=postgres://portal@127.0.0.1:55432/portal_bench \\
    .venv/bin/python -m bench.generate --scale S --seed 1

On top of the demo content (loaded first when the library is empty) it adds organisations
with members in every role, programmes with intake checklists, clients, referrals in every
pre-placement state with their history, consents and guardian permissions, and knowledge
items with attached documents in each organisation's library section.

Rows are written with bulk_create in batches, but they are the rows the services would
write: history rows with the services' change reasons, guardian rows computed by the same
rules as referrals.permissions (the referral rule is called directly; tests check that a
sync after generation changes nothing), reference codes taken from the same sequences.
Knowledge items go through Wagtail's add_child (page tree, URL paths) without revisions.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime
import os
import random
import sys
import time
import uuid
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

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
BENCH_SLUG = "bench-"  # every generated organisation's slug starts with this

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


def _history_row(obj, *, history_type: str, reason: str, user_id, when, **overrides):
    """The django-simple-history row the services' save_with_history would have written."""
    history_model = type(obj).history.model
    values = {}
    for field in history_model._meta.concrete_fields:
        if field.name.startswith("history_"):
            continue
        values[field.attname] = getattr(obj, field.attname)
    values.update(overrides)
    return history_model(
        **values,
        history_date=when,
        history_type=history_type,
        history_change_reason=reason,
        history_user_id=user_id,
    )


def _bulk(model, rows: list, batch_size: int = BATCH) -> list:
    created = []
    for start in range(0, len(rows), batch_size):
        created.extend(model.objects.bulk_create(rows[start : start + batch_size]))
    return created


def _reserve_references(prefix: str, count: int, year: int) -> list[str]:
    """A block of reference codes from the services' sequence (see services.next_reference)."""
    from referrals.models import ReferenceSequence

    sequence, _ = ReferenceSequence.objects.select_for_update().get_or_create(
        prefix=prefix, year=year
    )
    first = sequence.last_value + 1
    sequence.last_value += count
    sequence.save(update_fields=["last_value"])
    return [f"{prefix}-{year}-{n:04d}" for n in range(first, first + count)]


class Generator:
    def __init__(self, scale: Scale, seed: int, out=print):
        self.scale = scale
        self.seed = seed
        self.rng = random.Random(seed)
        self.out = out
        self.now = datetime.datetime(2026, 11, 1, 9, 0, tzinfo=datetime.UTC)
        self.counts: dict[str, int] = {}

    def _uuid(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def _step(self, label: str, started: float, count: int) -> None:
        self.counts[label] = count
        self.out(f"  {label:<28} {count:>9}  {time.monotonic() - started:6.1f} s")

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
            self.clients()
            self.referrals()
        self.library()
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

    def clients(self) -> None:
        from referrals.models import Client, ClientGroupObjectPermission, HouseholdMember

        started = time.monotonic()
        references = _reserve_references("K", self.scale.clients, self.now.year)
        clients = []
        for reference in references:
            organisation = self.rng.choice(self.orgs)
            clients.append(
                Client(
                    reference=reference,
                    responsible_organisation=organisation,
                    key_worker=self.rng.choice(self.workers[organisation.pk]),
                    first_name=self.rng.choice(FIRST_NAMES),
                    last_name=self.rng.choice(LAST_NAMES),
                    birth_date=datetime.date(self.rng.randint(1950, 2004), 1, 1)
                    + datetime.timedelta(days=self.rng.randint(0, 364)),
                    phone=f"7{self.rng.randint(10_000_000, 99_999_999)}",
                    housing_situation="shelter",
                    needs="Samostatné bydlení, podpora při hospodaření s penězi.",
                    debt_to_city=self.rng.choice([0, 0, 0, 5_000, 12_000, 40_000]),
                    notes="Spolupracuje, chodí na schůzky včas.",
                    created_at=self.now
                    - datetime.timedelta(minutes=self.rng.randint(0, 1_051_200)),
                    updated_at=self.now,
                )
            )
        with _explicit_timestamps(Client):
            _bulk(Client, clients)
        _bulk(
            Client.history.model,
            [
                _history_row(
                    c,
                    history_type="+",
                    reason="client.created",
                    user_id=c.key_worker_id,
                    when=c.created_at,
                )
                for c in clients
            ],
        )
        _bulk(
            HouseholdMember,
            [HouseholdMember(client=c, relation="head", first_name=c.first_name) for c in clients],
        )
        self.clients_list = clients
        self.client_groups: dict[int, set] = {c.pk: set() for c in clients}
        self._step("clients", started, len(clients))
        self._client_perm_model = ClientGroupObjectPermission

    def referrals(self) -> None:
        from unittest import mock

        from django.contrib.auth.models import Permission

        from referrals import permissions
        from referrals.models import (
            ClientUserObjectPermission,
            Consent,
            CriterionAnswer,
            Referral,
            ReferralGroupObjectPermission,
            ReferralUserObjectPermission,
        )

        started = time.monotonic()
        references = _reserve_references("P", self.scale.referrals, self.now.year)
        statuses = list(STATUS_WEIGHTS)
        weights = list(STATUS_WEIGHTS.values())
        referrals, history, answers = [], [], []
        consents: dict[tuple[int, int, str], Consent] = {}
        for reference in references:
            client = self.rng.choice(self.clients_list)
            sender_id = client.responsible_organisation_id
            receiver = self.rng.choice(
                [o for o in self.rng.sample(self.orgs, 3) if o.pk != sender_id]
            )
            programme = self.rng.choice(self.programmes_by_org[receiver.pk])
            status = self.rng.choices(statuses, weights)[0]
            sender_user = self.rng.choice(self.workers[sender_id])
            reviewer = self.rng.choice(self.reviewers[receiver.pk])
            created = client.created_at + datetime.timedelta(minutes=self.rng.randint(60, 20_000))
            referral = Referral(
                public_id=self._uuid(),
                reference=reference,
                client=client,
                sender_organisation_id=sender_id,
                created_by=sender_user,
                programme=programme,
                receiver_organisation_id=receiver.pk,
                reason="Rodina v azylovém domě, připravená na samostatné bydlení.",
                urgency=self.rng.choice(["normal", "normal", "soon", "urgent"]),
                status="draft",
                created_at=created,
                updated_at=created,
            )
            referral._history = []  # (values, reason, user, when) in order
            referral._history.append(({}, "referral.created", sender_user.pk, created, "+"))
            when = created
            for action, actor in PATHS[status]:
                when = when + datetime.timedelta(hours=self.rng.randint(2, 240))
                user = sender_user if actor == "s" else reviewer
                if action == "submit":
                    referral.submitted_at = when
                    referral.answer_due_at = when + datetime.timedelta(days=14)
                    referral.status = "submitted"
                    consents.setdefault(
                        (client.pk, receiver.pk, "assessment"),
                        Consent(
                            public_id=self._uuid(),
                            client=client,
                            organisation=receiver,
                            purpose="assessment",
                            share_identity=True,
                            share_household=True,
                            share_finances=True,
                            valid_from=(created - datetime.timedelta(days=1)).date(),
                            recorded_by=sender_user,
                            created_at=created,
                        ),
                    )
                elif action == "start_review":
                    referral.status = "under_review"
                elif action == "request_info":
                    referral.status = "info_requested"
                    referral.status_note = NOTES[action]
                elif action in ("accept", "decline"):
                    referral.status = "accepted" if action == "accept" else "declined"
                    referral.decided_at = when
                    referral.status_note = NOTES.get(action, "")
                elif action == "withdraw":
                    referral.status = "withdrawn"
                    referral.ended_at = when
                    referral.status_note = NOTES[action]
                snapshot = {
                    f: getattr(referral, f)
                    for f in (
                        "status",
                        "submitted_at",
                        "answer_due_at",
                        "decided_at",
                        "ended_at",
                        "status_note",
                    )
                }
                referral._history.append((snapshot, f"referral.{action}", user.pk, when, "~"))
            referral.updated_at = when
            referrals.append(referral)

        with _explicit_timestamps(Referral, Consent):
            _bulk(Referral, referrals)
            consent_rows = _bulk(Consent, list(consents.values()))
        for referral in referrals:
            for values, reason, user_id, when, kind in referral._history:
                base = {
                    "status": "draft",
                    "submitted_at": None,
                    "answer_due_at": None,
                    "decided_at": None,
                    "ended_at": None,
                    "status_note": "",
                }
                base.update(values)
                history.append(
                    _history_row(
                        referral,
                        history_type=kind,
                        reason=reason,
                        user_id=user_id,
                        when=when,
                        **base,
                    )
                )
            for criterion in self.criteria[referral.programme_id]:
                answers.append(
                    CriterionAnswer(
                        referral=referral,
                        criterion=criterion,
                        criterion_text=criterion.text,
                        required=criterion.required,
                        answer="yes",
                    )
                )
        _bulk(Referral.history.model, history)
        _bulk(CriterionAnswer, answers)
        _bulk(
            Consent.history.model,
            [
                _history_row(
                    c,
                    history_type="+",
                    reason="consent.granted",
                    user_id=c.recorded_by_id,
                    when=c.created_at,
                )
                for c in consent_rows
            ],
        )
        self._step("referrals", started, len(referrals))
        self.counts["referral history rows"] = len(history)
        self.counts["consents"] = len(consent_rows)

        # Guardian rows: the referral rule of referrals.permissions itself, with the casework
        # group lookup cached; the client rule restated for a whole batch (the tests check
        # both against a real sync).
        started = time.monotonic()
        group_cache: dict[tuple[int, str], object] = {}
        real_casework_group = permissions.casework_group

        def cached_group(organisation_id, role):
            key = (organisation_id, str(role))
            if key not in group_cache:
                group_cache[key] = real_casework_group(organisation_id, role)
            return group_cache[key]

        def perm_ids(model_name: str) -> dict[str, int]:
            return dict(
                Permission.objects.filter(
                    content_type__app_label="referrals", content_type__model=model_name
                ).values_list("codename", "pk")
            )

        referral_perms, client_perms = perm_ids("referral"), perm_ids("client")
        group_rows, user_rows = [], []
        consenting = {(c.client_id, c.organisation_id) for c in consent_rows}
        sharing: dict[int, set] = defaultdict(set)
        with mock.patch.object(permissions, "casework_group", cached_group):
            for referral in referrals:
                for group_id, codename in permissions.referral_desired_group_perms(referral):
                    group_rows.append(
                        ReferralGroupObjectPermission(
                            group_id=group_id,
                            permission_id=referral_perms[codename],
                            content_object=referral,
                        )
                    )
                user_rows.append(
                    ReferralUserObjectPermission(
                        user_id=referral.client.key_worker_id,
                        permission_id=referral_perms["view_referral"],
                        content_object=referral,
                    )
                )
                if referral.status not in permissions.NO_LONGER_CONCERNED:
                    for role in permissions.CASEWORK_ROLES:
                        sharing[referral.client_id].add((referral.receiver_organisation_id, role))
                    sharing[referral.client_id].add(
                        (referral.sender_organisation_id, permissions.Role.SOCIAL_WORKER)
                    )
            client_group_rows, client_user_rows = [], []
            for client in self.clients_list:
                responsible = client.responsible_organisation_id
                own = cached_group(responsible, permissions.Role.SOCIAL_WORKER).pk
                desired = {(own, "view_client"), (own, "change_client")}
                for org_id, role in sharing[client.pk]:
                    if org_id != responsible and (client.pk, org_id) in consenting:
                        desired.add((cached_group(org_id, role).pk, "view_client"))
                for group_id, codename in desired:
                    client_group_rows.append(
                        self._client_perm_model(
                            group_id=group_id,
                            permission_id=client_perms[codename],
                            content_object=client,
                        )
                    )
                for codename in ("view_client", "change_client"):
                    client_user_rows.append(
                        ClientUserObjectPermission(
                            user_id=client.key_worker_id,
                            permission_id=client_perms[codename],
                            content_object=client,
                        )
                    )
        _bulk(ReferralGroupObjectPermission, group_rows)
        _bulk(ReferralUserObjectPermission, user_rows)
        _bulk(self._client_perm_model, client_group_rows)
        _bulk(ClientUserObjectPermission, client_user_rows)
        self._step(
            "guardian rows",
            started,
            len(group_rows) + len(user_rows) + len(client_group_rows) + len(client_user_rows),
        )

    def library(self) -> None:
        from django.core.files.base import ContentFile
        from django.db import transaction
        from wagtail.models import Page

        from cms.demo.documents import pdf_bytes
        from cms.demo.items import ITEMS
        from knowledge.models import (
            KnowledgeItemAttachment,
            KnowledgeItemPage,
            KnowledgeKind,
            LibraryDocument,
            Topic,
        )
        from partners.models import PathwayStage, TargetGroup

        started = time.monotonic()
        words = sorted({w.strip(".,;:()–„“") for spec in ITEMS for w in spec.body.split()} - {""})
        titles = sorted({spec.title for spec in ITEMS})
        topics = list(Topic.objects.order_by("slug"))
        groups = list(TargetGroup.objects.order_by("slug"))
        stages = list(PathwayStage.objects.order_by("level"))
        kinds = list(KnowledgeKind.values)

        def sentence(n: int) -> str:
            return " ".join(self.rng.choice(words) for _ in range(n)).capitalize() + "."

        # A pool of real PDF files, shared by the items (one per fifty items), so
        # that reindexing extracts text from real documents without generating 5 000 files.
        documents = []
        pool = max(2, self.scale.items // 50)
        for number in range(pool):
            organisation = self.orgs[number % len(self.orgs)]
            title = f"{self.rng.choice(titles)} – příloha {number + 1}"
            body = "\n\n".join(sentence(40) for _ in range(3))
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
        sections = {pk: Page.objects.get(pk=w.section.pk) for pk, w in self.workspaces.items()}
        for start in range(0, self.scale.items, 500):
            with transaction.atomic():
                for number in range(start, min(start + 500, self.scale.items)):
                    organisation = self.rng.choice(self.orgs)
                    section = sections[organisation.pk]
                    title = f"{self.rng.choice(titles)} ({number + 1})"
                    item = KnowledgeItemPage(
                        title=title,
                        slug=f"polozka-{self.seed}-{number + 1}",
                        kind=self.rng.choice(kinds),
                        summary=sentence(25),
                        body="".join(f"<p>{sentence(60)}</p>" for _ in range(3)),
                        organisation=organisation,
                        visibility="public" if self.rng.random() < 0.7 else "members",
                        municipality=organisation.municipality,
                        region=organisation.region,
                        year=self.rng.randint(2015, 2026),
                        anonymised_confirmed=True,
                        live=True,
                        first_published_at=self.now,
                        last_published_at=self.now,
                    )
                    item.topics = self.rng.sample(topics, min(2, len(topics)))
                    item.target_groups = self.rng.sample(groups, min(2, len(groups)))
                    item.stages = self.rng.sample(stages, min(1, len(stages)))
                    item.attachments = [
                        KnowledgeItemAttachment(
                            document=self.rng.choice(documents),
                            label="Plné znění (PDF)",
                            sort_order=0,
                        )
                    ]
                    section.add_child(instance=item)
                    created += 1
            self.out(f"    knowledge items: {created}/{self.scale.items}")
        self._step("knowledge items", started, created)


def generate(scale: str | Scale, seed: int = 1, out=print) -> dict[str, int]:
    """Create the dataset; the caller has set Django up. Returns the counts."""
    scale = SCALES[scale] if isinstance(scale, str) else scale
    return Generator(scale, seed, out=out).run()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", default="S", choices=sorted(SCALES))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--items", type=int, help="knowledge items instead of the scale's (page inserts are slow)"
    )
    args = parser.parse_args()
    # The runner rebuilds the search index and measures that; here the signals only keep
    # the database copy, in this process.
    os.environ.pop("ELASTICSEARCH_URL", None)
    os.environ["SEARCH_INDEX_SYNC"] = "1"
    _setup_django()

    from partners.models import Organisation

    if Organisation.objects.filter(slug__startswith=f"{BENCH_SLUG}{args.seed}-").exists():
        print(f"Seed {args.seed} is already generated in this database; use a fresh one.")
        return 1
    started = time.monotonic()
    print(f"Generating scale {args.scale} with seed {args.seed}:")
    from portal.logs import loggers_muted

    with loggers_muted(
        ["wagtail", "django_tasks", "celery.app.trace", "fontTools", "fpdf", "search"], verbosity=1
    ):
        scale = SCALES[args.scale]
        if args.items is not None:
            scale = dataclasses.replace(scale, items=args.items)
        generate(scale, args.seed)
    print(f"Done in {time.monotonic() - started:.1f} s.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
