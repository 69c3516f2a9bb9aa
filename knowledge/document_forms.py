"""The Wagtail admin's document form for the library (WAGTAILDOCS_DOCUMENT_FORM_BASE):
every way the admin takes a file (add, multiple upload, chooser upload, replacing the file
on edit) checks it with core.uploads before anything is written."""

from django.conf import settings
from wagtail.documents.forms import BaseDocumentForm

from core import uploads

EXTENSION_KINDS = {kind.extension.lstrip("."): kind.content_type for kind in uploads.KINDS.values()}


def allowed_content_types() -> list[str]:
    """The library takes the formats WAGTAILDOCS_EXTENSIONS names."""
    extensions = getattr(settings, "WAGTAILDOCS_EXTENSIONS", None) or []
    return [EXTENSION_KINDS[ext] for ext in extensions if ext in EXTENSION_KINDS]


def max_upload_size() -> int:
    return int(getattr(settings, "DOCUMENT_MAX_UPLOAD_SIZE", 25 * 1024 * 1024))


class LibraryDocumentForm(BaseDocumentForm):
    file_refused = False

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        # An edit that keeps the stored file sends no new upload: nothing to check.
        if uploaded is not None and "file" in self.changed_data:
            try:
                uploads.validate_upload(
                    uploaded,
                    allowed=allowed_content_types(),
                    max_size=max_upload_size(),
                    # Served under its name (PDFs inline), so the name must tell the truth.
                    check_extension=True,
                )
            except uploads.Refused:
                self.file_refused = True
                raise
        return uploaded

    def _post_clean(self):
        super()._post_clean()
        if self.file_refused:
            # The model's clean() then checks the extension of a file the instance never
            # got and adds 'extension "" is not allowed', which would only confuse.
            del self._errors["file"][1:]
