"""The audit trail (DESIGN: Audit): `record()` appends a chained event, `verify_chain()` checks it.

Every event's hash is HMAC-SHA256(key, prev_hash + canonical JSON of its content), the first event
chaining to `GENESIS_HASH`; the key lives outside the database (`models.audit_key`). The chain's
head is written down from time to time in an anchors file outside the database (`write_anchor`,
the `audit.anchor` job), and `verify_chain` checks every anchor, so deleting the newest events is
caught too. Appends are serialised so two writers never read the same "last hash" and fork
the chain: PostgreSQL takes a transaction-scoped advisory lock, SQLite runs every transaction with
BEGIN IMMEDIATE (checked at start-up by `core.checks`), which already admits one writer at a time.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
import uuid
from collections.abc import Iterable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connections, router, transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.functional import Promise

from .crypto import EncryptedCharField, KeyedHashField, masked
from .middleware import client_address, current_request
from .models import GENESIS_HASH, AppendOnlyError, AuditEvent

__all__ = [
    "GENESIS_HASH",
    "READ_ACTIONS",
    "AppendOnlyError",
    "ChainReport",
    "record",
    "record_read",
    "snapshot",
    "verify_chain",
]

# Any constant works as long as nothing else in the database uses it: "WGAU".
ADVISORY_LOCK_KEY = 0x57474155
# Never copied into an audit event, whatever a caller asks for.
SECRET_FIELDS = frozenset({"password", "key_hash"})
# Query parameters never copied into a read's filter: credentials and form plumbing.
SECRET_PARAMS = frozenset({"password", "secret", "token", "key", "csrfmiddlewaretoken"})


def _text(value: Any, limit: int | None = None) -> str:
    """PostgreSQL refuses NUL in text and JSON; the hash must see exactly what is stored."""
    text = str(value).replace("\x00", "\ufffd")
    return text[:limit] if limit is not None else text


def jsonable(value: Any) -> Any:
    """A value that survives a round trip through either database's JSON column unchanged.

    Non-integer numbers become strings: PostgreSQL's jsonb rewrites 1e16 as 10000000000000000,
    which would change the canonical JSON and so the hash of an untouched event.
    """
    if value is None or isinstance(value, bool | int):
        return value
    if isinstance(value, str | Promise):
        return _text(value)
    if isinstance(value, float | Decimal):
        return str(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return str(value.total_seconds())
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, Model):
        return jsonable(value.pk)
    if isinstance(value, dict):
        return {_text(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = [jsonable(v) for v in value]
        return sorted(items, key=repr) if isinstance(value, set | frozenset) else items
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).hex()
    return _text(value)


def snapshot(obj: Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """Field values of `obj` for an event's before/after, JSON-safe; relations as primary keys.

    Taken by the caller around a change, because only the caller knows which fields matter and
    when "before" was. Password hashes and token hashes are never included; encrypted personal
    data (core.crypto) only masked, and its keyed hashes not at all.
    """
    opts = obj._meta
    names = [f.name for f in opts.concrete_fields] if fields is None else list(fields)
    out: dict[str, Any] = {}
    for name in names:
        if name in SECRET_FIELDS:
            continue
        field = opts.get_field(name)
        if isinstance(field, KeyedHashField):
            continue
        if field.many_to_many:
            value = sorted(getattr(obj, name).values_list("pk", flat=True)) if obj.pk else []
        elif field.is_relation and field.concrete:
            value = getattr(obj, field.attname)
        elif isinstance(field, EncryptedCharField):
            # The log is append-only and kept for years: it keeps a masked value, never the
            # number the column encrypts (and never a hash a lost index key would let anyone test).
            value = masked(field.value_from_object(obj))
        else:
            value = field.value_from_object(obj)
        out[name] = jsonable(value)
    return out


def _actor_of(actor: Any, request: Any) -> Any:
    if actor is not None:
        # An anonymous "actor" is nobody: the event is the system's (or the failed login's).
        return actor if getattr(actor, "is_authenticated", True) else None
    user = getattr(request, "user", None) if request is not None else None
    if user is not None and getattr(user, "is_authenticated", False):
        return user
    return None


def _serialise_appends(using: str) -> None:
    connection = connections[using]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ADVISORY_LOCK_KEY])


def record(
    action: str,
    *,
    obj: Model | None = None,
    before: dict | None = None,
    after: dict | None = None,
    reason: str = "",
    actor: Any = None,
    request: Any = None,
) -> AuditEvent:
    """Append one event in the caller's transaction, so a change and its record commit together.

    `request` defaults to the request being served and `actor` to its signed-in user; with
    neither (a command line, a scheduled job) the event is the system's.
    """
    if request is None:
        request = current_request()
    actor = _actor_of(actor, request)
    agency = getattr(actor, "agency", None) if actor is not None else None
    event = AuditEvent(
        actor_id=actor.pk if actor is not None else None,
        actor_username=_text(actor.get_username(), 150) if actor is not None else "",
        actor_name=_text(getattr(actor, "display_name", None) or actor, 150) if actor else "",
        agency_id=agency.pk if agency is not None else None,
        agency_name=_text(agency.name, 100) if agency is not None else "",
        agency_region=_text(getattr(agency, "region_id", "") or "", 12),
        request_id=_text(getattr(request, "request_id", "") or "", 64),
        action=_text(action, 64),
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=_text(obj.pk, 64) if obj is not None and obj.pk is not None else "",
        object_repr=_text(obj, 200) if obj is not None else "",
        before=jsonable(before) if before is not None else None,
        after=jsonable(after) if after is not None else None,
        reason=_text(reason),
        client_address=_text(client_address(request), 64),
    )
    using = router.db_for_write(AuditEvent)
    with transaction.atomic(using=using):
        _serialise_appends(using)
        last = AuditEvent.objects.using(using).order_by("-seq").values_list("seq", "hash").first()
        event.seq = last[0] + 1 if last else 1
        event.prev_hash = last[1] if last else GENESIS_HASH
        # Taken under the lock, so time never runs backwards along the chain.
        event.at = timezone.now()
        event.hash = event.compute_hash()
        event.save(using=using)
    return event


class ReadActions:
    """The actions that record a read of personal data, so the audit page can pick them out
    through the (action, at) index. Filled by each app's AppConfig.ready() with the actions it
    passes to `record_read`; core knows no app's actions."""

    def __init__(self) -> None:
        self._names: set[str] = set()

    def register(self, *actions: str) -> None:
        self._names.update(actions)

    def __contains__(self, action: object) -> bool:
        return action in self._names

    def names(self) -> list[str]:
        return sorted(self._names)


