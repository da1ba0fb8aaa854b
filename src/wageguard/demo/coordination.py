"""The demo's coordination with the other departments: the leading groups of the province, 成都市
and 武侯区 (member units with their roles, duties and contacts), and 武侯区's assignments (交办) to
its housing and transport departments in every state: waiting, answered, accepted, returned, and
one overdue and escalated to 成都市 by the scheduled job. All through the real services (deadline,
history, audit, notices). Called once from the campaign seed, after its ledger items exist."""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from wageguard.campaigns.coordination import services
from wageguard.campaigns.coordination.models import Assignment
from wageguard.campaigns.coordination.rules import GroupRole
from wageguard.campaigns.models import LedgerItem
from wageguard.org.models import Agency, AgencyKind, User
from wageguard.regions.models import Region

# (region, the user who keeps its group)
GROUPS = (
    ("510000", "province-taskforce"),
    ("510100", "chengdu-supervisor"),
    ("510107", "wuhou-leader"),
)
DUTIES = {
    AgencyKind.HRSS: (GroupRole.OFFICE, "承担领导小组办公室日常工作，统筹调度、督办交办"),
    AgencyKind.HOUSING: (
        GroupRole.DEPUTY,
        "房屋建筑和市政工程项目欠薪治理，落实工资专用账户、实名制",
    ),
    AgencyKind.TRANSPORT: (GroupRole.MEMBER, "交通运输工程项目欠薪治理"),
    AgencyKind.WATER: (GroupRole.MEMBER, "水利工程项目欠薪治理"),
    AgencyKind.NDRC: (GroupRole.MEMBER, "政府投资项目审批，督促落实资金来源"),
    AgencyKind.FINANCE: (GroupRole.MEMBER, "政府投资项目资金保障和拨付"),
    AgencyKind.SASAC: (GroupRole.MEMBER, "督促国有企业清偿拖欠农民工工资"),
    AgencyKind.POLICE: (GroupRole.MEMBER, "依法打击拒不支付劳动报酬犯罪，处置讨薪突发事件"),
    AgencyKind.COURT: (GroupRole.MEMBER, "欠薪案件快立快审快执"),
}
POSTS = ("副局长", "科长", "副科长")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡"
GIVEN = ("建国", "丽华", "志强", "晓燕", "海波", "春梅", "国庆", "小红", "明", "静")
# (department, subject, what happens): 武侯区's bureau assigns, the department answers.
PATHS = (
    (AgencyKind.HOUSING, "督促在建项目开设农民工工资专用账户", "assigned", True),
    (AgencyKind.HOUSING, "核实项目人工费用拨付情况", "answered", True),
    (AgencyKind.HOUSING, "落实施工现场维权信息告示牌", "accepted", False),
    (AgencyKind.HOUSING, "约谈拖欠工程款的建设单位", "overdue", True),
    (AgencyKind.TRANSPORT, "排查交通工程项目实名制落实情况", "returned", False),
    (AgencyKind.TRANSPORT, "督促道路改造项目按月足额支付工资", "overdue", False),
    (AgencyKind.TRANSPORT, "报送在建交通项目清单", "answered", False),
)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _phone(n: int) -> str:
    return f"1398000{n:04d}"


def _groups() -> int:
    made = 0
    for code, keeper_name in GROUPS:
        keeper = User.objects.filter(username=keeper_name).first()
        region = Region.objects.filter(code=code).first()
        if keeper is None or region is None:
            continue
        for agency in Agency.objects.filter(region=region, active=True).order_by("kind"):
            role, duties = DUTIES.get(agency.kind, (GroupRole.MEMBER, ""))
            member = services.add_member(keeper, region, agency=agency, role=role, duties=duties)
            for i in range(2 if agency.kind in (AgencyKind.HRSS, AgencyKind.HOUSING) else 1):
                made += 1
                name = SURNAMES[made % len(SURNAMES)] + GIVEN[made % len(GIVEN)]
                services.add_contact(
                    keeper,
                    region,
                    member=member,
                    name=name,
                    post=POSTS[i],
                    phone=_phone(made),
                )
    return made


def seed() -> int:
    """Leading groups and assignments, once; returns the number of assignments made."""
    if Assignment.objects.exists():
        return 0
    leader = User.objects.filter(username="wuhou-leader").first()
    if leader is None:
        return 0
    _groups()
    items = list(LedgerItem.objects.filter(region_id="510107").order_by("pk")[:3])
    made = 0
    for n, (kind, subject, path, linked) in enumerate(PATHS):
        agency = Agency.objects.filter(region_id="510107", kind=kind).first()
        answerer = User.objects.filter(username=f"wuhou-{kind}").first()
        if agency is None or answerer is None:
            continue
        item = items[n % len(items)] if linked and items else None
        a = services.assign(
            leader,
            agency=agency,
            subject=subject,
            details=f"{subject}。请于期限内将办理情况书面答复区根治欠薪工作领导小组办公室。",
            workdays=5 if path == "overdue" else 10,
            ledger_item=item,
        )
        made += 1
        if path in ("answered", "accepted", "returned"):
            a = services.transition(
                answerer,
                a,
                "answer",
                "已组织专人核查，相关单位已整改，情况见附件。",
                [SimpleUploadedFile("办理情况.pdf", PDF, content_type="application/pdf")],
            )
        if path == "accepted":
            services.transition(leader, a, "accept", "答复属实，同意办结。")
        if path == "returned":
            services.transition(leader, a, "return", "未附项目清单，请补充后重新答复。")
        if path == "overdue":
            Assignment.objects.filter(pk=a.pk).update(
                due_date=timezone.localdate() - dt.timedelta(days=3)
            )
    # The job's first run: reminders of what is due soon, the overdue ones escalated to 成都市.
    services.remind_and_escalate()
    return made
