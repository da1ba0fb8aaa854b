"""Personal data at rest: ID and mobile numbers encrypted, searchable by a keyed hash.

A copied database file alone must reveal no ID or mobile number. Each such column holds
``wg1:<key id>:<base64 of nonce + AES-256-GCM ciphertext>`` under a key kept outside the database
(`WAGEGUARD_DATA_KEYS`: the first encrypts, every one listed decrypts), and a companion column
holds ``HMAC-SHA256(WAGEGUARD_INDEX_KEYS[0], canonical value)`` so an exact search still runs on
an index. Partial searches (contains, starts with) and ordering by such a column are impossible by
design; the field refuses every lookup but exact, ``in`` and ``isnull``.

Why not a library: the maintained field libraries either have no keyed-hash search
(django-fernet-encrypted-fields), hash with a plain salted SHA-256 and no way to normalise the
value first or to rebuild the hashes after a key change (django-searchable-encrypted-fields,
django-secured-fields), or carry a whole key-management framework (django-crypto-fields). The
cipher itself is `cryptography`'s AESGCM; what is written here is the column format, the key
ring and the batch rewrite. The key id in every value is what makes rotation resumable: a row
already under the current key is skipped, so a rotation cut short is simply run again.

``filter(phone=value)`` keeps working: the field's exact lookup compiles to the companion hash
column (`KeyedHashField`), so callers search the public way and never see ciphertext.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import FieldError, ImproperlyConfigured
from django.db import connections, models, transaction
from django.db.models.expressions import Col
from django.db.models.lookups import In, IsNull, Lookup

PREFIX = "wg1"
NONCE_BYTES = 12
# 128 bits of HMAC-SHA256: collisions are out of reach and the index stays half the size.
HASH_CHARS = 32


class CryptoError(Exception):
    """A stored value cannot be read back: never shown as garbage, always named."""


class UnknownKey(CryptoError):
    pass


class Tampered(CryptoError):
    pass


# --- keys --------------------------------------------------------------------------------------


def new_key() -> str:
    """A fresh data key as `WAGEGUARD_DATA_KEYS` takes it (URL-safe base64 of 32 random bytes)."""
    return base64.urlsafe_b64encode(os.urandom(32)).decode("ascii")


def _data_key(text: str, position: int) -> bytes:
    try:
        raw = base64.urlsafe_b64decode(text.strip() + "=" * (-len(text.strip()) % 4))
    except ValueError:
        raw = b""
    if len(raw) != 32:
        raise ImproperlyConfigured(
            f"WAGEGUARD_DATA_KEYS entry {position + 1} is not 32 bytes in URL-safe base64; "
            "make one with `wageguard crypto newkey`."
        )
    return raw


def key_id(key: bytes) -> str:
    """Eight hex characters naming a data key inside every value it encrypted (not the key)."""
    return hmac.new(key, b"wageguard-key-id", hashlib.sha256).hexdigest()[:8]


@dataclass(frozen=True)
class Keyring:
    current: str
    ciphers: dict[str, AESGCM]
    index_keys: tuple[bytes, ...]


def _derived(secret: str, purpose: bytes) -> bytes:
    return hmac.new(secret.encode("utf-8"), purpose, hashlib.sha256).digest()


def derived_keys(secret: str) -> tuple[str, str]:
    """The data key and index key used while none are set, in the form the settings take: a
    server that ran without keys lists them after its new keys until `crypto rotate` ends."""
    data = base64.urlsafe_b64encode(_derived(secret, b"wageguard-data")).decode("ascii")
    return data, _derived(secret, b"wageguard-index").hex()


@lru_cache(maxsize=16)
def _keyring(data: tuple[str, ...], index: tuple[str, ...], secret: str) -> Keyring:
    keys = [_data_key(k, i) for i, k in enumerate(data or derived_keys(secret)[:1])]
    ciphers = {key_id(k): AESGCM(k) for k in keys}
    index_keys = tuple(k.encode("utf-8") for k in index or derived_keys(secret)[1:])
    return Keyring(key_id(keys[0]), ciphers, index_keys)


_last: list[Any] = [None, None, None, None]


def keyring() -> Keyring:
    """The keys from settings; without `WAGEGUARD_DATA_KEYS`/`WAGEGUARD_INDEX_KEYS` (development,
    demo, tests) they are derived from SECRET_KEY, and `core.checks` warns a production server.

    Called for every value read or written, so the settings last seen are remembered by identity
    (a changed setting is a new object): an import of millions of rows pays for the lookup once.
    """
    data, index, secret = (
        settings.WAGEGUARD_DATA_KEYS,
        settings.WAGEGUARD_INDEX_KEYS,
        settings.SECRET_KEY,
    )
    last = _last
    if last[0] is data and last[1] is index and last[2] is secret:
        return last[3]
    ring = _keyring(
        tuple(k for k in data if k.strip()), tuple(k for k in index if k.strip()), secret
    )
    _last[:] = [data, index, secret, ring]
    return ring


# --- values ------------------------------------------------------------------------------------


def encrypt(plain: str) -> str:
    """The stored form of `plain`; empty stays empty (an unknown number is not a secret)."""
    if not plain:
        return plain
    ring = keyring()
    nonce = os.urandom(NONCE_BYTES)
    sealed = ring.ciphers[ring.current].encrypt(nonce, plain.encode("utf-8"), None)
    body = base64.urlsafe_b64encode(nonce + sealed).decode("ascii").rstrip("=")
    return f"{PREFIX}:{ring.current}:{body}"


def is_encrypted(stored: str) -> bool:
    return stored.startswith(PREFIX + ":")


def decrypt(stored: str) -> str:
    """The plain value, or `UnknownKey`/`Tampered`/`CryptoError` saying why not."""
    if not stored:
        return stored
    parts = stored.split(":", 2)
    if len(parts) != 3 or parts[0] != PREFIX:
        raise CryptoError("a personal-data column holds a value that is not encrypted")
    ring = keyring()
    cipher = ring.ciphers.get(parts[1])
    if cipher is None:
        raise UnknownKey(
            f"value encrypted under data key {parts[1]}, which is not in WAGEGUARD_DATA_KEYS "
            f"(known: {', '.join(sorted(ring.ciphers))})"
        )
    body = parts[2]
    try:
        raw = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
        return cipher.decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], None).decode("utf-8")
    except (InvalidTag, ValueError) as exc:
        raise Tampered(f"value under data key {parts[1]} fails authentication") from exc


def is_current(stored: str) -> bool:
    return not stored or stored.startswith(f"{PREFIX}:{keyring().current}:")


_NOISE = re.compile(r"[\s\-\u2010-\u2015]+")
_COUNTRY = re.compile(r"^(?:\+86|0086|86)(?=[0-9]{11}$)")


def _mobile(value: str) -> str:
    """The form `parties.rules.validate_mobile` stores: 11 digits, no +86, spaces or dashes."""
    if len(value) == 11 and value.isascii() and value.isdigit():  # stored values: fast path
        return value
    return _COUNTRY.sub("", _NOISE.sub("", unicodedata.normalize("NFKC", value)), count=1)


def _id_number(value: str) -> str:
    """The form `parties.rules.validate_id_number` stores: no spaces, upper-case X."""
    if value.isascii() and value.isalnum():
        return value.upper()
    return _NOISE.sub("", unicodedata.normalize("NFKC", value)).upper()


def _card(value: str) -> str:
    """A bank card number as printed (groups of four, full-width digits): its digits only."""
    return "".join(c for c in unicodedata.normalize("NFKC", value) if c.isdigit())


# Named, not passed as functions, so a migration names them and never imports changing code.
NORMALISERS: dict[str, Callable[[str], str]] = {
    "mobile": _mobile,
    "id_number": _id_number,
    "card": _card,
}


def keyed_hashes(value: str, normalise: str) -> list[str]:
    """The keyed hash of `value` under every index key, current first; "" for an empty value."""
    canonical = NORMALISERS[normalise](value or "")
    if not canonical:
        return [""]
    data = canonical.encode("utf-8")
    return [hmac.digest(k, data, "sha256").hex()[:HASH_CHARS] for k in keyring().index_keys]


def keyed_hash(value: str, normalise: str) -> str:
    return keyed_hashes(value, normalise)[0]


def hasher(normalise: str) -> Callable[[str], str]:
    """`keyed_hash` under the current key for many values in a row (a batch of an import): the
    keys are looked up once, not once a value."""
    key, canonical_of = keyring().index_keys[0], NORMALISERS[normalise]

    def keyed(value: str) -> str:
        canonical = canonical_of(value or "")
        if not canonical:
            return ""
        return hmac.digest(key, canonical.encode("utf-8"), "sha256").hex()[:HASH_CHARS]

    return keyed


def masked(value: str) -> str:
    """What an audit event keeps of such a value: its last four characters, enough to tell that
    it changed, never enough to identify (the log is append-only and kept for years)."""
    text = str(value or "")
    return "*" * len(text) if len(text) <= 8 else "*" * (len(text) - 4) + text[-4:]


# --- fields ------------------------------------------------------------------------------------


class EncryptedCharField(models.CharField):
    """A CharField whose column holds ciphertext (`encrypt`); `max_length` bounds the plain value.

    Exact and ``in`` lookups are answered by the model's `KeyedHashField` of this field; every
    other lookup raises, since contains/starts-with cannot run on ciphertext.
    """

    description = "Encrypted text"

    def get_internal_type(self) -> str:
        return "TextField"

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        return encrypt(value) if value else value

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        return decrypt(value) if value else value

    def hash_field(self) -> KeyedHashField | None:
        for field in self.model._meta.concrete_fields:
            if isinstance(field, KeyedHashField) and field.source == self.name:
                return field
        return None

    def get_lookup(self, lookup_name: str) -> Any:
        return {"exact": HashedExact, "in": HashedIn, "isnull": IsNull}.get(lookup_name)

    def get_transform(self, name: str) -> Any:
        return None


class KeyedHashField(models.CharField):
    """The keyed hash of another field's canonical value, filled on every save."""

    def __init__(self, *args: Any, source: str = "", normalise: str = "", **kwargs: Any) -> None:
        self.source, self.normalise = source, normalise
        kwargs.setdefault("max_length", HASH_CHARS)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs.update(source=self.source, normalise=self.normalise)
        return name, path, args, kwargs

    def contribute_to_class(self, cls: Any, name: str, **kwargs: Any) -> None:
        super().contribute_to_class(cls, name, **kwargs)
        if not cls._meta.abstract and cls.__module__ != "__fake__":  # not a migration's model
            models.signals.pre_save.connect(self._saved_together, sender=cls, weak=False)

    def _saved_together(self, sender: Any, update_fields: Any = None, **kwargs: Any) -> None:
        """`save(update_fields=[source])` without the hash would leave a stale hash: refused."""
        if update_fields and self.source in update_fields and self.name not in update_fields:
            raise FieldError(
                f"{sender.__name__}.save(update_fields=...) names {self.source} without "
                f"{self.name}: save them together"
            )

    def pre_save(self, model_instance: models.Model, add: bool) -> str:
        value = keyed_hash(getattr(model_instance, self.source), self.normalise)
        setattr(model_instance, self.attname, value)
        return value

    def hashes(self, value: Any) -> list[str]:
        return keyed_hashes(str(value or ""), self.normalise)


