"""Runs the demo steps in order, in one transaction."""

from dataclasses import dataclass

from django.db import transaction

from knowledge.services import Workspace, organisation_workspace_ensure, secretariat_ensure

from .agencies import agencies_ensure, registry_sample_import
from .library import items_ensure, topics_ensure
from .news import news_ensure
from .organisations import organisations_ensure
from .pages import site_tree_ensure
from .programmes import programmes_ensure
from .projects import projects_ensure
from .report import LoadReport
from .users import Login, users_ensure


@dataclass
class LoadResult:
    report: LoadReport
    logins: list[Login]


@transaction.atomic
def demo_load() -> LoadResult:
    report = LoadReport()
    tree = site_tree_ensure(report)
    secretariat = secretariat_ensure()
    organisations = organisations_ensure(report)
    organisations.update(agencies_ensure(report))
    programmes_ensure(organisations, report)
    registry_sample_import()
    # The library exists by now, so every organisation gets its editors' group, document
    # collection and library section (organisations created before it had none).
    workspaces: dict[str, Workspace] = {
        slug: organisation_workspace_ensure(organisation)
        for slug, organisation in organisations.items()
    }
    projects_ensure(tree.projects, organisations, report)
    news_ensure(tree.news, report)
    topics = topics_ensure(report)
    items_ensure(tree.library, organisations, workspaces, topics, report)
    logins = users_ensure(organisations, secretariat, report)
    return LoadResult(report=report, logins=logins)
