"""Slots the apps above projects fill in their `AppConfig.ready()`, so the project page shows what
projects cannot import: the clues and cases against the project or its contractors (DESIGN: a
higher app adds to a lower app's page through a registry)."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from wageguard.core.registry import Registry


@dataclass(frozen=True)
class ProjectPanel:
    """A section of the project page: `template` is included with `panel`, the dict
    `context(project, user)` returns, or left out when it returns None (a role that may not see
    it)."""

    template: str
    context: Callable[[Any, Any], dict | None]


PROJECT_PANELS: Registry[ProjectPanel] = Registry("project page panels")