class _Hashed(Lookup):
    """Compiles to ``<hash column> IN (hash under each index key, ...)`` on the same table alias."""

    prepare_rhs = False
    can_use_none_as_rhs = False

    def _values(self) -> list[Any]:
        raise NotImplementedError

    def as_sql(self, compiler: Any, connection: Any) -> Any:
        field = self.lhs.output_field
        hash_field = field.hash_field() if isinstance(field, EncryptedCharField) else None
        if not hasattr(self.rhs, "resolve_expression") and not any(self._values()):
            # "Is it empty?" needs no hash: an empty value is stored empty.
            return In(self.lhs, [""]).as_sql(compiler, connection)
        if not isinstance(self.lhs, Col) or hash_field is None:
            raise FieldError(
                f"{field.model.__name__}.{field.name} is encrypted and has no keyed hash: "
                "it cannot be searched"
            )
        if hasattr(self.rhs, "resolve_expression"):
            raise FieldError(f"{field.name} is encrypted: compare it with plain values only")
        hashes = sorted({h for v in self._values() for h in hash_field.hashes(v)})
        return In(Col(self.lhs.alias, hash_field), hashes).as_sql(compiler, connection)


class HashedExact(_Hashed):
    lookup_name = "exact"

    def _values(self) -> list[Any]:
        return [self.rhs]