READ_ACTIONS = ReadActions()


# A mobile or resident ID number typed into a search box (the inbox finds a reporter by either):
# the filter is kept, the number masked as an encrypted field's audit copy is.
_PERSONAL_NUMBER = re.compile(r"(?<![0-9])(?:1[3-9][0-9]{9}|[0-9]{17}[0-9Xx])(?![0-9])")


def _without_numbers(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    return _PERSONAL_NUMBER.sub(lambda m: masked(m.group(0)), value)


def record_read(
    action: str,
    *,
    model: type[Model],
    mode: str,
    ids: Iterable[Any] | None = None,
    clear_ids: Iterable[Any] = (),
    clear: bool | None = None,
    query: Mapping[str, Any] | None = None,
    rows: int | None = None,
    obj: Model | None = None,
    actor: Any = None,
    request: Any = None,
) -> AuditEvent:
    """One event for one response that showed personal data: a list page, a detail, a reveal,
    an export. Records what was read (`model`, the `ids` returned, the `clear_ids` among them
    shown unmasked) and how it was found (`query`, its filter parameters minus secrets), never
    the values themselves. `mode` is "list", "detail", "reveal" or "export"; an export may give
    only `rows` (its ids are unbounded) and `clear` (whether its personal data was unmasked).
    Callers page their lists, so `ids` is bounded by the page size.
    """
    if action not in READ_ACTIONS:
        raise ValueError(f"{action!r} is not a registered read action (audit.READ_ACTIONS)")
    after: dict[str, Any] = {"read": model._meta.label_lower, "mode": mode}
    if query is not None:
        after["filter"] = {
            k: _without_numbers(v)
            for k, v in query.items()
            if k.lower() not in SECRET_PARAMS and v not in ("", None)
        }
    if ids is not None:
        ids = list(ids)
        after["ids"] = ids
    after["rows"] = rows if rows is not None else len(ids or ())
    after["clear_ids"] = list(clear_ids)
    after["clear"] = bool(after["clear_ids"]) if clear is None else clear
    return record(action, obj=obj, after=after, actor=actor, request=request)


@dataclasses.dataclass(frozen=True)
class ChainReport:
    ok: bool
    count: int
    head_seq: int | None = None
    head_hash: str = ""
    bad_id: int | None = None
    bad_seq: int | None = None
    reason: str = ""

    def __str__(self) -> str:
        if self.ok:
            head = f", head seq {self.head_seq} {self.head_hash}" if self.head_seq else ""
            return f"intact: {self.count} events{head}"
        where = f"event id {self.bad_id} seq {self.bad_seq}" if self.bad_id else "chain"
        return f"BROKEN at {where}: {self.reason} ({self.count} events verified before it)"


Anchor = tuple[int, str]


def read_anchors(path: Path | None = None) -> list[Anchor]:
    """The (seq, hash) heads written down so far; none when the file does not exist yet."""
    path = Path(path or settings.WAGEGUARD_AUDIT_ANCHORS)
    if not path.exists():
        return []
    anchors = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) >= 2 and parts[0].isdigit():
            anchors.append((int(parts[0]), parts[1]))
    return anchors


