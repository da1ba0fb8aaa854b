"""The home page's "my work" (issue 14 item 2: the inspector's question, "what must I do
today?"): counts the apps above org register in their `AppConfig.ready()`, each the count of a
list the app already has, with the link to that list filtered the same way, so a number on the
home page is always the number of rows its link shows.

Registered by clues (to accept, due today, overdue, awaiting reply) and cases (near their limit,
overdue). Org never imports them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse

from wageguard.core.paging import query_string
from wageguard.core.registry import Registry


@dataclass(frozen=True)
class WorkCount:
    """One figure of the home page. `count(user)` answers (number, list URL), or None when the
    user's role does not see that list; `tone` colours it: "danger" for work past its time,
    "warning" for work due now, "" otherwise."""

    label: Any
    hint: Any
    count: Callable[[Any], tuple[int, str] | None]
    tone: str = ""


WORK_COUNTS: Registry[WorkCount] = Registry("home page work counts")


@dataclass
class Shown:
    key: str
    item: WorkCount
    value: int
    url: str


def my_work(user: Any) -> list[Shown]:
    """The figures `user` may see, in registry order (one COUNT query each)."""
    shown = []
    for key, item in WORK_COUNTS.items():
        answer = item.count(user)
        if answer is not None:
            shown.append(Shown(key, item, *answer))
    return shown


def list_count(
    model: str,
    list_name: str,
    rows: Callable[[Any, dict[str, str]], QuerySet],
    params: Callable[[], dict[str, str]],
) -> Callable[[Any], tuple[int, str] | None]:
    """A `WorkCount.count` for a list page: `rows(user, filters)` is the list's own filtering
    of what `user` may see; the figure is their number and the link the list with the same
    filters (`params()`, asked each time: "today" moves). None for a role that may not view
    `model`."""

    def count(user: Any) -> tuple[int, str] | None:
        if not user.can("view", model):
            return None
        shown = params()
        return rows(user, shown).order_by().count(), reverse(list_name) + "?" + query_string(shown)

    return count
