"""Demo clues: every channel, state, SLA state and county, some urgent, merged and reopened.

Clues are driven through the real services (intake, transition, rating) so history, audit and
messages are what production would hold; afterwards their timestamps are moved back across the
last 90 days, with deadlines recomputed on the working-day calendar, so inboxes show realistic
on-time, due-soon and overdue work.
"""

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from wageguard.clues import services
from wageguard.clues.models import Clue, ClueSettings, Supervision
from wageguard.clues.reports import overview
from wageguard.clues.rules import INVESTIGATION_DAYS, Action, Channel, Sector
from wageguard.clues.services import listed
from wageguard.clues.validation import clean_intake
from wageguard.core.calendar import add_workdays
from wageguard.org.models import User

from .synthetic import Synthetic, counties_of

SIZES = {"tiny": 60, "small": 1200, "province": 20000}
PATHS = [
    ([], 14),
    ([Action.ACCEPT], 10),
    ([Action.ACCEPT, Action.START_VERIFICATION], 18),
    ([Action.ACCEPT, Action.START_VERIFICATION, Action.RESOLVE], 6),
    ([Action.ACCEPT, Action.START_VERIFICATION, Action.RESOLVE, Action.REPLY], 10),
    ([Action.ACCEPT, Action.START_VERIFICATION, Action.RESOLVE, Action.REPLY, Action.CLOSE], 26),
    ([Action.ACCEPT, Action.START_VERIFICATION, Action.MARK_UNSUBSTANTIATED, Action.REPLY], 4),
    ([Action.ACCEPT, Action.START_VERIFICATION, Action.REFER, Action.REPLY], 3),
    ([Action.ACCEPT, Action.START_VERIFICATION, Action.CONVERT_TO_CASE], 3),
    # Answers other than acceptance (若干规定 art. 18): a request to supplement, a notice where
    # to go, and the one written refusal, for a violation older than 2 years.
    ([Action.REQUEST_SUPPLEMENT], 3),
    ([Action.REDIRECT, Action.CLOSE], 2),
    ([Action.REJECT, Action.CLOSE], 1),
]
DATA = {
    Action.RESOLVE: lambda rng: {
        "resolution": rng.choice(["paid_in_full", "paid_in_part", "mediated"])
    },
    Action.MARK_UNSUBSTANTIATED: lambda rng: {"note": "经核查，工资已按月足额发放"},
    Action.REFER: lambda rng: {"target": "arbitration", "note": "属劳动争议，告知申请仲裁"},
    Action.REPLY: lambda rng: {
        "reply_text": "经核查处理，用人单位已于近日支付拖欠工资，请注意查收。"
    },
    Action.REJECT: lambda rng: {
        "reason": "time_barred",
        "violation_ended_on": timezone.localdate() - dt.timedelta(days=rng.choice([900, 1200])),
    },
    Action.REQUEST_SUPPLEMENT: lambda rng: {
        "missing": rng.choice(["employer", "material"]),
        "detail": "请补充用人单位全称或统一社会信用代码、欠薪月份和工资约定。",
    },
    Action.REDIRECT: lambda rng: {
        "redirect_kind": rng.choice(["not_labour_matter", "other_bureau"]),
        "body": "劳动人事争议仲裁委员会",
    },
    Action.CONVERT_TO_CASE: lambda rng: {"note": "欠薪事实清楚，拒不支付，转立案查处"},
}
DESCRIPTIONS = [
    "项目完工后劳务班组长拖欠工资，多次讨要未果。",
    "公司以资金困难为由拖欠三个月工资。",
    "包工头失联，二十多名工人工资无人支付，工人聚集在项目部。",
    "餐馆停业，老板拖欠服务员两个月工资。",
    "工厂搬迁后未结清离职工人工资。",
    "工地停工，工资表已签字但未发放，有工人扬言要跳楼。",
    "装修公司拖欠木工、泥工工资，老板称甲方未付款。",
    "物业公司拖欠保洁员半年工资。",
    "劳务公司扣押工资卡，实际到手工资少于工资表。",
    "项目部拖欠钢筋工两个月工资，多次电话催要无果。",
    "超市关门，店长拖欠员工最后一个月工资。",
    "劳务分包方称总包未拨付人工费，拖欠工人工资。",
]
# Two of the twelve descriptions carry risk words: about one clue in six.