def write_anchor(path: Path | None = None) -> Anchor | None:
    """Appends the chain's head (seq, hash, time) to the anchors file, unless it is already the
    last line; None while the log is empty. The file is only ever appended to."""
    path = Path(path or settings.WAGEGUARD_AUDIT_ANCHORS)
    head = AuditEvent.objects.order_by("-seq").values_list("seq", "hash").first()
    if head is None:
        return None
    anchors = read_anchors(path)
    if anchors and anchors[-1] == head:
        return head
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as out:
        out.write(f"{head[0]} {head[1]} {timezone.now().isoformat(timespec='seconds')}\n")
        out.flush()
        os.fsync(out.fileno())
    return head


def anchor_job(dry_run: bool) -> list[str]:
    """The `audit.anchor` scheduled job (registered in CoreConfig.ready)."""
    if dry_run:
        return ["would write the audit chain's head"]
    head = write_anchor()
    return [f"anchor {head[0]}:{head[1]}" if head else "the audit log is empty"]


def verify_chain(
    batch_size: int = 5000,
    anchor: Anchor | None = None,
    anchors: Iterable[Anchor] | None = None,
) -> ChainReport:
    """Walk the log in seq order, a batch at a time, and report the first event that does not fit.

    An edited event no longer matches its HMAC; a deleted one leaves a gap in seq (or, if the
    rows after it were renumbered, a broken prev_hash link); a forged one fails its HMAC or link.
    Deleting the newest events is caught against the anchors (heads written down earlier,
    outside the database): each must still be in the chain with the same hash.
    """
    expected_seq = 1
    prev_hash = GENESIS_HASH
    count = 0
    pending = dict(anchors or ())
    if anchor is not None:
        pending[anchor[0]] = anchor[1]
    expected_heads = dict(pending)

    def broken(event: AuditEvent, reason: str) -> ChainReport:
        return ChainReport(False, count, bad_id=event.pk, bad_seq=event.seq, reason=reason)

    while True:
        batch = list(AuditEvent.objects.filter(seq__gte=expected_seq).order_by("seq")[:batch_size])
        if not batch:
            break
        for event in batch:
            if event.seq != expected_seq:
                return broken(
                    event,
                    f"seq {event.seq} follows seq {expected_seq - 1}: "
                    f"{event.seq - expected_seq} event(s) missing (deleted?)",
                )
            if event.prev_hash != prev_hash:
                return broken(
                    event,
                    "prev_hash does not match the hash of the event before it "
                    "(an earlier event was altered, removed or inserted)",
                )
            if event.compute_hash() != event.hash:
                return broken(event, "content does not match its hash (edited or forged)")
            if event.seq in pending and event.hash != pending.pop(event.seq):
                return broken(event, "hash differs from the anchor (chain rewritten?)")
            prev_hash = event.hash
            expected_seq += 1
            count += 1
    # A row with a seq below 1 sorts before the chain start and is skipped by the walk above.
    stray = AuditEvent.objects.filter(seq__lt=1).order_by("seq").first()
    if stray is not None:
        return broken(stray, "seq below 1: inserted outside the chain")
    if pending:
        missing = max(pending)
        return ChainReport(
            False,
            count,
            reason=f"anchor seq {missing} is missing: the newest events were deleted "
            f"({len(expected_heads)} anchors checked)",
        )
    return ChainReport(True, count, head_seq=expected_seq - 1 or None, head_hash=prev_hash)
