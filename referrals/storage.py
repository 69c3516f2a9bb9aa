"""Private file storage for attachments and signed consent forms.

Files live under settings.PRIVATE_MEDIA_ROOT, outside MEDIA_ROOT, and have no URL: the only
way to read one is the permission-checked download view. Names on disk are random, so a
directory listing or a log line never carries a client's name.
"""

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible
from django.utils.functional import cached_property


@deconstructible(path="referrals.storage.PrivateMediaStorage")
class PrivateMediaStorage(FileSystemStorage):
    def __init__(self):
        super().__init__(location=None, base_url=None)

    @cached_property
    def base_location(self):
        return settings.PRIVATE_MEDIA_ROOT

    def _clear_cached_properties(self, setting, **kwargs):
        super()._clear_cached_properties(setting, **kwargs)
        if setting == "PRIVATE_MEDIA_ROOT":
            self.__dict__.pop("base_location", None)
            self.__dict__.pop("location", None)

    def url(self, name):
        # FileSystemStorage would fall back to MEDIA_URL; a private file has no address.
        raise ValueError("Private files are served only through a permission-checked view.")


private_storage = PrivateMediaStorage()


def attachment_path(instance, filename: str) -> str:
    suffix = PurePosixPath(filename).suffix.lower()[:8]
    return f"referrals/attachments/{uuid.uuid4().hex}{suffix}"


def consent_form_path(instance, filename: str) -> str:
    suffix = PurePosixPath(filename).suffix.lower()[:8]
    return f"referrals/consents/{uuid.uuid4().hex}{suffix}"
