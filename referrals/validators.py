"""Referral attachments and signed consent forms: which files the referral module takes.
The checks themselves (content sniffing, zip bombs, active PDF content) are in
core.uploads, shared with the library's documents."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.uploads import DOCX, JPEG, KINDS, PDF, PNG, XLSX, file_input
from core.uploads import validate_upload as _validate_upload

ALLOWED = (PDF, DOCX, XLSX, PNG, JPEG)
# Stored files are named by what they are, never by what the uploader called them.
EXTENSIONS = {content_type: KINDS[content_type].extension for content_type in ALLOWED}


def max_upload_size() -> int:
    return int(getattr(settings, "REFERRALS_ATTACHMENT_MAX_SIZE", 10 * 1024 * 1024))


def describe_upload_field(field) -> None:
    """The file input of an attachment or a consent form states the types and the size
    it takes (and tells the browser's file chooser)."""
    file_input(field, allowed=ALLOWED, max_size=max_upload_size())


def validate_upload(uploaded) -> str:
    """Return the file's real content type, or raise a ValidationError in the user's
    language. Allowed: PDF, DOCX, XLSX, PNG and JPEG up to the configured size, with no
    active content."""
    return _validate_upload(uploaded, allowed=ALLOWED, max_size=max_upload_size())


def validate_meeting_date(value) -> None:
    """A case-review decision is recorded after the meeting that took it."""
    if value is not None and value > timezone.localdate():
        raise ValidationError(
            _("The meeting cannot be in the future: record the decision after the meeting."),
            code="future",
        )
