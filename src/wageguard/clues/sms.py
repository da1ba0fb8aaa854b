"""SMS: a pluggable sender. The default backend writes to the log; a gateway backend implements
`send(phone, text) -> str` (a status) and is named in `WAGEGUARD_SMS_BACKEND`.

Every message is recorded on its clue (`Message`) in the same transaction as the change that caused
it, and handed to the backend only after that transaction commits, so a rolled-back change never
texts a worker.
"""

import logging
from typing import Protocol

from django.conf import settings
from django.db import transaction
from django.utils.module_loading import import_string

log = logging.getLogger("wageguard.sms")


class SmsBackend(Protocol):
    name: str

    def send(self, phone: str, text: str) -> str: ...


class LogBackend:
    """Writes messages to the application log: the demo's and the tests' gateway."""

    name = "log"
    outbox: list[tuple[str, str]] = []

    def send(self, phone: str, text: str) -> str:
        log.info("SMS to %s****%s: %s", phone[:3], phone[-4:], text)
        self.outbox.append((phone, text))
        del self.outbox[:-1000]
        return "sent"


def backend() -> SmsBackend:
    path = getattr(settings, "WAGEGUARD_SMS_BACKEND", "wageguard.clues.sms.LogBackend")
    return import_string(path)()


def queue(clue, text: str, phone: str | None = None) -> None:
    """Records the message on the clue now and sends it when the transaction commits."""
    from .models import Message

    phone = phone or clue.phone
    if not phone:
        return
    sender = backend()
    message = Message.objects.create(
        clue=clue, phone=phone, text=text, backend=sender.name, status="queued"
    )

    def _send() -> None:
        try:
            status = sender.send(phone, text)
        except Exception:  # a gateway outage must not lose the record of what was due
            log.exception("SMS gateway failed for clue %s", clue.pk)
            status = "failed"
        with transaction.atomic():  # a write transaction: queued with the others on SQLite
            Message.objects.filter(pk=message.pk).update(status=status)

    transaction.on_commit(_send)
