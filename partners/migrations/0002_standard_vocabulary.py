from django.db import migrations


def create_vocabulary(apps, schema_editor):
    from partners.taxonomy import STANDARD_STAGES, STANDARD_TARGET_GROUPS

    PathwayStage = apps.get_model("partners", "PathwayStage")
    TargetGroup = apps.get_model("partners", "TargetGroup")
    for slug, name, level in STANDARD_STAGES:
        PathwayStage.objects.update_or_create(slug=slug, defaults={"name": name, "level": level})
    for slug, name in STANDARD_TARGET_GROUPS:
        TargetGroup.objects.update_or_create(slug=slug, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("partners", "0001_initial")]

    operations = [migrations.RunPython(create_vocabulary, migrations.RunPython.noop)]
