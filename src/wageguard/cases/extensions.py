"""Slots the apps above cases fill in their `AppConfig.ready()` (DESIGN: a higher app adds to a
lower app's page, export or job through a registry), so cases shows and exports what it cannot
import: the credit list's card on the case page and its column in the Excel ledger, and the
inspection finding a case is filed from.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from wageguard.core.registry import Registry


@dataclass(frozen=True)
class CasePanel:
    """A card in the case page's side column: `template` is included with `panel`, the dict
    `context(case, user)` returns, or left out when it returns None (e.g. a role that may not
    see it)."""

    template: str
    context: Callable[[Any, Any], dict | None]


@dataclass(frozen=True)
class ExportColumn:
    """A column of the case ledger (案件台账): `annotations()` adds the case query's
    annotations (correlated subqueries: the export stays one query per chunk), `value(case)`
    the cell read from them."""

    header: str
    width: int
    annotations: Callable[[], dict]
    value: Callable[[Any], str]


@dataclass(frozen=True)
class FiledFrom:
    """What a case is filed from: the form's initial values, the history note once filed, and
    the line the filing page shows."""

    initial: dict
    note: str
    banner: str


@dataclass(frozen=True)
class FilingSource:
    """Files a case from something of another app, named by the query parameter `?<name>=<id>`:
    `lookup(user, value)` finds it within the user's jurisdiction, or returns None."""

    lookup: Callable[[Any, str], FiledFrom | None]


CASE_PANELS: Registry[CasePanel] = Registry("case page panels")
EXPORT_COLUMNS: Registry[ExportColumn] = Registry("case ledger columns")
FILING_SOURCES: Registry[FilingSource] = Registry("case filing sources")
