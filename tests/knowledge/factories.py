import factory
from django.core.files.base import ContentFile

from knowledge.models import KnowledgeItemAttachment, KnowledgeItemPage, LibraryDocument, Topic


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Téma {n}")
    slug = factory.Sequence(lambda n: f"tema-{n}")


def make_document(title="Metodika.pdf", content=b"%PDF-1.4 test", collection=None):
    document = LibraryDocument(title=title)
    if collection is not None:
        document.collection = collection
    document.file.save(title, ContentFile(content), save=False)
    document.save()
    return document


def make_item(
    section, *, title="Metodika tréninkového bydlení", live=True, document=None, **fields
):
    defaults = {
        "kind": "methodology",
        "summary": "Jak nastavit tréninkové bydlení v obecních bytech.",
        "visibility": "public",
        "year": 2017,
    }
    defaults.update(fields)
    item = KnowledgeItemPage(title=title, live=live, **defaults)
    section.add_child(instance=item)
    if document is not None:
        KnowledgeItemAttachment.objects.create(page=item, document=document)
    if live:
        item.save_revision().publish()
    return item