class HashedIn(_Hashed):
    lookup_name = "in"

    def _values(self) -> list[Any]:
        return list(self.rhs)


# --- batch rewrite: migration, rotation, index rebuild -----------------------------------------


@dataclass(frozen=True)
class Column:
    table: str
    pk: str
    column: str
    hash_column: str = ""
    normalise: str = ""

    @property
    def label(self) -> str:
        return f"{self.table}.{self.column}"


def columns() -> list[Column]:
    """Every encrypted column of every installed model, with its hash column if it has one."""
    from django.apps import apps

    found = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, EncryptedCharField):
                hashed = field.hash_field()
                found.append(
                    Column(
                        model._meta.db_table,
                        model._meta.pk.column,
                        field.column,
                        hashed.column if hashed else "",
                        hashed.normalise if hashed else "",
                    )
                )
    return found


def reseal(
    column: Column,
    *,
    using: str = "default",
    batch_size: int = 1000,
    after: Any = None,
    clear: bool = False,
) -> Iterator[tuple[Any, int]]:
    """Rewrite one column in primary-key order, `batch_size` rows per transaction: plain values
    (before the first migration) and values under an older key are encrypted with the current
    key, and the hash is recomputed under the current index key. Rows already right are left
    alone, so an interrupted run resumes by running again; the server keeps running meanwhile
    (each row is updated only if it still holds the value read). Yields (last primary key, rows
    changed) after each committed batch; memory is bounded by one batch.
    """
    connection = connections[using]
    q = connection.ops.quote_name
    table, pk, col = q(column.table), q(column.pk), q(column.column)
    hashed = f", {q(column.hash_column)}" if column.hash_column else ""
    select = f"SELECT {pk}, {col}{hashed} FROM {table}"
    # Compare-and-set: a row the application rewrote since it was read keeps its new value
    # (already under the current keys) instead of getting the old one back.
    update = (
        f"UPDATE {table} SET {col} = %s"
        + (hashed and f"{hashed} = %s")
        + f" WHERE {pk} = %s AND {col} = %s"
    )
    while True:
        with transaction.atomic(using=using), connection.cursor() as cursor:
            if after is None:
                cursor.execute(f"{select} ORDER BY {pk} LIMIT %s", [batch_size])
            else:
                cursor.execute(
                    f"{select} WHERE {pk} > %s ORDER BY {pk} LIMIT %s", [after, batch_size]
                )
            rows = cursor.fetchall()
            if not rows:
                return
            changes = list(_changes(rows, column, clear))
            if changes:
                cursor.executemany(update, changes)
        after = rows[-1][0]
        yield after, len(changes)


