"""The CMS's own pages: news, standard pages and projects."""

from __future__ import annotations

from django.db.models import QuerySet

from cms.models import NewsPage, ProjectPage, StandardPage

from .base import Entry, PageSource, date_of, indexed_text


class NewsSource(PageSource):
    content_type = "news"
    model = NewsPage

    def build(self, news: NewsPage) -> Entry | None:
        url = self.page_url(news)
        if not url:
            return None
        return Entry(
            key=self.key(news),
            content_type=self.content_type,
            kind=self.content_type,
            title=news.title,
            url=url,
            summary=news.summary,
            body=indexed_text(news.body),
            date=news.date,
            year=news.date.year if news.date else None,
        )


class StandardPageSource(PageSource):
    content_type = "page"
    model = StandardPage

    def build(self, page: StandardPage) -> Entry | None:
        url = self.page_url(page)
        if not url:
            return None
        return Entry(
            key=self.key(page),
            content_type=self.content_type,
            kind=self.content_type,
            title=page.title,
            url=url,
            summary=page.intro,
            body=indexed_text(page.body),
            date=date_of(page.last_published_at),
        )


class ProjectSource(PageSource):
    content_type = "project"
    model = ProjectPage

    def queryset(self) -> QuerySet:
        return (
            super()
            .queryset()
            .select_related("lead_organisation")
            .prefetch_related("partner_organisations", "target_groups", "key_activities", "outputs")
        )

    def build(self, project: ProjectPage) -> Entry | None:
        url = self.page_url(project)
        if not url:
            return None
        lead = project.lead_organisation
        activities = [f"{a.code} {a.title} {a.description}" for a in project.key_activities.all()]
        outputs = [f"{o.title} {o.description}" for o in project.outputs.all()]
        partners = [o.name for o in project.partner_organisations.all()]
        groups = list(project.target_groups.all())
        meta = [lead.name if lead else "", project.registration_number, project.funding]
        meta += partners + [g.name for g in groups]
        return Entry(
            key=self.key(project),
            content_type=self.content_type,
            kind=self.content_type,
            title=project.title,
            url=url,
            summary=project.summary,
            body="\n".join([indexed_text(project.body), *activities, *outputs]),
            meta=" · ".join(m for m in meta if m),
            date=project.period_start,
            year=project.period_start.year if project.period_start else None,
            organisation=lead.slug if lead else "",
            organisation_name=lead.name if lead else "",
            region=lead.region if lead else "",
            target_groups=[g.slug for g in groups],
        )
