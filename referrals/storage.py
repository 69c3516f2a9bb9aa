"""Where attachments and signed consent forms are stored (core.storage, private).

Names on disk are random, so a directory listing or a log line never carries a client's
name.
"""

import uuid
from pathlib import PurePosixPath

from core.storage import PrivateMediaStorage, private_storage

__all__ = ["PrivateMediaStorage", "attachment_path", "consent_form_path", "private_storage"]


def attachment_path(instance, filename: str) -> str:
    suffix = PurePosixPath(filename).suffix.lower()[:8]
    return f"referrals/attachments/{uuid.uuid4().hex}{suffix}"


def consent_form_path(instance, filename: str) -> str:
    suffix = PurePosixPath(filename).suffix.lower()[:8]
    return f"referrals/consents/{uuid.uuid4().hex}{suffix}"
