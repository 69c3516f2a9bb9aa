"""The pathway diagram option survives publishing a revision written before the option
existed (issue 17): migration 0006 carries it into the page's revisions. Tested cheaply, by
calling the migration's function with the current app registry on revisions in the old
shape (their content without the field), not by migrating the database back and forth."""

import importlib

import pytest
from django.apps import apps

from cms.models import StandardPage

pytestmark = pytest.mark.django_db

migration = importlib.import_module("cms.migrations.0006_pathway_diagram_in_revisions")
FIELD = "show_pathway_diagram"


def _as_before_the_option(revision):
    """A revision as Wagtail wrote it before 0005: no key for the option."""
    content = dict(revision.content)
    content.pop(FIELD, None)
    revision.content = content
    revision.save(update_fields=["content"])


def _pathway_page(site_tree, slug="prostupne-bydleni"):
    page = StandardPage(title="Prostupné bydlení", slug=slug, intro="Starý úvod")
    site_tree.home.add_child(instance=page)
    older = page.save_revision()
    older.publish()
    page.intro = "Rozepsaný nový úvod"
    draft = page.save_revision()
    for revision in (older, draft):
        _as_before_the_option(revision)
    # 0005: the option set on the live row only.
    StandardPage.objects.filter(slug=slug).update(**{FIELD: True})
    return page, older, draft


def test_publishing_an_old_revision_keeps_the_diagram(site_tree):
    page, older, draft = _pathway_page(site_tree)
    migration.carry_the_diagram_into_revisions(apps, None)
    older.refresh_from_db()
    older.publish()
    page = StandardPage.objects.get(pk=page.pk)
    assert page.intro == "Starý úvod"  # the old revision is what is live now
    assert page.show_pathway_diagram is True
    draft.refresh_from_db()
    draft.publish()
    assert StandardPage.objects.get(pk=page.pk).show_pathway_diagram is True


def test_without_the_migration_an_old_revision_would_switch_it_off(site_tree):
    """What the migration fixes: the revision reads the missing option as the default."""
    page, older, _draft = _pathway_page(site_tree)
    older.refresh_from_db()
    older.publish()
    assert StandardPage.objects.get(pk=page.pk).show_pathway_diagram is False


def test_an_editors_later_choice_and_other_pages_are_left_alone(site_tree):
    page, _older, _draft = _pathway_page(site_tree)
    page = StandardPage.objects.get(pk=page.pk)
    page.show_pathway_diagram = False
    switched_off = page.save_revision()  # written since the option exists: it carries it
    other = StandardPage(title="O nás", slug="o-nas")
    site_tree.home.add_child(instance=other)
    other_revision = other.save_revision()
    _as_before_the_option(other_revision)
    migration.carry_the_diagram_into_revisions(apps, None)
    migration.carry_the_diagram_into_revisions(apps, None)  # a second run changes nothing
    switched_off.refresh_from_db()
    other_revision.refresh_from_db()
    assert switched_off.content[FIELD] is False
    assert FIELD not in other_revision.content
