"""Private file storage: library documents, referral attachments, signed consent forms.

Files live under settings.PRIVATE_MEDIA_ROOT, outside MEDIA_ROOT, and have no URL: the only
way to read one is a permission-checked view (Wagtail's document serve view behind the
knowledge app's hook, or the referral download view).
"""

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible
from django.utils.functional import cached_property


@deconstructible(path="core.storage.PrivateMediaStorage")
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
        # NotImplementedError is what Django's storage API (and Wagtail) expect for that.
        raise NotImplementedError(
            "Private files are served only through a permission-checked view."
        )


private_storage = PrivateMediaStorage()
