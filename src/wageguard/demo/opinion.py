"""Demo public opinion items (舆情联动) in 武侯区: one in every state, and a threat of jumping
that escalated at once to 成都市 and the province and waits on the meeting screen."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from wageguard.clues.models import Clue
from wageguard.dispatch.opinion import services
from wageguard.dispatch.opinion.models import OpinionItem
from wageguard.org.models import User
from wageguard.regions.models import Region

WUHOU = "510107"

# (title, source, risk, hours ago seen, the steps taken after entry)
ITEMS = [
    ("网传某小区工地十余名工人堵门讨薪", "short_video", "high", 2, []),
    ("微信群称某餐饮店拖欠服务员三个月工资", "wechat", "medium", 20, ["verify"]),
    ("论坛帖称某物业公司欠薪，核查为劳动合同纠纷旧帖", "forum", "low", 40, ["dismiss"]),
    ("微博反映某装修公司拖欠木工工资", "weibo", "medium", 30, ["verify", "respond"]),
    ("媒体报道某安置房项目农民工工资未结清", "media", "high", 60, ["verify", "respond", "publish"]),
    (
        "短视频称某快递网点拖欠分拣员工资",
        "short_video",
        "low",
        120,
        ["verify", "respond", "publish", "close"],
    ),
]


def seed() -> int:
    """Creates the items once; returns how many it made."""
    if OpinionItem.objects.exists():
        return 0
    actor = User.objects.filter(username="wuhou-inspector").first()
    if actor is None:
        return 0
    region = Region.objects.get(code=WUHOU)
    clue = Clue.objects.restrict(actor, "view").order_by("pk").first()
    now = timezone.now()
    made = 0
    for n, (title, source, risk, hours, steps) in enumerate(ITEMS):
        item = services.create(
            actor,
            services.OpinionData(
                source=source,
                source_url=f"https://example.com/opinion/{n + 1}",
                title=title,
                summary=title + "，请属地核实处置。",
                seen_at=now - dt.timedelta(hours=hours),
                risk=risk,
                region=region,
            ),
        )
        for step in steps:
            data: dict = {"note": "经核实属实" if step == "verify" else "经核不实"}
            if step == "respond":
                data = (
                    {"clue_code": clue.tracking_code, "note": "已纳入线索办理"}
                    if clue
                    else {"create_clue": True, "employer_name": "演示建筑有限公司"}
                )
            elif step == "publish":
                data = {
                    "response_text": "区人社局已介入，责令企业限期支付工资。",
                    "response_url": f"https://example.com/response/{n + 1}",
                }
            elif step == "close":
                data = {}
            item = services.transition(actor, item, step, data)
        made += 1
    # The threat of jumping: the clues' urgency words make it extreme and it escalates at once.
    services.create(
        actor,
        services.OpinionData(
            source="short_video",
            source_url="https://example.com/opinion/tower",
            title="工人爬上塔吊扬言跳楼讨要工资",
            summary="短视频显示一名工人在武侯区某工地塔吊上，称包工头拖欠其与同乡工资。",
            seen_at=now - dt.timedelta(minutes=30),
            risk="high",
            region=region,
            address="成都市武侯区人民南路四段 1 号",
            workers=12,
        ),
    )
    return made + 1
