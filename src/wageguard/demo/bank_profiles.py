"""Two banks' import profiles in the demo province, and a sample of one bank's payment records
for a demo project (`wageguard demo` writes it; docs/projects.md says where), so the import of a
bank file with its own headers can be tried at once on /imports/payments/ with 建行's profile.

中国建设银行四川省分行 is the province bureau's profile, usable everywhere; 四川农信 is 武侯区's,
seen by 武侯区, 成都市 and the province (core.profiles says why)."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from wageguard.core import profiles
from wageguard.core.models import ImportProfile
from wageguard.org.models import User
from wageguard.projects.models import Payment, PayrollLine, Project, RosterWorker

CCB = "中国建设银行四川省分行"
RCC = "四川农信"
# 建行's export of a payroll batch of a wage account: its words for every column.
CCB_HEADER = [
    "项目编码", "交易日期", "户名", "证件号码", "收款人账号", "交易金额", "交易流水号", "摘要",
]  # fmt: skip
CCB_MAPPING = {
    "paid_on": "交易日期",
    "name": "户名",
    "card": "收款人账号",
    "amount": "交易金额",
    "reference": "交易流水号",
    "month": "摘要",
}
# 四川农信's: 记账日期, 对方账号, 发生额, 用途.
RCC_MAPPING = {
    "paid_on": "记账日期",
    "name": "对方户名",
    "card": "对方账号",
    "amount": "发生额",
    "reference": "流水号",
    "month": "用途",
}


def seed(province_code: str) -> int:
    """The two profiles, made once through the service (audited) by the demo's inspectors."""
    made = 0
    owners = {
        CCB: ("province-inspector", CCB_MAPPING),
        RCC: ("wuhou-inspector" if province_code == "51" else "province-inspector", RCC_MAPPING),
    }
    for bank, (username, mapping) in owners.items():
        user = User.objects.filter(username=username).select_related("agency").first()
        if user is None or ImportProfile.objects.filter(kind="payments", name=bank).exists():
            continue
        profiles.create(user, kind="payments", name=bank, bank=bank, mapping=mapping)
        made += 1
    return made


def default_path() -> Path:
    return Path(settings.VAR_DIR) / "demo" / "建行代发明细-示例.csv"


def write_sample(path: Path | None = None) -> Path | None:
    """A CSV (GB18030, as the bank's Excel saves it) of last month's wages paid today to the
    workers of one of 武侯区's demo projects whom the bank has not paid yet (all its workers when
    every one was paid), in 建行's headers. None when the demo holds no such project."""
    path = path or default_path()
    today = timezone.localdate()
    month = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    fed = (
        Project.objects.filter(code__startswith="DEMO-510107-", roster__isnull=False)
        .distinct()
        .order_by("pk")
    )
    site = None
    workers: list[RosterWorker] = []
    for project in fed[:12]:
        paid = Payment.objects.filter(project=project, month=month).values("worker_id")
        unpaid = list(RosterWorker.objects.filter(project=project).exclude(pk__in=paid))
        if unpaid:
            site, workers = project, unpaid
            break
    if site is None:
        site = fed.first()
        if site is None:
            return None
        workers = list(RosterWorker.objects.filter(project=site).order_by("pk"))
    nets = dict(
        PayrollLine.objects.filter(project=site, month=month).values_list("worker_id", "net")
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="gb18030", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(CCB_HEADER)
        for worker in workers:
            writer.writerow(
                [
                    site.code,
                    today.strftime("%Y%m%d"),  # the bank's dates carry no separators
                    worker.name,
                    worker.id_number,
                    f"62220212{worker.pk:08d}",
                    f"{nets.get(worker.pk, 6000):,.2f}",
                    f"CCB{today:%Y%m%d}{worker.pk:08d}",
                    month.strftime("%Y-%m"),
                ]
            )
    return path
