"""The pathway diagram option of 0005 was set on the live page row only. The page's
revisions, written before the option existed, do not carry it, so publishing one of them
(a draft in progress, or an older version restored) read it as the default and took the
diagram off. The option is written into those revisions as well; a revision that already
carries it (an editor's choice since) keeps its value."""

from django.db import migrations

PATHWAY_SLUG = "prostupne-bydleni"
FIELD = "show_pathway_diagram"


def carry_the_diagram_into_revisions(apps, schema_editor):
    StandardPage = apps.get_model("cms", "StandardPage")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Revision = apps.get_model("wagtailcore", "Revision")
    page_ids = [
        str(pk)
        for pk in StandardPage.objects.filter(slug=PATHWAY_SLUG, **{FIELD: True}).values_list(
            "pk", flat=True
        )
    ]
    content_type = ContentType.objects.filter(app_label="cms", model="standardpage").first()
    if not page_ids or content_type is None:
        return  # a new database: no page, no revisions yet
    revisions = Revision.objects.filter(content_type=content_type, object_id__in=page_ids)
    for revision in revisions.iterator():
        if FIELD in revision.content:
            continue
        revision.content = {**revision.content, FIELD: True}
        revision.save(update_fields=["content"])


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0005_pathway_diagram"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RunPython(carry_the_diagram_into_revisions, migrations.RunPython.noop),
    ]
