"""Slots the apps above parties fill in their `AppConfig.ready()`, so an enterprise's page shows
its history across the apps (clues naming it, cases it is a party to, its credit listings, the
projects it builds) without parties importing any of them."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from wageguard.core.registry import Registry


@dataclass(frozen=True)
class EnterprisePanel:
    """A section of the enterprise page: `template` is included with `panel`, the dict
    `context(enterprise, user)` returns, or left out when it returns None (a role that may not
    see it). Each context reads only rows the user may see (`restrict`)."""

    template: str
    context: Callable[[Any, Any], dict | None]


ENTERPRISE_PANELS: Registry[EnterprisePanel] = Registry("enterprise page panels")
