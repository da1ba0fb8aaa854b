"""Attachments (附件) to a clue: photos and PDFs from a worker's phone, checked and stored by
`core.files` (the checks every upload shares)."""

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from wageguard.core.files import discard, save_file, validate

from ..models import Attachment, Clue

__all__ = ["discard", "store", "validate_all"]

MAX_FILES = 5


def validate_all(files: list[UploadedFile]) -> None:
    """Checks a whole submission before anything is stored, so a bad file stores nothing."""
    if len(files) > MAX_FILES:
        raise ValidationError({"attachments": _("最多上传 %(n)d 个附件") % {"n": MAX_FILES}})
    for uploaded in files:
        validate(uploaded)


def store(clue: Clue, uploaded: UploadedFile) -> Attachment:
    """Validates and saves one file on the clue. Call inside the intake transaction; on rollback
    the caller removes the written files with `discard` (the database cannot do it)."""
    attachment = Attachment(clue=clue)
    save_file(attachment, uploaded)
    attachment.save()
    return attachment
