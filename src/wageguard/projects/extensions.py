"""Slots the apps above projects fill in their `AppConfig.ready()`, so the project app shows or
does what it cannot import: the clues and cases against the project or its contractors on the
project page, and what a warning can be turned into (a clue, a case) from its page (DESIGN: a
higher app adds to a lower app through a registry)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise

from wageguard.core.registry import Registry


@dataclass(frozen=True)
class ProjectPanel:
    """A section of the project page: `template` is included with `panel`, the dict
    `context(project, user)` returns, or left out when it returns None (a role that may not see
    it)."""

    template: str
    context: Callable[[Any, Any], dict | None]


PROJECT_PANELS: Registry[ProjectPanel] = Registry("project page panels")


@dataclass(frozen=True)
class OutcomeResult:
    ref: str  # what the page shows: the clue's tracking code, the case number
    url: str  # where the page links


@dataclass(frozen=True)
class WarningOutcome:
    """Where a warning may be handed on: `run(warning, user, note)` creates the clue, case or
    ledger item through that app's own service (its checks, audit and deadlines) and says how
    to find it; `may(user)` says whether the user's role can create one."""

    label: str | Promise
    run: Callable[[Any, Any, str], OutcomeResult]
    may: Callable[[Any], bool]


WARNING_OUTCOMES: Registry[WarningOutcome] = Registry("what a warning can be turned into")


# A general contractor's record as the apps above projects know it (人社部发〔2021〕65号 art. 12:
# arrears in the 2 years before lodging, a credit listing, raise the deposit's rate): each
# provider is `fn(enterprise_ids, since) -> iterable of deposits.rules.ContractorRecord`, one
# query for the whole list. Filled by cases (closed cases with arrears) and credit (listings).
ContractorRecordProvider = Callable[[list[int], Any], Any]
CONTRACTOR_RECORDS: Registry[ContractorRecordProvider] = Registry("general contractor records")
