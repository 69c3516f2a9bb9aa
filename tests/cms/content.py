"""A populated portal for page-level tests: organisations with programmes, library items
with their classification, news and projects. Built in rounds so a test can grow it."""

import datetime
import itertools

from cms.models import (
    NewsIndexPage,
    NewsPage,
    ProjectContact,
    ProjectIndexPage,
    ProjectKeyActivity,
    ProjectOutput,
    ProjectPage,
)
from knowledge.models import KnowledgeItemPage, Topic
from partners.models import IntakeCriterion, Organisation, PathwayStage, TargetGroup
from tests.knowledge.factories import make_document, make_item
from tests.partners.factories import OrganisationFactory, ProgrammeFactory

KINDS = ["methodology", "good_practice", "analysis", "evaluation", "statistics"]
REGIONS = ["plzensky", "olomoucky", "ustecky"]


class PortalBuilder:
    def __init__(self, site_tree):
        self.home = site_tree.home
        self.library = site_tree.library
        self.news_index = NewsIndexPage(title="Aktuality", slug="aktuality")
        self.home.add_child(instance=self.news_index)
        self.project_index = ProjectIndexPage(title="Projekty", slug="projekty")
        self.home.add_child(instance=self.project_index)
        self.topics = [Topic.objects.create(slug=f"tema-{n}", name=f"Téma {n}") for n in range(4)]
        self.stages = list(PathwayStage.objects.all())
        self.groups = list(TargetGroup.objects.all())
        self.counter = itertools.count()
        self.organisations: list[Organisation] = []
        self.items: list[KnowledgeItemPage] = []

    def add_organisations(self, count: int) -> None:
        for _ in range(count):
            n = next(self.counter)
            organisation = OrganisationFactory(
                name=f"Organizace číslo {n}",
                slug=f"organizace-{n}",
                kind="ngo" if n % 2 else "municipality",
                region=REGIONS[n % len(REGIONS)],
            )
            for stage in self.stages[n % 3 : n % 3 + 2]:
                programme = ProgrammeFactory(organisation=organisation, stage=stage)
                programme.target_groups.set(self.groups[n % 4 : n % 4 + 3])
                IntakeCriterion.objects.create(programme=programme, text="Spolupráce se SP")
                IntakeCriterion.objects.create(programme=programme, text="Splátkový kalendář")
            self.organisations.append(organisation)

    def add_items(self, count: int, *, organisation: Organisation | None = None) -> None:
        for _ in range(count):
            n = next(self.counter)
            owner = organisation or self.organisations[n % len(self.organisations)]
            document = make_document(title=f"Priloha-{n}.pdf")
            item = make_item(
                owner.library_section,
                title=f"Znalost číslo {n}",
                slug=f"znalost-{n}",
                kind=KINDS[n % len(KINDS)],
                visibility="members" if n % 5 == 0 else "public",
                region=REGIONS[n % len(REGIONS)],
                year=2015 + n % 8,
                document=document,
                live=False,
            )
            item.topics.set(self.topics[n % 4 : n % 4 + 2])
            item.stages.set(self.stages[n % 3 : n % 3 + 2])
            item.target_groups.set(self.groups[n % 4 : n % 4 + 2])
            item.related_items.set(self.items[-3:])
            item.save_revision().publish()
            self.items.append(item)

    def add_news(self, count: int) -> None:
        for _ in range(count):
            n = next(self.counter)
            self.news_index.add_child(
                instance=NewsPage(
                    title=f"Aktualita {n}",
                    slug=f"aktualita-{n}",
                    date=datetime.date(2024, 1, 1) + datetime.timedelta(days=n),
                    summary="Setkání partnerů odborného partnerství.",
                )
            )

    def add_projects(self, count: int) -> None:
        for _ in range(count):
            n = next(self.counter)
            project = ProjectPage(
                title=f"Projekt {n}",
                slug=f"projekt-{n}",
                summary="Sociální bydlení v regionu.",
                period_start=datetime.date(2017, 1, 1) + datetime.timedelta(days=n),
                period_end=datetime.date(2020, 12, 31),
                lead_organisation=self.organisations[0],
            )
            self.project_index.add_child(instance=project)
            for k in range(3):
                ProjectKeyActivity.objects.create(page=project, code=f"KA {k}", title="Aktivita")
                ProjectOutput.objects.create(page=project, title=f"Výstup {k}")
                ProjectContact.objects.create(page=project, name=f"Kontakt {k}")
            project.partner_organisations.set(self.organisations[:5])
            project.target_groups.set(self.groups[:3])
            project.save_revision().publish()

    def grow(self, *, organisations: int, items: int, news: int, projects: int) -> None:
        self.add_organisations(organisations)
        self.add_items(items)
        self.add_news(news)
        self.add_projects(projects)
