"""Thin handlers: note what changed and let indexing queue it after the commit."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from cms.models import ProjectPage
from knowledge.models import KnowledgeItemAttachment, KnowledgeItemPage, LibraryDocument
from partners.models import IntakeCriterion, Organisation, Programme

from .extraction import queue_document_extraction
from .indexing import queue_instance, queue_keys
from .sources import PAGE_SOURCES


@receiver(page_published)
@receiver(page_unpublished)
def page_changed(sender, instance, **kwargs):
    queue_instance(instance)


def _indexed_page_saved(sender, instance, raw=False, **kwargs):
    # Pages created live without a publish action (scripts, demo loader) still get indexed;
    # a draft saved on a live page re-sends the live row, which is harmless.
    if not raw:
        queue_instance(instance)


for _model in PAGE_SOURCES:
    post_save.connect(_indexed_page_saved, sender=_model, dispatch_uid=f"search-{_model.__name__}")


@receiver(post_page_move)
def page_moved(sender, instance, **kwargs):
    # URLs of the page and everything under it changed.
    ids = Page.objects.descendant_of(instance, inclusive=True).values_list("pk", flat=True)
    queue_keys(f"page:{pk}" for pk in ids)


@receiver(post_delete)
def object_deleted(sender, instance, **kwargs):
    if isinstance(instance, Page | Organisation | Programme):
        queue_instance(instance)


@receiver(post_save, sender=Organisation)
def organisation_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    # Its name and region are part of its programmes', items' and projects' entries.
    keys = [f"organisation:{instance.pk}"]
    keys += [f"programme:{pk}" for pk in instance.programmes.values_list("pk", flat=True)]
    items = KnowledgeItemPage.objects.filter(organisation=instance).values_list("pk", flat=True)
    projects = ProjectPage.objects.filter(lead_organisation=instance).values_list("pk", flat=True)
    keys += [f"page:{pk}" for pk in [*items, *projects]]
    queue_keys(keys)


@receiver([post_save, post_delete], sender=Programme)
def programme_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        # the organisation's entry lists its programmes and their stages
        queue_keys([f"programme:{instance.pk}", f"organisation:{instance.organisation_id}"])


@receiver(m2m_changed, sender=Programme.target_groups.through)
def programme_groups_changed(sender, instance, action, **kwargs):
    if action in {"post_add", "post_remove", "post_clear"} and isinstance(instance, Programme):
        queue_keys([f"programme:{instance.pk}"])


@receiver([post_save, post_delete], sender=IntakeCriterion)
def criterion_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        queue_keys([f"programme:{instance.programme_id}"])


@receiver(post_save, sender=LibraryDocument)
def document_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        queue_document_extraction(instance.pk)


@receiver(post_delete, sender=KnowledgeItemAttachment)
def attachment_deleted(sender, instance, **kwargs):
    queue_keys([f"page:{instance.page_id}"])
