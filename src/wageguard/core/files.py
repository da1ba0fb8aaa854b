"""Uploaded files (photos and PDFs) checked and stored safely, for every app that takes them.

The type is read from the file's first bytes, never from its name or the browser's Content-Type,
both of which the sender chooses: a script renamed `工资条.jpg` is refused. Only three formats are
accepted, each with a fixed signature, so a short table here is easier to audit than a general
MIME-sniffing dependency. Files go under MEDIA_ROOT (outside the web root, with no public URL);
the stored name is derived from the content's SHA-256, so a sender's file name never becomes a path.
"""

import hashlib
import os

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

MAX_BYTES = 10 * 1024 * 1024

# (content type, extension, test on the first bytes)
_PNG = b"\x89PNG\r\n\x1a\n"
_KINDS: tuple[tuple[str, str, object], ...] = (
    ("image/jpeg", "jpg", lambda head: head[:3] == b"\xff\xd8\xff"),
    # A PNG's first chunk is always IHDR (PNG spec 11.2.2): the signature alone is 8 bytes of luck.
    ("image/png", "png", lambda head: head[:8] == _PNG and head[12:16] == b"IHDR"),
    ("application/pdf", "pdf", lambda head: head[:5] == b"%PDF-"),
)


def _head(uploaded: UploadedFile, size: int = 32) -> bytes:
    uploaded.seek(0)
    head = uploaded.read(size)
    uploaded.seek(0)
    return head


def sniff(head: bytes) -> tuple[str, str] | None:
    """(content type, extension) of the accepted kind these bytes start with, else None."""
    for content_type, extension, test in _KINDS:
        if test(head):  # type: ignore[operator]
            return content_type, extension
    return None


def served_name(original_name: str, content_type: str) -> str:
    """The name a stored file is downloaded under: the sender's name with the extension of the
    type its bytes were found to be. `x.html` holding a PDF downloads as `x.pdf`, so no browser
    or desktop opens it by the name the sender chose."""
    extension = next((ext for ctype, ext, _test in _KINDS if ctype == content_type), None)
    stem = os.path.splitext(os.path.basename(original_name or ""))[0] or "附件"
    return f"{stem}.{extension}" if extension else stem


def _display_name(uploaded: UploadedFile) -> str:
    return os.path.basename(uploaded.name or "附件")[:200]


def validate(uploaded: UploadedFile, field: str = "attachments") -> tuple[str, str]:
    """(content type, extension) of an acceptable file; ValidationError naming `field`."""
    name = _display_name(uploaded)
    if not uploaded.size:
        raise ValidationError({field: _("附件“%(name)s”是空文件") % {"name": name}})
    if uploaded.size > MAX_BYTES:
        limit = MAX_BYTES // (1024 * 1024)
        raise ValidationError(
            {field: _("附件“%(name)s”超过 %(limit)d MB") % {"name": name, "limit": limit}}
        )
    kind = sniff(_head(uploaded))
    if kind is None:
        raise ValidationError(
            {field: _("附件“%(name)s”不是 JPEG、PNG 图片或 PDF 文件") % {"name": name}}
        )
    return kind


def save_file(record, uploaded: UploadedFile, field: str = "attachments") -> None:
    """Validates `uploaded` and writes it to `record.file` under its content's name, filling
    `original_name`, `content_type`, `size` and `sha256` (a clue's attachment, a case's
    evidence and a project's evidence all have these fields); the caller saves the row."""
    content_type, extension = validate(uploaded, field)
    digest = hashlib.sha256()
    uploaded.seek(0)
    for chunk in uploaded.chunks():
        digest.update(chunk)
    sha256 = digest.hexdigest()
    uploaded.seek(0)
    record.original_name = _display_name(uploaded)
    record.content_type, record.size, record.sha256 = content_type, uploaded.size, sha256
    record.file.save(f"{sha256[:32]}.{extension}", uploaded, save=False)


def discard(attachments: list) -> None:
    """Removes files written for a submission whose transaction rolled back."""
    for attachment in attachments:
        if attachment.file.name:
            attachment.file.storage.delete(attachment.file.name)
