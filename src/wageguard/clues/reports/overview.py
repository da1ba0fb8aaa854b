"""Supervisor overview (督办总览): the league table of the divisions one level below the viewer,
to answer the supervisor's question "who is behind?".

Each row is a division (a city's counties, the province's prefectures; a county sees itself)
with its open, due-soon, overdue and urgent clues, the overdue rate, the trend of its overdue
clues against a week ago, its reopened clues and open listed items (挂牌督办), then the columns
other apps register (`overview_columns.OVERVIEW_COLUMNS`: the cases near and past their limit,
the money recovered in the period). Clues waiting in a city's or the province's own triage
queue get their own row (本级分拣), linked like the others with `own_level`.

Every figure is one grouped query over the rows' own divisions (no join: the open-clue index
serves it), rolled up here (a county's clues count for its prefecture at the province), so the
page costs a fixed number of queries whatever the number of divisions. Every figure's link is
the list it counts, filtered the same way (`links`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import reduce
from operator import or_
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Min, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wageguard.core.deadlines import Clock
from wageguard.core.paging import query_string
from wageguard.org.models import User
from wageguard.regions.models import Level, Region

from .. import register
from ..filters import STAGE, only_open
from ..models import Clue, DivisionReminder, OverviewSnapshot
from ..overview_columns import OVERVIEW_COLUMNS, Window, window
from ..rules import Sla

TREND_DAYS = 7


@dataclass
class Row:
    region: Region
    triage: bool  # the viewer's own level: clues not yet routed to a subordinate region
    open: int = 0
    due_soon: int = 0
    overdue: int = 0
    urgent: int = 0
    reopened: int = 0
    listed: int = 0  # open listed-supervision items (挂牌督办) on the region's clues
    oldest_overdue: Clue | None = None
    # Overdue clues a week ago (the daily snapshot); None when no snapshot was taken that day.
    week_ago: int | None = None
    reminded: bool = False  # 催办 sent by the viewer's bureau today
    extra: dict[str, Any] = field(default_factory=dict)  # the registered columns' figures

    @property
    def overdue_rate(self) -> Decimal | None:
        """Overdue clues as a percentage of open ones, one decimal; None with nothing open."""
        return rate(self.overdue, self.open)

    @property
    def trend(self) -> int | None:
        """Overdue clues now less a week ago: positive is falling further behind."""
        return None if self.week_ago is None else self.overdue - self.week_ago

    def value(self, key: str) -> Any:
        if key in self.extra:
            return self.extra[key]
        return getattr(self, key)


def rate(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(100) * part / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def viewer_region(user: User) -> Region:
    if user.agency_id:
        return user.agency.region
    return Region.objects.get(code=f"{settings.WAGEGUARD_PROVINCE}0000")


def _groups(home: Region, regions: list[Region]) -> dict[str, str]:
    """Which row each division's clues count for: a county's clues for its city at the province."""
    groups = {r.code: r.code for r in regions}
    if home.level == Level.PROVINCE:
        for code, parent in Region.objects.filter(
            province_code=home.province_code, level=Level.COUNTY
        ).values_list("code", "parent_id"):
            groups[code] = parent if parent in groups else home.code
    return groups


def rows(user: User, clock: Clock, period: Window | None = None) -> list[Row]:
    """One row per subordinate region (and the viewer's own triage queue), in code order.

    The database groups by the clue's own division and the rows are rolled up here, a few
    hundred numbers at most.
    """
    period = period or window("", clock.today)
    home = viewer_region(user)
    if home.level == Level.COUNTY:
        regions = [home]
    else:
        regions = [home, *Region.objects.filter(parent=home).order_by("code")]
    by_code = {
        r.code: Row(r, triage=r.code == home.code and home.level != Level.COUNTY) for r in regions
    }
    groups = _groups(home, regions)
    only = list(groups) if home.level != Level.PROVINCE else None

    def add(code: str, name: str, value: Any) -> Row | None:
        row = by_code.get(groups.get(code, ""))
        if row is not None:
            row.extra[name] = row.extra.get(name, 0) + value
        return row

    # Every row below is open already, so the SLA conditions need no open/closed branches.
    overdue = clock.q(Sla.OVERDUE, open_only=True)
    scoped = only_open(Clue.objects.restrict(user, "view"))
    if only is not None:
        scoped = scoped.filter(region_id__in=only)
    counts = (
        scoped.values("region_id")
        .annotate(
            n_open=Count("pk"),
            n_due_soon=Count("pk", filter=clock.q(Sla.DUE_SOON, open_only=True)),
            n_overdue=Count("pk", filter=overdue),
            n_urgent=Count("pk", filter=Q(urgent=True)),
            n_reopened=Count("pk", filter=Q(reopened_count__gt=0)),
            oldest_due=Min("due_date", filter=overdue),
        )
        .order_by()
    )
    oldest: dict[str, tuple] = {}  # row code -> (due date, [division codes with that date])
    for c in counts:
        group = groups.get(c["region_id"])
        row = by_code.get(group) if group else None
        if row is None:  # a clue outside the expected tree (e.g. another province's triage)
            continue
        row.open += c["n_open"]
        row.due_soon += c["n_due_soon"]
        row.overdue += c["n_overdue"]
        row.urgent += c["n_urgent"]
        row.reopened += c["n_reopened"]
        due = c["oldest_due"]
        if due is not None:
            best = oldest.get(group)
            if best is None or due < best[0]:
                oldest[group] = (due, [c["region_id"]])
            elif due == best[0]:
                best[1].append(c["region_id"])
    if oldest:
        match = reduce(
            or_, (Q(region_id__in=codes, due_date=due) for due, codes in oldest.values())
        )
        candidates = (
            scoped.filter(overdue)
            .filter(match)
            .only("pk", "tracking_code", "due_date", "region_id", "received_at")
            .order_by("received_at", "pk")
        )
        for clue in candidates:
            row = by_code[groups[clue.region_id]]
            if row.oldest_overdue is None and clue.due_date == oldest[groups[clue.region_id]][0]:
                row.oldest_overdue = clue
    # Listed items (挂牌督办) still open, by their clue's division: one more grouped query.
    for code, n in register.counts_by_region(user, only).items():
        row = by_code.get(groups.get(code, ""))
        if row is not None:
            row.listed += n
    # The registered columns (cases ...), one grouped query each.
    for key, column in OVERVIEW_COLUMNS.items():
        for row in by_code.values():
            row.extra[key] = Decimal(0) if column.money else 0
        for code, value in column.counts(
            user, clock.today, clock.due_soon_limit, period, only
        ).items():
            add(code, key, value)
    _trend(by_code, groups, home, clock.today)
    if user.agency_id and home.level != Level.COUNTY:
        sent = DivisionReminder.objects.filter(by_agency_id=user.agency_id, day=clock.today)
        for code in sent.values_list("region_id", flat=True):
            if code in by_code:
                by_code[code].reminded = True
    ordered = sorted(by_code.values(), key=lambda r: (not r.triage, r.region.code))
    return [r for r in ordered if not r.triage or r.open or r.listed or any(r.extra.values())]


def province_code() -> str:
    return f"{settings.WAGEGUARD_PROVINCE}0000"


def _trend(by_code: dict[str, Row], groups: dict[str, str], home: Region, today: dt.date) -> None:
    """Each row's overdue clues a week ago, from that day's snapshot (one query). The snapshot
    always has the province's own row, so a day without it is a day the job did not run."""
    day = today - dt.timedelta(days=TREND_DAYS)
    qs = OverviewSnapshot.objects.filter(day=day)
    if home.level != Level.PROVINCE:
        qs = qs.filter(region_id__in=[*groups, province_code()])
    taken = False
    week: dict[str, int] = {}
    for code, n in qs.values_list("region_id", "overdue"):
        taken = True
        group = groups.get(code)
        if group in by_code:
            week[group] = week.get(group, 0) + n
    if taken:
        for code, row in by_code.items():
            row.week_ago = week.get(code, 0)


def snapshot(today: dt.date | None = None) -> int:
    """Records today's open and overdue clues per division (the daily job; re-runnable: a
    later run the same day replaces the day's figures). Returns the rows written."""
    today = today or timezone.localdate()
    clock = Clock(today, today, STAGE)
    counts = (
        only_open(Clue.objects.all())
        .values("region_id")
        .annotate(n_open=Count("pk"), n_overdue=Count("pk", filter=clock.q(Sla.OVERDUE, True)))
        .order_by()
    )
    rows_ = {
        c["region_id"]: OverviewSnapshot(
            day=today, region_id=c["region_id"], open=c["n_open"], overdue=c["n_overdue"]
        )
        for c in counts
    }
    root = province_code()
    if root not in rows_ and Region.objects.filter(code=root).exists():
        rows_[root] = OverviewSnapshot(day=today, region_id=root)
    with transaction.atomic():
        OverviewSnapshot.objects.filter(day=today).delete()
        OverviewSnapshot.objects.bulk_create(rows_.values())
    return len(rows_)


# ---- the page's columns, their links and the league table's order ----


@dataclass(frozen=True)
class Column:
    """A column of the league table: `kind` is count, money, rate or trend; `link(code, own,
    period)` the list behind a figure (None: not a list, e.g. the trend)."""

    key: str
    label: Any
    hint: Any
    kind: str = "count"
    link: Callable[[str, bool, Window], str] | None = None
    lower_is_worse: bool = False
    tone: str = ""


def _list(name: str, **params: str) -> Callable[[str, bool, Window], str]:
    def link(code: str, own: bool, _period: Window) -> str:
        shown = {**params, "region": code}
        if own:
            shown["own_level"] = "1"
        return reverse(name) + "?" + query_string(shown)

    return link


def inbox_link(**params: str) -> Callable[[str, bool, Window], str]:
    return _list("clues:inbox", state="open", **params)


def columns() -> list[Column]:
    """The built-in clue columns, then the registered ones, in the table's order."""
    overdue_link = inbox_link(sla="overdue")
    built_in = [
        Column("open", _("办理中"), _("办理中的线索"), link=inbox_link()),
        Column(
            "due_soon",
            _("即将到期"),
            _("剩余工作日不多于提醒天数"),
            link=inbox_link(sla="due_soon"),
        ),
        Column(
            "overdue", _("已超期"), _("办理中、已过本阶段期限"), link=overdue_link, tone="danger"
        ),
        Column("overdue_rate", _("超期率"), _("已超期 / 办理中"), kind="rate", link=overdue_link),
        Column("trend", _("较上周"), _("已超期线索数与 7 天前相比"), kind="trend"),
        Column("urgent", _("紧急"), _("办理中的紧急线索"), link=inbox_link(urgent="1")),
        Column(
            "reopened", _("重新办理"), _("反映人不满意后重新办理"), link=inbox_link(reopened="1")
        ),
        Column(
            "listed",
            _("挂牌督办"),
            _("督办中（待报告和待销号）的挂牌督办事项"),
            link=_list("clues:supervisions", state="open"),
        ),
    ]
    registered = [
        Column(
            key,
            c.label,
            c.hint,
            kind="money" if c.money else "count",
            link=c.link,
            lower_is_worse=c.lower_is_worse,
            tone=c.tone,
        )
        for key, c in OVERVIEW_COLUMNS.items()
    ]
    return built_in + registered


def column_keys() -> list[str]:
    return [c.key for c in columns()]


DEFAULT_SORT = "overdue"


def sort_rows(rows_: list[Row], key: str, desc: bool) -> list[Row]:
    """The triage row first (it is the viewer's own queue, not a division to rank), then the
    divisions by `key` (ties by the overdue rate, worst first, then by code); rows without a
    figure (no rate with nothing open, no trend without last week's snapshot) last."""
    triage = [r for r in rows_ if r.triage]
    ranked = sorted((r for r in rows_ if not r.triage), key=lambda r: r.region.code)
    ranked.sort(key=lambda r: -(r.overdue_rate or 0))
    present = [r for r in ranked if r.value(key) is not None]
    missing = [r for r in ranked if r.value(key) is None]
    present.sort(key=lambda r: r.value(key), reverse=desc)
    return triage + present + missing


def worst(rows_: list[Row], n: int = 3) -> list[Row]:
    """The divisions furthest behind: most overdue clues, then the highest overdue rate; only
    those with something overdue are named."""
    behind = [r for r in rows_ if not r.triage and r.overdue]
    return sort_rows(behind, DEFAULT_SORT, desc=True)[:n]


def totals(rows_: list[Row]) -> dict[str, Any]:
    out: dict[str, Any] = {
        name: sum(getattr(r, name) for r in rows_)
        for name in ("open", "due_soon", "overdue", "urgent", "reopened", "listed")
    }
    for key in OVERVIEW_COLUMNS.names():
        out[key] = sum((r.extra.get(key, 0) for r in rows_), 0)
    out["overdue_rate"] = rate(out["overdue"], out["open"])
    # Either every row has last week's figure (the snapshot was taken) or none has.
    taken = any(r.week_ago is not None for r in rows_)
    out["trend"] = out["overdue"] - sum(r.week_ago or 0 for r in rows_) if taken else None
    return out


def trend_words(delta: int | None) -> tuple[str, str]:
    """The trend cell: an arrow and words (the arrow alone says nothing to a screen reader)."""
    if delta is None:
        return "", gettext("无上周记录")
    if delta > 0:
        return "↑", gettext("比上周多 %(n)d 件") % {"n": delta}
    if delta < 0:
        return "↓", gettext("比上周少 %(n)d 件") % {"n": -delta}
    return "→", gettext("与上周持平")
