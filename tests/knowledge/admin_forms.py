"""POST data for the Wagtail admin forms, as the browser sends it."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text


def item_form_data(*, title="Nová metodika", slug="nova-metodika", action=None, **fields):
    """The knowledge item edit form; `action` is Wagtail's button name, e.g. "action-submit"
    (none means "save draft")."""
    data = {
        "title": title,
        "slug": slug,
        "kind": "methodology",
        "visibility": "public",
        "summary": "Jak obec nastaví tréninkové bydlení.",
        "body": rich_text("<p>Postup krok za krokem.</p>"),
        "attachments": inline_formset([]),
        "year": "2024",
        "municipality": "",
        "region": "",
    }
    data.update(fields)
    # Lists are multiple choices (topics, related items), sent as repeated keys.
    multiple = {key: data.pop(key) for key in list(data) if isinstance(data[key], list)}
    flat = nested_form_data(data)
    flat.update(multiple)
    if fields.get("anonymised_confirmed") is False:
        flat.pop("anonymised_confirmed")
    if action:
        flat[action] = "1"
    return flat


def item_form_data_of(page, *, action=None, **fields):
    """The edit form of an existing item with its current values, some replaced."""
    values = {
        "title": page.title,
        "slug": page.slug,
        "kind": page.kind,
        "visibility": page.visibility,
        "summary": page.summary,
        "year": str(page.year or ""),
        "municipality": page.municipality,
        "region": page.region,
    }
    if page.anonymised_confirmed:
        values["anonymised_confirmed"] = "on"
    values.update(fields)
    return item_form_data(action=action, **values)


def add_item_url(section) -> str:
    return reverse("wagtailadmin_pages:add", args=["knowledge", "knowledgeitempage", section.pk])


def edit_url(page) -> str:
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def pdf_upload(name="priloha.pdf", content=b"%PDF-1.4 nahrano"):
    return SimpleUploadedFile(name, content, content_type="application/pdf")
