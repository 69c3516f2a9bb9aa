"""Factories of CMS pages. A page is added under `parent` in Wagtail's tree (required);
`publish=True` saves and publishes a first revision, as an editor's Publish does, which a
page whose relations (partners, target groups) must show on the live site needs."""

import datetime

import factory
from django.utils.text import slugify

from cms.models import NewsIndexPage, NewsPage, ProjectIndexPage, ProjectPage, StandardPage


class PageFactory(factory.django.DjangoModelFactory):
    class Meta:
        abstract = True

    parent = None
    publish = False
    title = factory.Sequence(lambda n: f"Stránka {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))

    @classmethod
    def _create(cls, model_class, *, parent, publish, **kwargs):
        assert parent is not None, f"{model_class.__name__} needs a parent page"
        page = model_class(**kwargs)
        parent.add_child(instance=page)
        if publish:
            page.save_revision().publish()
        return page


class StandardPageFactory(PageFactory):
    class Meta:
        model = StandardPage


class NewsIndexPageFactory(PageFactory):
    class Meta:
        model = NewsIndexPage

    title = "Aktuality"


class NewsPageFactory(PageFactory):
    class Meta:
        model = NewsPage

    title = factory.Sequence(lambda n: f"Aktualita {n}")
    date = datetime.date(2024, 1, 1)
    summary = "Setkání partnerů odborného partnerství."


class ProjectIndexPageFactory(PageFactory):
    class Meta:
        model = ProjectIndexPage

    title = "Projekty"


class ProjectPageFactory(PageFactory):
    """A project; `partner_organisations` and `target_groups` may be given as lists."""

    class Meta:
        model = ProjectPage

    title = factory.Sequence(lambda n: f"Projekt {n}")
    summary = "Sociální bydlení v regionu."
    period_start = datetime.date(2017, 1, 1)
    period_end = datetime.date(2020, 12, 31)