def _changes(rows: Iterable[tuple], column: Column, clear: bool = False) -> Iterator[list[Any]]:
    for row in rows:
        stored = row[1] or ""
        plain = decrypt(stored) if is_encrypted(stored) else stored
        if clear:  # a migration undone: the plain value back, no hash
            if plain != stored or (column.hash_column and row[2]):
                yield [plain, "", *row[:2]] if column.hash_column else [plain, *row[:2]]
            continue
        sealed = (
            stored if stored and is_current(stored) and is_encrypted(stored) else encrypt(plain)
        )
        if not column.hash_column:
            if sealed != stored:
                yield [sealed, *row[:2]]
            continue
        digest = keyed_hash(plain, column.normalise)
        if sealed != stored or digest != (row[2] or ""):
            yield [sealed, digest, *row[:2]]


def reseal_all(
    *, using: str = "default", batch_size: int = 1000, report: Callable[[str], None] | None = None
) -> dict[str, int]:
    """`reseal` over every encrypted column; the count of rows changed per column."""
    totals = {}
    for column in columns():
        changed = 0
        for _last, n in reseal(column, using=using, batch_size=batch_size):
            changed += n
        totals[column.label] = changed
        if report:
            report(f"{column.label}: {changed} rows rewritten")
    return totals


def migrate_column(
    table: str, column: str, hash_column: str = "", normalise: str = ""
) -> tuple[Callable[[Any, Any], None], Callable[[Any, Any], None]]:
    """RunPython functions (forward, backward) encrypting one column in place and filling its
    hash, or writing the plain values back: migrations name the table and columns as they were,
    never the live model."""
    target = Column(table, "id", column, hash_column, normalise)

    def forward(apps: Any, schema_editor: Any) -> None:
        for _ in reseal(target, using=schema_editor.connection.alias):
            pass

    def backward(apps: Any, schema_editor: Any) -> None:
        for _ in reseal(target, using=schema_editor.connection.alias, clear=True):
            pass

    return forward, backward
