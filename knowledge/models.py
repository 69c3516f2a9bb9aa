from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.documents.models import AbstractDocument, Document
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page

from core.paging import page_when_read
from core.storage import private_storage
from partners.models import Organisation, PathwayStage, Region, TargetGroup
from partners.selectors import visibility_class

NOT_ANONYMISED_MESSAGE = _("A case study can be published only after you confirm it is anonymised.")


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public")
    MEMBERS = "members", _("Coalition members only")


class KnowledgeKind(models.TextChoices):
    METHODOLOGY = "methodology", _("Methodology")
    CASE_STUDY = "case_study", _("Case study")
    GOOD_PRACTICE = "good_practice", _("Good practice")
    BAD_PRACTICE = "bad_practice", _("Bad practice")
    ANALYSIS = "analysis", _("Analysis")
    CONCEPT = "concept", _("Concept")
    EVALUATION = "evaluation", _("Evaluation report")
    STATISTICS = "statistics", _("Statistics")
    TRAINING = "training", _("Training material")
    TEMPLATE = "template", _("Template or form")


class Topic(models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["name"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self):
        return self.name


class LibraryDocument(AbstractDocument):
    """A file in the library. It is served only through Wagtail's serve view, and only to
    users who may see a live item it is attached to (see knowledge.selectors)."""

    # Stored privately: a proxy serving MEDIA_ROOT must never expose a members-only file.
    file = models.FileField(upload_to="library", storage=private_storage, verbose_name=_("file"))
    extracted_text = models.TextField(blank=True, editable=False)
    text_extracted_at = models.DateTimeField(null=True, blank=True, editable=False)

    admin_form_fields = Document.admin_form_fields

    class Meta(AbstractDocument.Meta):
        verbose_name = _("document")
        verbose_name_plural = _("documents")


class EditingWorkspace(models.Model):
    """Ties an organisation to its Wagtail editors' group and document collection, so that
    renaming the organisation keeps both (see knowledge.workspaces)."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="editing_workspace"
    )
    group = models.OneToOneField("auth.Group", on_delete=models.PROTECT, related_name="+")
    collection = models.OneToOneField(
        "wagtailcore.Collection", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("editing workspace")

    def __str__(self):
        return str(self.organisation)


class LibraryIndexPage(Page):
    """The library: lists and filters every knowledge item visible to the reader."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["knowledge.LibrarySectionPage"]
    max_count = 1

    class Meta:
        verbose_name = _("library")

    def get_context(self, request, *args, **kwargs):
        from .forms import LibraryFilterForm
        from .selectors import library_listing

        context = super().get_context(request, *args, **kwargs)
        form = LibraryFilterForm(request.GET or None)
        items = library_listing(request.user, **form.listing_filters())
        context["form"] = form
        # Read only when the results fragment is rendered, not when it comes from the cache.
        context["page_obj"] = page_when_read(
            lambda: Paginator(items, 20).get_page(request.GET.get("page"))
        )
        context["reader_class"] = visibility_class(request.user)
        return context


class LibrarySectionPage(Page):
    """One organisation's corner of the library; its editors may add items only here."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.PROTECT, related_name="library_section"
    )

    content_panels = Page.content_panels + [FieldPanel("organisation")]
    parent_page_types = ["knowledge.LibraryIndexPage"]
    subpage_types = ["knowledge.KnowledgeItemPage"]

    class Meta:
        verbose_name = _("organisation's library section")

    def get_context(self, request, *args, **kwargs):
        from .selectors import organisation_items

        context = super().get_context(request, *args, **kwargs)
        items = organisation_items(request.user, self.organisation_id)
        context["page_obj"] = page_when_read(
            lambda: Paginator(items, 20).get_page(request.GET.get("page"))
        )
        context["reader_class"] = visibility_class(request.user)
        return context


class KnowledgeItemForm(WagtailAdminPageForm):
    """Refuses to send a case study to moderation or publish it until its editor confirms
    that it is anonymised."""

    # Every button of the edit view that sends the page towards publication; restarting a
    # workflow submits the edited revision again, so it counts as a submission.
    PUBLISHING_ACTIONS = (
        "action-publish",
        "action-submit",
        "action-restart-workflow",
        "action-workflow-action",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        related = self.fields.get("related_items")
        if related is not None:
            related.queryset = self._related_item_choices()

    def _related_item_choices(self):
        # The plain field lists every item, drafts and members-only ones included, so any
        # editor could read their titles. Offer what the editor may read, and keep the
        # relations the item already has so that saving does not drop them silently.
        from .selectors import items_visible_to

        readable = items_visible_to(self.for_user).values("pk")
        # An instance restored from a revision holds its relations in memory, so list them.
        current = [item.pk for item in self.instance.related_items.all()]
        return (
            KnowledgeItemPage.objects.filter(Q(pk__in=readable) | Q(pk__in=current))
            .exclude(pk=self.instance.pk)
            .order_by("title")
        )

    def clean(self):
        cleaned = super().clean()
        wants_publication = any(key in self.data for key in self.PUBLISHING_ACTIONS)
        if (
            wants_publication
            and cleaned.get("kind") == KnowledgeKind.CASE_STUDY
            and not cleaned.get("anonymised_confirmed")
        ):
            self.add_error("anonymised_confirmed", NOT_ANONYMISED_MESSAGE)
        return cleaned


class KnowledgeItemPage(Page):
    kind = models.CharField(_("kind"), max_length=20, choices=KnowledgeKind.choices)
    summary = models.TextField(_("summary"), max_length=1000)
    body = RichTextField(_("text"), blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("authoring organisation"),
        on_delete=models.PROTECT,
        related_name="knowledge_items",
        editable=False,
    )
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    topics = ParentalManyToManyField(Topic, verbose_name=_("topics"), blank=True)
    target_groups = ParentalManyToManyField(
        TargetGroup, verbose_name=_("target groups"), blank=True
    )
    stages = ParentalManyToManyField(PathwayStage, verbose_name=_("pathway stages"), blank=True)
    municipality = models.CharField(_("municipality"), max_length=100, blank=True)
    region = models.CharField(_("region"), max_length=20, choices=Region.choices, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    related_items = ParentalManyToManyField(
        "self", verbose_name=_("related items"), blank=True, symmetrical=False
    )
    anonymised_confirmed = models.BooleanField(
        _("I confirm the case study is anonymised"),
        default=False,
        help_text=_("No name, address, date of birth or detail that could identify a family."),
    )

    base_form_class = KnowledgeItemForm
    parent_page_types = ["knowledge.LibrarySectionPage"]
    subpage_types: list[str] = []

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [FieldPanel("kind"), FieldPanel("visibility"), FieldPanel("anonymised_confirmed")],
            heading=_("Kind and visibility"),
        ),
        FieldPanel("summary"),
        FieldPanel("body"),
        InlinePanel("attachments", label=_("Documents")),
        MultiFieldPanel(
            [
                FieldPanel("topics"),
                FieldPanel("target_groups"),
                FieldPanel("stages"),
                FieldPanel("municipality"),
                FieldPanel("region"),
                FieldPanel("year"),
                FieldPanel("related_items"),
            ],
            heading=_("Classification"),
        ),
    ]

    class Meta:
        verbose_name = _("knowledge item")
        verbose_name_plural = _("knowledge items")
        indexes = [
            models.Index(fields=["visibility", "kind"]),
            # The library's most used filters: a region, with or without a kind.
            models.Index(fields=["region", "visibility", "kind"], name="knowledge_item_region"),
        ]

    # Fields whose saving can put an unconfirmed case study live.
    PUBLICATION_FIELDS = frozenset({"live", "kind", "anonymised_confirmed"})
    # Fields the library's listing table is made of (knowledge.listing).
    LISTING_FIELDS = frozenset(
        {"live", "title", "kind", "visibility", "region", "year", "organisation", "path"}
    )

    def save(self, *args, **kwargs):
        parent = self.get_parent() if self.pk or self.path else None
        if parent is not None:
            section = parent.specific
            if isinstance(section, LibrarySectionPage):
                self.organisation_id = section.organisation_id
        update_fields = kwargs.get("update_fields")
        if update_fields is None or self.PUBLICATION_FIELDS.intersection(update_fields):
            self._refuse_unconfirmed_live_case_study()
        result = super().save(*args, **kwargs)
        if update_fields is None or self.LISTING_FIELDS.intersection(update_fields):
            # After the save, whose cluster has then written the topics, groups and stages.
            from .listing import listing_refresh

            listing_refresh([self.pk])
        return result

    def _refuse_unconfirmed_live_case_study(self) -> None:
        # Checked on save, not in clean(): Wagtail cleans a new page while `live` still has
        # its default True and cleans every draft revision of a live page, so a check in
        # clean() refused drafts. Saving with live=True is what publication does (the
        # admin's publish button, workflow approval, scheduled publishing, scripts).
        if self.live and self.kind == KnowledgeKind.CASE_STUDY and not self.anonymised_confirmed:
            raise ValidationError({"anonymised_confirmed": NOT_ANONYMISED_MESSAGE})

    @property
    def is_members_only(self) -> bool:
        return self.visibility == Visibility.MEMBERS

    def serve(self, request, *args, **kwargs):
        from .selectors import item_is_visible_to

        if not item_is_visible_to(self, request.user):
            raise Http404
        return super().serve(request, *args, **kwargs)

    def get_sitemap_urls(self, request=None):
        return [] if self.is_members_only else super().get_sitemap_urls(request)

    def get_context(self, request, *args, **kwargs):
        from .selectors import items_visible_to

        context = super().get_context(request, *args, **kwargs)
        context["reader_class"] = visibility_class(request.user)
        context["attachments"] = self.attachments.select_related("document")
        user = request.user
        # A callable: the template calls it only when the item's fragment is rendered (a
        # miss), so a cached fragment costs no query here (building the queryset already
        # reads the view restrictions).
        context["related"] = lambda: list(
            items_visible_to(user).filter(pk__in=self.related_items.values("pk"))
        )
        return context


class KnowledgeItemAttachment(Orderable):
    page = ParentalKey(KnowledgeItemPage, on_delete=models.CASCADE, related_name="attachments")
    document = models.ForeignKey(
        LibraryDocument, on_delete=models.CASCADE, related_name="attachments"
    )
    label = models.CharField(_("label"), max_length=200, blank=True)

    panels = [FieldPanel("document"), FieldPanel("label")]

    class Meta(Orderable.Meta):
        verbose_name = _("attached document")

    @property
    def display_label(self) -> str:
        return self.label or self.document.title


class ListingEntry(models.Model):
    """One line of the library's listing table (knowledge.listing): a listed item under
    one audience and one facet value, with its sort keys. Every library listing, filtered
    by one facet or none and sorted by year or title, is one range of an index here."""

    audience = models.PositiveSmallIntegerField()  # knowledge.listing.Audience
    facet = models.CharField(max_length=8)  # "" for the unfiltered library
    value = models.CharField(max_length=40, blank=True)
    item_id = models.IntegerField()  # the row goes with its item (knowledge.listing)
    year = models.PositiveSmallIntegerField(null=True)
    title = models.CharField(max_length=255)

    class Meta:
        indexes = [
            models.Index(
                fields=["audience", "facet", "value", "-year", "title", "item_id"],
                name="knowledge_listing_year",
            ),
            models.Index(
                fields=["audience", "facet", "value", "title", "item_id"],
                name="knowledge_listing_title",
            ),
            models.Index(
                fields=["item_id", "audience", "facet", "value"], name="knowledge_listing_item"
            ),
        ]

    def __str__(self):
        return f"{self.audience}:{self.facet}={self.value} #{self.item_id}"


class ListingCount(models.Model):
    """How many listing entries one (audience, facet, value) has: the library's totals,
    kept by knowledge.listing in the transaction that changes the entries."""

    audience = models.PositiveSmallIntegerField()
    facet = models.CharField(max_length=8)
    value = models.CharField(max_length=40, blank=True)
    entries = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["audience", "facet", "value"], name="knowledge_listing_count_key"
            )
        ]

    def __str__(self):
        return f"{self.audience}:{self.facet}={self.value}: {self.entries}"
