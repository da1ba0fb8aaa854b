"""The demo's winter campaign (冬季专项行动) in Sichuan, with targets and milestones, 武侯区's
own campaign inside it, and a problem ledger in every state: failed test calls of county
hotlines open items (through the real services: deadline, campaign, history, audit), which the
counties rectify with a photo, 成都市 verifies and closes or returns, and the province
supervises and notifies. Re-running finds the campaign and does nothing."""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from wageguard.campaigns import services as ledger
from wageguard.campaigns.models import Campaign, LedgerItem
from wageguard.inspections import services as inspections
from wageguard.org.models import Agency, AgencyKind, User

from .coordination import seed as seed_coordination
from .sweeps import seed as seed_sweeps

NAME = "根治欠薪冬季专项行动"
# A 1x1 PNG standing in for the rectification photo.
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)
# (county, what happens to its item): 武侯区 and 锦江区 have demo users to act; the other 成都市
# counties' items stay open, one of them overdue.
PATHS = (
    ("510107", "open"),
    ("510107", "rectified"),
    ("510107", "closed"),
    ("510107", "returned"),
    ("510104", "supervised"),
    ("510104", "notified"),
    ("510104", "closed"),
    ("510105", "open"),
    ("510106", "overdue"),
    ("510108", "supervised"),
)
BUREAU_USERS = {"510107": "wuhou-inspector", "510104": "jinjiang-inspector"}


def season(today: dt.date) -> tuple[dt.date, dt.date]:
    """The winter campaign around `today`: 1 November to 5 February (before the Spring Festival)."""
    year = today.year if today.month >= 7 else today.year - 1
    return dt.date(year, 11, 1), dt.date(year + 1, 2, 5)


def _photo() -> SimpleUploadedFile:
    return SimpleUploadedFile("整改照片.png", PNG, content_type="image/png")


@transaction.atomic
def seed(province_code: str = "51") -> int:
    """Creates the campaigns and the ledger once; returns the number of ledger items opened."""
    if Campaign.objects.filter(name__endswith=NAME).exists():
        return 0
    taskforce = User.objects.filter(username="province-taskforce").first()
    city = User.objects.filter(username="chengdu-supervisor").first()
    wuhou_leader = User.objects.filter(username="wuhou-leader").first()
    if taskforce is None or city is None or wuhou_leader is None:
        return 0
    start, end = season(timezone.localdate())
    province = ledger.create_campaign(
        taskforce,
        name=f"{start.year}年{NAME}",
        kind="winter",
        region=f"{province_code}0000",
        start_date=start,
        end_date=end,
        sectors=["construction", "manufacturing", "services"],
        description="在建工程项目和重点行业用人单位全覆盖排查，问题建立台账、限期整改、逐项销号。",
        targets=[
            {
                "label": "在建工程项目检查全覆盖",
                "metric": "projects_inspected_rate",
                "value": 100,
                "due_date": end - dt.timedelta(days=35),
            },
            {
                "label": "政府投资项目欠薪春节前清零",
                "metric": "arrears_cleared_rate",
                "value": 100,
                "due_date": end,
            },
            {
                "label": "问题台账全部销号",
                "metric": "ledger_closed_rate",
                "value": 100,
                "due_date": end,
            },
        ],
        milestones=[
            {"label": "动员部署", "date": start},
            {"label": "集中排查结束", "date": start + dt.timedelta(days=45)},
            {"label": "省级督导检查", "date": start + dt.timedelta(days=60)},
            {"label": "春节前动态清零", "date": end},
        ],
    )
    ledger.create_campaign(
        wuhou_leader,
        name=f"武侯区{start.year}年冬季攻坚行动",
        kind="winter",
        region="510107",
        parent=province,
        start_date=max(start, timezone.localdate() - dt.timedelta(days=7)),
        end_date=end,
        sectors=["construction"],
        targets=[
            {"label": "问题全部销号", "metric": "ledger_closed_rate", "value": 100, "due_date": end}
        ],
        milestones=[],
    )
    seed_sweeps(province)
    opened = 0
    for code, path in PATHS:
        agency = Agency.objects.filter(region_id=code, kind=AgencyKind.HRSS).first()
        if agency is None:
            continue
        check = inspections.record_check(
            city,
            kind="test_call",
            channel="hotline_12333",
            agency=agency,
            performed_at=timezone.now() - dt.timedelta(hours=2),
            contact="12333",
            answered=False,
            handled_correctly=None,
            notes="工作时间拨打三次均无人接听",
        )
        item, opened = check.ledger_item, opened + 1
        bureau = User.objects.filter(username=BUREAU_USERS.get(code, "")).first()
        if path in ("rectified", "closed", "returned") and bureau is not None:
            item = ledger.transition(bureau, item, "rectify", "已安排专人值守并复测接通", _photo())
        if path == "closed" and bureau is not None:
            item = ledger.transition(city, item, "verify_close", "复测三次均接通，同意销号")
        if path == "returned" and bureau is not None:
            item = ledger.transition(taskforce, item, "return", "复测仍无人接听，退回重新整改")
        if path in ("supervised", "notified"):
            item = ledger.transition(taskforce, item, "supervise", "省级挂牌督办，限期整改到位")
        if path == "overdue":
            LedgerItem.objects.filter(pk=item.pk).update(
                due_date=timezone.localdate() - dt.timedelta(days=3)
            )
        if path == "notified":
            ledger.transition(taskforce, item, "notify", "全省通报：热线长期无人接听")
    seed_coordination()
    return opened
