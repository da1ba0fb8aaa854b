"""Columns the apps above clues add to the supervisor overview (督办总览), registered in their
`AppConfig.ready()` the way they add counts to the home page (`org.work.WORK_COUNTS`).

Why a registry rather than moving the page up to dispatch: the overview is the clue supervisors'
page (its rows are the clue divisions, its triage row the clue routing queue, its 催办 a clue
service, its links the clue inbox and the listed-supervision register), so it stays with clues;
the cases app, a layer above (pyproject's import-linter contract), hands in its own figures and
the links to its own list without clues ever importing it. A new app (credit, campaigns) can add
a column the same way. Each column is one grouped aggregate query, whatever the number of
divisions, and its link is its own list filtered exactly as the figure was counted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _

from wageguard.core.registry import Registry

Number = int | Decimal


@dataclass(frozen=True)
class Window:
    """The period of the period columns (money recovered): this month, quarter or year."""

    key: str
    first: dt.date
    last: dt.date
    label: Any


PERIODS = {"month": _("本月"), "quarter": _("本季度"), "year": _("本年")}
DEFAULT_PERIOD = "year"


def window(key: str, today: dt.date) -> Window:
    """The period `key` up to today (an unknown key is the default: the page never fails on it)."""
    if key not in PERIODS:
        key = DEFAULT_PERIOD
    if key == "month":
        first = today.replace(day=1)
    elif key == "quarter":
        first = today.replace(month=(today.month - 1) // 3 * 3 + 1, day=1)
    else:
        first = today.replace(month=1, day=1)
    return Window(key, first, today, PERIODS[key])


@dataclass(frozen=True)
class OverviewColumn:
    """One figure per division. `counts(user, today, due_soon_limit, window, only)` answers the
    figure by the division of the rows (the overview rolls counties up into prefectures), in
    one grouped query, of what `user` may see; `only` narrows to those division codes (a city's
    own), None meaning all. `link(code, own_level, window)` is the list that shows those rows
    (`own_level`: the division itself, not the divisions below it: the triage row). `money`
    figures link to a list whose amounts sum to them; `lower_is_worse` ranks the smallest
    first; `tone` "danger" colours a non-zero figure red."""

    label: Any
    hint: Any
    counts: Callable[[Any, dt.date, dt.date, Window, list[str] | None], Mapping[str, Number]]
    link: Callable[[str, bool, Window], str]
    money: bool = False
    lower_is_worse: bool = False
    tone: str = ""


OVERVIEW_COLUMNS: Registry[OverviewColumn] = Registry("supervisor overview columns")

__all__ = ["OVERVIEW_COLUMNS", "OverviewColumn", "Window", "window"]
