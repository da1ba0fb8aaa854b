"""Demo publicity (宣传): published typical cases drawn from decided demo cases (武侯区's first,
then other bureaus'), and about fifteen publicity-log entries across the channels, from county
bureaus of several prefectures, 成都市 and the province."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone

from wageguard.cases.models import EnforcementCase
from wageguard.org.models import User
from wageguard.org.rules import Role
from wageguard.publication.publicity import services as publicity
from wageguard.publication.publicity.models import PublicityEntry
from wageguard.publication.queue import DECIDED_STATES
from wageguard.publication.typical import services as typical
from wageguard.publication.typical.models import TypicalCase

TYPICAL = 4
WUHOU = "510107"
LESSONS = (
    "用人单位应当按照约定足额支付工资；人社部门依法责令支付，逾期不支付的依法加付赔偿金。",
    "工程建设领域实行农民工工资专用账户和总包代发制度，施工总承包单位对分包单位拖欠负先行清偿责任。",
    "拖欠农民工工资达到数额较大，经责令支付仍不支付的，涉嫌拒不支付劳动报酬罪，将依法移送公安机关。",
    "农民工遇到欠薪可拨打 12333 或通过“根治欠薪”线索平台反映，人社部门依法受理、限时办结。",
)
# (channel, days ago, title)
ENTRIES = [
    ("website", 3, "人社局门户网站发布根治欠薪冬季专项行动公告"),
    ("wechat", 5, "微信公众号推送《保障农民工工资支付条例》以案释法"),
    ("weibo", 6, "官方微博发布欠薪线索反映渠道"),
    ("press", 9, "地方日报刊登根治欠薪典型案例"),
    ("broadcast", 12, "电视台新闻栏目报道冬季欠薪集中整治"),
    ("short_video", 14, "短视频平台发布农民工维权普法短片"),
    ("other", 18, "工地现场开展普法宣传咨询活动"),
]


def _typical_cases() -> int:
    made = 0
    cases = list(
        EnforcementCase.objects.filter(state__in=DECIDED_STATES, typical_cases__isnull=True)
        .select_related("agency")
        .order_by("-decided_on", "pk")[:500]
    )
    # 武侯区's first (its demo logins publish), then one per other bureau, so the public list
    # shows several places.
    cases.sort(key=lambda c: c.region_id != WUHOU)
    seen_agencies: set[int] = set()
    for case in cases:
        if made >= TYPICAL:
            break
        if case.agency_id in seen_agencies:
            continue
        inspector = User.objects.filter(agency=case.agency_id, role=Role.INSPECTOR).first()
        leader = User.objects.filter(agency=case.agency_id, role=Role.SUPERVISOR).first()
        if inspector is None or leader is None:
            continue
        text = typical.proposed(typical.case_for_check(case.pk))
        try:
            draft = typical.create(inspector, case, **{**text, "lessons": LESSONS[made]})
        except ValidationError:  # the proposal happened to hold a name of the case: skip it
            continue
        typical.transition(
            draft, "publish", leader, published_on=case.decided_on or timezone.localdate()
        )
        seen_agencies.add(case.agency_id)
        made += 1
    return made


def _loggers() -> list[User]:
    """Inspectors of a few county bureaus in different prefectures, 成都市's leader and the
    province's task force."""
    out: list[User] = []
    prefectures: set[str] = set()
    inspectors = sorted(
        User.objects.filter(
            role=Role.INSPECTOR, agency__region__level="county", is_active=True
        ).select_related("agency__region"),
        key=lambda u: (u.agency.region_id != WUHOU, u.agency.region_id, u.pk),
    )
    for user in inspectors:
        prefecture = user.agency.region_id[:4]
        if prefecture not in prefectures:
            prefectures.add(prefecture)
            out.append(user)
    out += list(User.objects.filter(username__in=["chengdu-supervisor", "province-taskforce"]))
    return out


def seed() -> tuple[int, int]:
    """Creates the typical cases and the log once; returns how many of each it made."""
    if TypicalCase.objects.exists() or PublicityEntry.objects.exists():
        return 0, 0
    made = _typical_cases()
    first = TypicalCase.objects.filter(state="published").order_by("pk").first()
    loggers = _loggers()
    if not loggers:
        return made, 0
    today = timezone.localdate()
    entries = 0
    for n in range(15):
        channel, days, title = ENTRIES[n % len(ENTRIES)]
        user = loggers[n % len(loggers)]
        linked = first if channel == "press" and first is not None else None
        if linked is not None and not TypicalCase.objects.restrict(user).filter(pk=linked.pk):
            linked = None
        publicity.record(
            user,
            channel=channel,
            held_on=today - dt.timedelta(days=days + n),
            title=f"{user.agency.name}：{title}",
            url=f"https://example.com/publicity/{n + 1}" if channel != "other" else "",
            typical_case=linked,
        )
        entries += 1
    return made, entries
