"""PNG and JPEG: the pixel count is capped (decompression bombs)."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _

from .kinds import Refused, limit, refuse_damaged


def _refuse_image_too_large() -> Refused:
    return Refused(
        _("The image is too large: at most %(megapixels)s megapixels are allowed.")
        % {"megapixels": limit("UPLOAD_IMAGE_MAX_PIXELS") // 1_000_000},
        code="image_too_large",
    )


def check_image(uploaded) -> None:
    """Caps the pixel count (a small PNG can unpack to gigabytes). Images are never decoded
    here otherwise: one Pillow cannot identify passes as the opaque file its first bytes
    say it is, and is only ever served as a download of that type."""
    from PIL import Image

    uploaded.seek(0)
    # Pillow closes the file it verifies; it gets its own copy (at most the size limit).
    data = io.BytesIO(uploaded.read())
    uploaded.seek(0)
    try:
        image = Image.open(data)
    except Image.DecompressionBombError as error:
        raise _refuse_image_too_large() from error
    except Exception:  # Pillow raises many kinds of errors on files it cannot identify
        return
    try:
        width, height = image.size
        if width * height > limit("UPLOAD_IMAGE_MAX_PIXELS"):
            raise _refuse_image_too_large()
        try:
            image.verify()
        except Exception as error:
            raise refuse_damaged() from error
    finally:
        image.close()
