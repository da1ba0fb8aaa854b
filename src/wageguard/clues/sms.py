"""SMS: a pluggable sender. The default backend writes to the log; a gateway backend implements
`send(phone, text) -> str` (a status) and is named in `WAGEGUARD_SMS_BACKEND`.

Every message is recorded on its clue (`Message`, status "queued") in the same transaction as the
change that caused it, and handed to the backend only after that transaction commits, so a
rolled-back change never texts a worker. The gateway's answers are written back in batches
(`WAGEGUARD_SMS_STATUS_BATCH`, default 50, or every 2 s, and at process exit): one small write per
batch instead of a second write transaction per submission. A status not yet written back stays
"queued", which is true: nobody has confirmed it.
"""

import atexit
import logging
import re
import threading
import time
from collections import defaultdict
from typing import Protocol

from django.conf import settings
from django.db import transaction
from django.utils.module_loading import import_string

log = logging.getLogger("wageguard.sms")


_SECRET = re.compile(r"(查询密码\s*)[0-9A-Z]{8}")
_LOOKUP_CODE = re.compile(r"(验证码为\s*)[0-9]{6}")


def redacted(text: str) -> str:
    """The text without the tracking secret or a lookup code: for logs, the stored record and
    staff screens, never for the worker. Both are kept elsewhere only as keyed hashes
    (Clue.secret_hash, LookupCode.code_hash); a clear copy here would undo that."""
    return _LOOKUP_CODE.sub(r"\1******", _SECRET.sub(r"\1********", text))


class SmsBackend(Protocol):
    name: str

    def send(self, phone: str, text: str) -> str: ...


class LogBackend:
    """Writes messages to the application log: the demo's and the tests' gateway."""

    name = "log"
    outbox: list[tuple[str, str]] = []

    def send(self, phone: str, text: str) -> str:
        log.info("SMS to %s****%s: %s", phone[:3], phone[-4:], redacted(text))
        self.outbox.append((phone, text))
        del self.outbox[:-1000]
        return "sent"


_pending: list[tuple[int, str]] = []
_pending_lock = threading.Lock()
_last_flush = time.monotonic()
FLUSH_SECONDS = 2.0


def _batch_size() -> int:
    return int(getattr(settings, "WAGEGUARD_SMS_STATUS_BATCH", 50))


def _record(message_id: int, status: str) -> None:
    with _pending_lock:
        _pending.append((message_id, status))
        due = len(_pending) >= _batch_size() or time.monotonic() - _last_flush >= FLUSH_SECONDS
    if due:
        flush_statuses()


def flush_statuses() -> int:
    """Writes the gateway's answers collected so far; returns how many."""
    global _last_flush
    from .models import Message

    with _pending_lock:
        batch = list(_pending)
        _pending.clear()
        _last_flush = time.monotonic()
    by_status: dict[str, list[int]] = defaultdict(list)
    for message_id, status in batch:
        by_status[status].append(message_id)
    if by_status:
        with transaction.atomic():
            for status, ids in by_status.items():
                Message.objects.filter(pk__in=ids).update(status=status)
    return len(batch)


def _flush_at_exit() -> None:
    try:
        flush_statuses()
    except Exception:  # the database may already be gone at interpreter exit
        log.warning("could not write back %d SMS statuses at exit", len(_pending))


atexit.register(_flush_at_exit)


def backend() -> SmsBackend:
    path = getattr(settings, "WAGEGUARD_SMS_BACKEND", "wageguard.clues.sms.LogBackend")
    return import_string(path)()


def queue(clue, text: str, phone: str | None = None) -> None:
    """Records the message on the clue now and sends it when the transaction commits. The row
    keeps the text without the tracking secret: the clear text lives only in this closure until
    the gateway has it, so the table never undoes the secret's keyed hash (Clue.secret_hash)."""
    from .models import Message

    phone = phone or clue.phone
    if not phone:
        return
    sender = backend()
    message = Message.objects.create(
        clue=clue, phone=phone, text=redacted(text), backend=sender.name, status="queued"
    )

    def _send() -> None:
        try:
            status = sender.send(phone, text)
        except Exception:  # a gateway outage must not lose the record of what was due
            log.exception("SMS gateway failed for clue %s", clue.pk)
            status = "failed"
        _record(message.pk, status)

    transaction.on_commit(_send)
