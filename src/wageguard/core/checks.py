"""Start-up checks for what the audit chain relies on."""

from typing import Any

from django.conf import settings
from django.core.checks import Error, register


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