def seed(size: str = "small", seed_value: int = 2026) -> int:
    """Adds the demo clue set once; returns how many clues were made (0 when already there)."""
    if Clue.objects.exists():
        return 0
    rng = random.Random(seed_value)
    counties = counties_of("51")
    people = Synthetic(counties, seed=seed_value)
    actor = User.objects.get(username="province-inspector")
    wuhou = [c for c in counties if c.code == "510107"]
    employers = [people.employer() for _ in range(max(40, SIZES[size] // 15))]
    weights = [w for _, w in PATHS]
    made: list[Clue] = []
    for i in range(SIZES[size]):
        county = wuhou[0] if i % 6 == 0 else rng.choice(counties)
        employer = rng.choice(employers)
        person = people.person()
        workers = rng.choice([1, 1, 1, 2, 2, 3, 3, 4, 5, 6, 8, 12, 26])
        raw = {
            "reporter_name": person.name,
            "id_number": person.id_number,
            "phone": person.phone,
            "sector": Sector.CONSTRUCTION if rng.random() < 0.6 else Sector.OTHER,
            "employer_name": employer.name,
            "employer_credit_code": employer.credit_code if rng.random() < 0.7 else "",
            "project_name": people.project_name(county) if rng.random() < 0.6 else "",
            "work_address": people.address(county, with_province=rng.random() < 0.5),
            "amount_owed": str(Decimal(workers * rng.randrange(3000, 30000))),
            "workers_owed": workers,
            "description": rng.choice(DESCRIPTIONS),
        }
        channel = rng.choice(Channel.values)
        with transaction.atomic():
            clue = services.intake(
                clean_intake(raw, public=channel == Channel.WEB),
                channel=channel,
                actor=None if channel == Channel.WEB else actor,
            ).clue
            for action in rng.choices([p for p, _ in PATHS], weights)[0]:
                clue = services.transition(
                    clue, action, actor, **DATA.get(action, lambda r: {})(rng)
                )
            _backdate(clue, rng)
        made.append(clue)
    _extras(made, rng, actor)
    _listed(made)
    _overview_snapshots()
    return len(made)


def _overview_snapshots() -> None:
    """A week ago's and today's overview figures, as the daily job `clues.overview-snapshot`
    would have recorded them, so the supervisor overview's 较上周 column compares something on a
    new demo. A week ago is counted from the clues open now against that day's date (the demo
    made them all just now); a real province's come from the job running every day."""
    today = timezone.localdate()
    overview.snapshot(today - dt.timedelta(days=overview.TREND_DAYS))
    overview.snapshot(today)


def _backdate(clue: Clue, rng: random.Random) -> None:
    """Moves a clue's timeline back up to 90 days, keeping its deadlines true to the calendar."""
    cfg = ClueSettings.for_province()
    # Work still open is mostly recent, as in a bureau that keeps up; about one in four is late.
    still_open = clue.replied_at is None and clue.state not in ("closed", "merged")
    days = rng.randrange(0, 12) if still_open and rng.random() < 0.75 else rng.randrange(0, 90)
    received = timezone.now() - dt.timedelta(days=days, hours=rng.randrange(0, 10))
    shift = received - clue.received_at
    changes = {
        "received_at": received,
        "accept_due": add_workdays(timezone.localtime(received).date(), cfg.accept_days).date,
    }
    changes["due_date"] = changes["accept_due"]
    if clue.accepted_at:
        accepted = clue.accepted_at + shift + dt.timedelta(days=rng.randrange(0, 4))
        changes["accepted_at"] = accepted
        changes["due_date"] = add_workdays(timezone.localtime(accepted).date(), cfg.reply_days).date
        if clue.filed_on:  # a complaint: filed for investigation the day it was accepted
            changes["filed_on"] = timezone.localtime(accepted).date()
            limit = add_workdays(changes["filed_on"], INVESTIGATION_DAYS).date
            changes["investigation_due"] = limit
            changes["due_date"] = min(changes["due_date"], limit)
    if clue.state == "awaiting_supplement":
        changes["due_date"] = None  # the wait is the complainant's
    if clue.replied_at:
        replied = received + dt.timedelta(days=rng.randrange(3, 20))
        changes.update(replied_at=replied, replied_on=timezone.localtime(replied).date())
    if clue.closed_at:
        changes["closed_at"] = received + dt.timedelta(days=rng.randrange(20, 30))
    Clue.objects.filter(pk=clue.pk).update(**changes)
    clue.history.update(at=received)


def _extras(made: list[Clue], rng: random.Random, actor: User) -> None:
    """Merged duplicates, reopened clues and ratings, so every page has something to show."""
    waiting: dict[str, list[Clue]] = {}
    for clue in made:
        if clue.state == "received":
            waiting.setdefault(clue.region_id, []).append(clue)
    pairs = [group[:2] for group in waiting.values() if len(group) >= 2][:15]
    for primary, dup in pairs:
        services.transition(dup, Action.MERGE, actor, into=primary.tracking_code)
    replied = [Clue.objects.get(pk=c.pk) for c in made if c.state == "replied"][:60]
    for clue in replied:
        services.rate(clue, rng.choice([1, 2, 4, 5, 5]), "", resolved=rng.random() > 0.2)


# Listed supervision (挂牌督办) in every state, on 武侯区's clues first (its users report back):
# (who lists, what happens next, requirement). Dates are moved back so the register shows an item
# due soon, one overdue and the others in between.
LISTINGS = [
    ("chengdu-supervisor", "listed", "涉及人数较多，请五个工作日内查清欠薪事实并报告"),
    ("province-supervisor", "due_soon", "省级挂牌：春节前务必化解，逐人核对工资发放情况"),
    ("chengdu-supervisor", "overdue", "请约谈总包单位负责人，督促先行清偿"),
    ("chengdu-supervisor", "reported", "请查明劳务分包单位欠薪金额并报告"),
    ("province-supervisor", "returned", "请报告工资支付凭证和工人签收情况"),
    ("chengdu-supervisor", "closed", "请督促用人单位足额支付并报告"),
]

REPORT = "已约谈用人单位负责人，欠薪已支付 60%，余款承诺月底前付清"
RETURNED = "未附工资支付凭证，请补充后重新报告"


def _listed(made: list[Clue]) -> None:
    """Listed items in every state of the register: awaiting report (on time, due soon,
    overdue), reported back, returned to be reported again, and closed (销号)."""
    users = {u.username: u for u in User.objects.filter(username__contains="-")}
    reporter = users.get("wuhou-inspector") or users.get("province-inspector")
    needed = ("chengdu-supervisor", "province-supervisor", "province-inspector")
    if reporter is None or any(name not in users for name in needed):
        return
    open_ = [c for c in made if Clue.objects.get(pk=c.pk).state not in listed.UNLISTABLE_STATES]
    ours = [c for c in open_ if c.region_id == "510107"]
    chengdu = [c for c in open_ if c.region_id.startswith("5101") and c not in ours]
    candidates = ours + chengdu
    today = timezone.localdate()
    for i, (username, path, note) in enumerate(LISTINGS):
        if i >= len(candidates):
            break
        clue = Clue.objects.get(pk=candidates[i].pk)
        lister = users[username]
        days_ago = {"overdue": 12, "reported": 6, "returned": 8, "closed": 15}.get(path, 1)
        row = listed.list_for_supervision(clue, lister, note)
        created = timezone.now() - dt.timedelta(days=days_ago)
        due = add_workdays(timezone.localtime(created).date(), 5).date
        if path == "due_soon":
            due = add_workdays(today, 1).date
        Supervision.objects.filter(pk=row.pk).update(created_at=created, due_date=due)
        row.refresh_from_db()
        if path in ("reported", "returned", "closed"):
            by = reporter if clue.region_id == "510107" else users["province-inspector"]
            row = listed.report_back(row, by, REPORT)
        if path == "returned":
            listed.review(row, lister, "return", RETURNED, add_workdays(today, 3).date)
        if path == "closed":
            listed.review(row, lister, "close", "已核实工资全部支付，同意销号")
