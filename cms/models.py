from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page

from core.pages import public_pages
from core.paging import UncountedPaginator
from core.validators import (
    check_period,
    not_negative,
    not_negative_constraint,
    period_constraint,
)
from partners.models import Organisation, Programme, TargetGroup
from partners.selectors import pathway_stages

# A hook function takes (request, project page) and returns HTML for the public project
# page (apps above cms add their sections: outcomes adds the indicators). The page is
# cached for anonymous visitors, so a section shows them only public aggregates.
PROJECT_SECTIONS_HOOK = "project_page_sections"


class HomePage(Page):
    intro = models.TextField(_("introduction"), blank=True)
    body = RichTextField(_("text"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        from knowledge.selectors import items_visible_to
        from partners.selectors import visibility_class

        context = super().get_context(request, *args, **kwargs)
        context["reader_class"] = visibility_class(request.user)
        context["latest_news"] = public_pages(NewsPage.objects.live()).order_by("-date", "-pk")[:3]
        context["latest_items"] = (
            items_visible_to(request.user)
            .select_related("organisation")
            .order_by("-first_published_at")[:6]
        )
        context["projects"] = public_pages(ProjectPage.objects.live()).order_by("-period_start")[:4]
        return context


class StandardPage(Page):
    intro = models.TextField(_("introduction"), blank=True)
    body = RichTextField(_("text"), blank=True)
    show_pathway_diagram = models.BooleanField(
        _("show the diagram of the housing pathway"),
        default=False,
        help_text=_(
            "The stages from crisis housing to a standard tenancy, as text a reader can follow."
        ),
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("body"),
        FieldPanel("show_pathway_diagram"),
    ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        if self.show_pathway_diagram:
            context["pathway_stages"] = list(pathway_stages())
        return context

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
        news = public_pages(NewsPage.objects.live()).child_of(self).order_by("-date", "-pk")
        # No total (core.paging): the page walks the date index and stops.
        context["page_obj"] = UncountedPaginator(news, 10).get_page(request.GET.get("page"))
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
        # The news index and the home page read the newest first, a page at a time.
        indexes = [models.Index(fields=["-date", "-page_ptr"], name="cms_news_newest")]


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
            public_pages(ProjectPage.objects.live()).child_of(self).order_by("-period_start")
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
        _("budget (CZK)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[not_negative],
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
    programmes = ParentalManyToManyField(
        Programme,
        verbose_name=_("programmes of the project"),
        blank=True,
        related_name="projects",
        help_text=_(
            "The casework the indicators are computed from. Empty: every programme of the "
            "lead and partner organisations."
        ),
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
        MultiFieldPanel(
            [FieldPanel("programmes"), InlinePanel("indicators", label=_("Indicators"))],
            heading=_("Indicators"),
        ),
    ]
    parent_page_types = ["cms.ProjectIndexPage"]
    subpage_types: list[str] = ["outcomes.ProjectStatisticsPage"]

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        constraints = [
            period_constraint("period_start", "period_end", name="cms_project_period_ordered"),
            not_negative_constraint("budget_czk", name="cms_project_budget_not_negative"),
        ]

    def clean(self):
        super().clean()
        check_period(self.period_start, self.period_end, field="period_end")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["partners"] = self.partner_organisations.all()
        context["project_target_groups"] = self.target_groups.all()
        # the project's public statistics (outcomes.ProjectStatisticsPage), when published
        context["statistics_pages"] = public_pages(self.get_children().live()).order_by("path")
        context["sections"] = [
            section(request, self) for section in hooks.get_hooks(PROJECT_SECTIONS_HOOK)
        ]
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


class IndicatorSource(models.TextChoices):
    """Where an indicator's achieved value comes from; outcomes.indicators defines and
    computes each computed one from the casework of the project's programmes."""

    MANUAL = "manual", _("Entered by the project per period")
    PERSONS_SUPPORTED = "persons_supported", _("Computed: persons supported")
    PERSONS_OVER_15 = "persons_over_15", _("Computed: persons supported aged 15 or over")
    HOUSEHOLDS_HOUSED = "households_housed", _("Computed: households housed")
    FLATS_OBTAINED = "flats_obtained", _("Computed: flats obtained")
    PREVENTION_CLIENTS = "prevention_clients", _("Computed: clients in housing-loss prevention")


class ProjectIndicator(Orderable):
    """A monitoring indicator of the project (e.g. ESF's 6 00 00 "persons supported") with
    its target; its achieved values are computed or entered per period (outcomes)."""

    page = ParentalKey(ProjectPage, on_delete=models.CASCADE, related_name="indicators")
    code = models.CharField(_("code"), max_length=20, help_text=_("e.g. 6 00 00"))
    name = models.CharField(_("name"), max_length=250)
    unit = models.CharField(_("unit"), max_length=40, default="osoby")
    target = models.DecimalField(
        _("target"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[not_negative],
    )
    source = models.CharField(
        _("achieved value"),
        max_length=30,
        choices=IndicatorSource.choices,
        default=IndicatorSource.MANUAL,
    )
    counts_people = models.BooleanField(
        _("counts people or households"),
        default=True,
        help_text=_("Then the public page hides values below 5 (small-cell rule)."),
    )

    panels = [
        FieldRowPanel([FieldPanel("code"), FieldPanel("name")]),
        FieldRowPanel([FieldPanel("unit"), FieldPanel("target")]),
        FieldRowPanel([FieldPanel("source"), FieldPanel("counts_people")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [not_negative_constraint("target", name="cms_indicator_target_not_negative")]

    def __str__(self):
        return f"{self.code} {self.name}"

    @property
    def is_computed(self) -> bool:
        return self.source != IndicatorSource.MANUAL
