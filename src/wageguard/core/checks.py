"""Start-up checks for what the audit chain relies on."""

from typing import Any

from django.conf import settings
from django.core.checks import Error, Warning, register


@register()
def audit_writers_serialised(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    """On SQLite the chain is safe only if every transaction takes the write lock at BEGIN.

    With the default DEFERRED mode two writers could both read the same last hash before either
    writes, and the chain would fork; PostgreSQL uses an advisory lock instead.
    """
    return sqlite_problems(settings.DATABASES)


def sqlite_problems(databases: dict[str, dict]) -> list[Error]:
    errors = []
    for alias, db in databases.items():
        if db.get("ENGINE", "").endswith(("sqlite3", "core.sqlite")):
            mode = (db.get("OPTIONS") or {}).get("transaction_mode")
            if str(mode).upper() != "IMMEDIATE":
                errors.append(
                    Error(
                        f"SQLite database '{alias}' must use OPTIONS transaction_mode='IMMEDIATE'",
                        hint="The audit chain needs writers serialised at BEGIN.",
                        id="core.E001",
                    )
                )
    return errors


@register(deploy=True)
def audit_key_of_its_own(app_configs: Any = None, **kwargs: Any) -> list[Warning]:
    """The audit chain's key falls back to one derived from SECRET_KEY, and rotating SECRET_KEY
    would then break every later verification: production sets its own."""
    if settings.WAGEGUARD_AUDIT_KEY:
        return []
    return [
        Warning(
            "WAGEGUARD_AUDIT_KEY is not set: the audit chain's key is derived from SECRET_KEY.",
            hint="Set WAGEGUARD_AUDIT_KEY (a long random value kept outside the database) and "
            "never change it.",
            id="wageguard.W001",
        )
    ]


@register(deploy=True)
def personal_data_keys_of_their_own(app_configs: Any = None, **kwargs: Any) -> list[Warning]:
    """Without their own keys, ID and mobile numbers are encrypted under keys derived from
    SECRET_KEY: rotating SECRET_KEY would make them unreadable, and whoever has the settings
    file has both the database's key and the database's copy."""
    missing = [
        name
        for name in ("WAGEGUARD_DATA_KEYS", "WAGEGUARD_INDEX_KEYS")
        if not getattr(settings, name)
    ]
    return [
        Warning(
            f"{name} is not set: personal data at rest uses a key derived from SECRET_KEY.",
            hint="Set it in the environment (docs/deploy.md, key management), kept and backed "
            "up apart from the database.",
            id="wageguard.W002",
        )
        for name in missing
    ]


@register()
def personal_data_keys_readable(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    """A malformed data key is refused at start-up, not at the first clue saved."""
    from django.core.exceptions import ImproperlyConfigured

    from .crypto import keyring

    try:
        keyring()
    except ImproperlyConfigured as exc:
        return [Error(str(exc), id="wageguard.E002")]
    return []
