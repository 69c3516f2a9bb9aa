from django.core.paginator import Paginator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page

from partners.models import Organisation, TargetGroup


class HomePage(Page):
    intro = models.TextField(_("introduction"), blank=True)
    body = RichTextField(_("text"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        from knowledge.selectors import items_visible_to

        context = super().get_context(request, *args, **kwargs)
        context["latest_news"] = NewsPage.objects.live().public().order_by("-date", "-pk")[:3]
        context["latest_items"] = (
            items_visible_to(request.user)
            .select_related("organisation")
            .order_by("-first_published_at")[:6]
        )
        context["projects"] = ProjectPage.objects.live().public().order_by("-period_start")[:4]
        return context


class StandardPage(Page):
    intro = models.TextField(_("introduction"), blank=True)
    body = RichTextField(_("text"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]

    class Meta:
        verbose_name = _("standard page")


class NewsIndexPage(Page):
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["cms.NewsPage"]
    max_count = 1

    class Meta:
        verbose_name = _("news index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        news = NewsPage.objects.live().public().child_of(self).order_by("-date", "-pk")
        context["page_obj"] = Paginator(news, 10).get_page(request.GET.get("page"))
        return context


class NewsPage(Page):
    date = models.DateField(_("date"))
    summary = models.TextField(_("summary"), max_length=500)
    body = RichTextField(_("text"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("date"),
        FieldPanel("summary"),
        FieldPanel("body"),
    ]
    parent_page_types = ["cms.NewsIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news")


class ProjectIndexPage(Page):
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["cms.ProjectPage"]
    max_count = 1

    class Meta:
        verbose_name = _("project index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["projects"] = (
            ProjectPage.objects.live().public().child_of(self).order_by("-period_start")
        )
        return context


class ProjectPage(Page):
    """A funded project: what the seeds show for Přerov, Kadaň, Ostrava, Prague, Plzeň."""

    summary = models.TextField(_("summary"), max_length=1000)
    body = RichTextField(_("description"), blank=True)
    registration_number = models.CharField(_("registration number"), max_length=100, blank=True)
    period_start = models.DateField(_("start"))
    period_end = models.DateField(_("end"), null=True, blank=True)
    budget_czk = models.DecimalField(
        _("budget (CZK)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    funding = models.CharField(_("funding"), max_length=300, blank=True)
    lead_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("lead organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_projects",
    )
    partner_organisations = ParentalManyToManyField(
        Organisation, verbose_name=_("partner organisations"), blank=True, related_name="projects"
    )
    target_groups = ParentalManyToManyField(
        TargetGroup, verbose_name=_("target groups"), blank=True
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("period_start"), FieldPanel("period_end")]),
                FieldRowPanel([FieldPanel("budget_czk"), FieldPanel("funding")]),
                FieldPanel("registration_number"),
            ],
            heading=_("Period and funding"),
        ),
        FieldPanel("body"),
        InlinePanel("key_activities", label=_("Key activities")),
        InlinePanel("outputs", label=_("Outputs")),
        MultiFieldPanel(
            [
                FieldPanel("lead_organisation"),
                FieldPanel("partner_organisations"),
                FieldPanel("target_groups"),
            ],
            heading=_("Who"),
        ),
        InlinePanel("contacts", label=_("Contacts")),
    ]
    parent_page_types = ["cms.ProjectIndexPage"]
    subpage_types: list[str] = ["outcomes.ProjectStatisticsPage"]

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["partners"] = self.partner_organisations.all()
        context["project_target_groups"] = self.target_groups.all()
        # the project's public statistics (outcomes.ProjectStatisticsPage), when published
        context["statistics_pages"] = self.get_children().live().public().order_by("path")
        return context


class ProjectKeyActivity(Orderable):
    page = ParentalKey(ProjectPage, on_delete=models.CASCADE, related_name="key_activities")
    code = models.CharField(_("code"), max_length=20, help_text=_("e.g. KA 01"))
    title = models.CharField(_("title"), max_length=250)
    description = models.TextField(_("description"), blank=True)

    panels = [FieldPanel("code"), FieldPanel("title"), FieldPanel("description")]


class ProjectOutput(Orderable):
    page = ParentalKey(ProjectPage, on_delete=models.CASCADE, related_name="outputs")
    title = models.CharField(_("output"), max_length=250)
    description = models.TextField(_("description"), blank=True)

    panels = [FieldPanel("title"), FieldPanel("description")]


class ProjectContact(Orderable):
    page = ParentalKey(ProjectPage, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(pgettext_lazy("person", "name"), max_length=150)
    role = models.CharField(_("role"), max_length=150, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)

    panels = [FieldPanel("name"), FieldPanel("role"), FieldPanel("email"), FieldPanel("phone")]
