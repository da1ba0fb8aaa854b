"""A report in progress, kept in the worker's session between the steps.

The draft holds what was typed (name, phone, ID number: personal data), so it is stored in the
session encrypted with the same keys as personal data at rest (`core.crypto`): the session table
never holds it in clear. Photos cannot live in a session; each is checked when added and written
under MEDIA_ROOT/report-drafts/<random>/ (no public URL, as for attachments), then moved onto the
clue by the intake service at submission and removed here. Drafts abandoned for longer than a
session lives are swept when another draft adds a photo.
"""

import contextlib
import datetime as dt
import json
import os
import secrets
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest
from django.utils import timezone

from wageguard.core import crypto
from wageguard.core.files import sniff

DRAFT_KEY = "portal_report"
DONE_KEY = "portal_report_done"
FOLDER = "report-drafts"


@dataclass
class Draft:
    """What the steps saved: values by `ReportForm` field name, the steps completed, the photos
    held, and (after a refused POST) the input and errors to show again on the next GET."""

    nonce: str = field(default_factory=lambda: secrets.token_urlsafe(16))
    folder: str = field(default_factory=lambda: secrets.token_hex(16))
    values: dict[str, str] = field(default_factory=dict)
    done: list[str] = field(default_factory=list)
    files: list[dict] = field(default_factory=list)  # {"path", "name"}
    # {"step": name, "data": {...}, "errors": {field: [messages]}, "quiet": bool, "preview": {...}}
    pending: dict = field(default_factory=dict)
    routing: dict = field(default_factory=dict)  # the bureau shown for the saved address


def _seal(value: dict) -> str:
    return crypto.encrypt(json.dumps(value, ensure_ascii=False))


def _open(stored: str | None) -> dict | None:
    if not stored:
        return None
    try:
        return json.loads(crypto.decrypt(stored))
    except (crypto.CryptoError, ValueError, TypeError):
        return None  # a key retired since: the worker starts again


def load(request: HttpRequest) -> Draft | None:
    data = _open(request.session.get(DRAFT_KEY))
    if data is None:
        return None
    try:
        return Draft(**data)
    except TypeError:
        return None


def load_or_new(request: HttpRequest) -> Draft:
    return load(request) or Draft()


def save(request: HttpRequest, draft: Draft) -> None:
    request.session[DRAFT_KEY] = _seal(draft.__dict__)


def forget(request: HttpRequest, draft: Draft | None) -> None:
    """Ends the draft: its session entry and its photos on disk."""
    request.session.pop(DRAFT_KEY, None)
    if draft is not None:
        for entry in draft.files:
            default_storage.delete(entry["path"])


def hold(draft: Draft, uploaded: UploadedFile) -> None:
    """Writes an already validated photo under the draft's folder and lists it on the draft."""
    kind = sniff(_head(uploaded))
    extension = kind[1] if kind else "bin"
    name = f"{FOLDER}/{draft.folder}/{secrets.token_hex(8)}.{extension}"
    uploaded.seek(0)
    path = default_storage.save(name, uploaded)
    draft.files.append({"path": path, "name": (uploaded.name or "附件").rsplit("/", 1)[-1][:200]})


def _head(uploaded: UploadedFile) -> bytes:
    uploaded.seek(0)
    head = uploaded.read(32)
    uploaded.seek(0)
    return head


def release(draft: Draft, index: int) -> None:
    """Removes one held photo (the worker chose 删除)."""
    if 0 <= index < len(draft.files):
        entry = draft.files.pop(index)
        default_storage.delete(entry["path"])


def reopen(draft: Draft) -> list[File]:
    """The held photos as files for `ReportForm` and the intake service, under the names the
    worker's phone gave them. The caller closes them."""
    opened = []
    for entry in draft.files:
        if default_storage.exists(entry["path"]):
            opened.append(File(default_storage.open(entry["path"], "rb"), name=entry["name"]))
    return opened


def sweep(dry_run: bool = False) -> int:
    """Removes the photos of drafts nobody finished (older than a session can live), and the
    folders left empty. The hourly job `portal.sweep-drafts`, not the upload: listing every
    draft folder on a worker's request would grow with the province's reports. Returns how many
    photos were (or, dry, would be) removed."""
    try:
        folders, _files = default_storage.listdir(FOLDER)
    except (FileNotFoundError, NotImplementedError):
        return 0
    limit = timezone.now() - dt.timedelta(seconds=settings.SESSION_COOKIE_AGE + 3600)
    removed = 0
    for folder in folders:
        base = f"{FOLDER}/{folder}"
        try:
            _dirs, names = default_storage.listdir(base)
            old = [
                f"{base}/{n}"
                for n in names
                if default_storage.get_modified_time(f"{base}/{n}") < limit
            ]
            removed += len(old)
            if dry_run:
                continue
            for path in old:
                default_storage.delete(path)
            if len(old) == len(names):
                with contextlib.suppress(OSError):  # a draft added a photo meanwhile
                    os.rmdir(default_storage.path(base))
        except (OSError, NotImplementedError):  # removed meanwhile by its own submission
            continue
    return removed


# After submission: which clue this browser just sent, and its secret for a short while, so the
# page showing them survives Back and reload (the POST itself redirects, never renders).
SECRET_SECONDS = 30 * 60


def remember_done(request: HttpRequest, clue_pk: int, secret: str, names: list[str]) -> None:
    request.session[DONE_KEY] = _seal(
        {"pk": clue_pk, "secret": secret, "at": time.time(), "names": names}
    )


def done(request: HttpRequest) -> dict | None:
    """The submission this browser just made; the secret is dropped after SECRET_SECONDS (it
    was also sent by SMS), so a phone left lying around does not keep showing it."""
    data = _open(request.session.get(DONE_KEY))
    if data is None:
        return None
    if time.time() - data.get("at", 0) > SECRET_SECONDS:
        data["secret"] = ""
    return data
