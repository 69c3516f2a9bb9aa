"""A populated portal for page-level tests: organisations with programmes, library items
with their classification, news and projects. Built in rounds so a test can grow it."""

import datetime
import itertools

from cms.models import ProjectContact, ProjectKeyActivity, ProjectOutput
from knowledge.models import KnowledgeItemPage
from partners.models import Organisation, PathwayStage, TargetGroup
from tests.cms.factories import (
    NewsIndexPageFactory,
    NewsPageFactory,
    ProjectIndexPageFactory,
    ProjectPageFactory,
)
from tests.knowledge.factories import TopicFactory, make_document, make_item
from tests.partners.factories import IntakeCriterionFactory, OrganisationFactory, ProgrammeFactory

KINDS = ["methodology", "good_practice", "analysis", "evaluation", "statistics"]
REGIONS = ["plzensky", "olomoucky", "ustecky"]


class PortalBuilder:
    def __init__(self, site_tree):
        self.home = site_tree.home
        self.library = site_tree.library
        self.news_index = NewsIndexPageFactory(parent=self.home, slug="aktuality")
        self.project_index = ProjectIndexPageFactory(parent=self.home, slug="projekty")
        self.topics = [TopicFactory(slug=f"tema-{n}", name=f"Téma {n}") for n in range(4)]
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
                IntakeCriterionFactory(programme=programme, text="Spolupráce se SP")
                IntakeCriterionFactory(programme=programme, text="Splátkový kalendář")
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
            NewsPageFactory(
                parent=self.news_index,
                title=f"Aktualita {n}",
                slug=f"aktualita-{n}",
                date=datetime.date(2024, 1, 1) + datetime.timedelta(days=n),
            )

    def add_projects(self, count: int) -> None:
        for _ in range(count):
            n = next(self.counter)
            ProjectPageFactory(
                parent=self.project_index,
                title=f"Projekt {n}",
                slug=f"projekt-{n}",
                period_start=datetime.date(2017, 1, 1) + datetime.timedelta(days=n),
                lead_organisation=self.organisations[0],
                key_activities=[
                    ProjectKeyActivity(code=f"KA {k}", title="Aktivita") for k in range(3)
                ],
                outputs=[ProjectOutput(title=f"Výstup {k}") for k in range(3)],
                contacts=[ProjectContact(name=f"Kontakt {k}") for k in range(3)],
                partner_organisations=self.organisations[:5],
                target_groups=self.groups[:3],
                publish=True,
            )

    def grow(self, *, organisations: int, items: int, news: int, projects: int) -> None:
        self.add_organisations(organisations)
        self.add_items(items)
        self.add_news(news)
        self.add_projects(projects)
