"""The roster and the monthly feeds entering a project: one batch function for every kind, used
by the background import (`core.imports` batch mode) and by the API alike.

A batch is judged in Python row by row (dates, amounts, the ID number's checksum), then what the
rows name is resolved in a fixed number of queries (the projects by code, the roster workers by
the keyed hash of their ID number, the rows already stored under the same keys), and what is new
or changed is written with one `bulk_create(update_conflicts=True)` on the kind's natural key.
So a batch costs the same few statements whether it holds 10 rows or 5,000, and the same rows
sent again are counted unchanged and written not at all.

A month of one project is made whole by idempotency rather than by one transaction per month: a
batch is one transaction, and a job killed between two batches of the same month is run again by
the worker (a job not DONE is re-run) or re-submitted, rewriting nothing it already wrote and
completing the month. After each batch the project-months it touched are reconciled again and
their projects assessed, so the core systems' statuses follow the feeds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, models
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from wageguard.core import dates
from wageguard.core.crypto import keyed_hash, keyed_hashes
from wageguard.core.imports import Importer, Outcome, Refusal, refusal
from wageguard.core.tables import Column
from wageguard.parties.rules import (
    mask_id_number,
    normalise_name,
    validate_id_number,
    validate_mobile,
)

from . import reconcile
from .models import (
    AccountBalance,
    Appropriation,
    Attendance,
    PayChannel,
    Payment,
    PayrollLine,
    Project,
    ProjectContractor,
    RosterWorker,
)

MODEL = "projects.project"
# The read of the roster's personal data (audit.READ_ACTIONS, registered in ProjectsConfig.ready).
READS = ("project.roster",)
BATCH_SIZE = 5000
# A single amount above this is refused as a typing error (a worker's month is not ¥100 million).
MAX_AMOUNT = Decimal("99999999.99")

PROJECT = Column("project_code", ("项目编码", "项目代码", "project_code"), required=True)
ID_NUMBER = Column("id_number", ("身份证号码", "身份证号", "证件号码", "id_number"), required=True)
NAME = Column("name", ("姓名", "name"))
MONTH = Column("month", ("月份", "考勤月份", "工资月份", "month"), required=True)


# Column labels for messages, translated only when a row is refused (not 8 times a row).
LABELS = {
    "month": _l("月份"),
    "project_code": _l("项目编码"),
    "name": _l("姓名"),
    "id_number": _l("身份证号码"),
    "mobile": _l("手机号码"),
    "trade": _l("工种"),
    "contractor": _l("班组/分包单位"),
    "contract_signed_on": _l("劳动合同签订日期"),
    "safety_trained_on": _l("安全培训日期"),
    "entered_on": _l("进场日期"),
    "left_on": _l("退场日期"),
    "settlement_confirmed": _l("退场结算确认"),
    "contract_signed": _l("签订劳动合同"),
    "safety_trained": _l("岗前安全培训"),
    "gross": _l("应发工资"),
    "deductions": _l("扣除"),
    "net": _l("实发工资"),
    "signed": _l("本人签字"),
    "channel": _l("发放方式"),
    "paid_on": _l("支付日期"),
    "amount": _l("金额"),
    "reference": _l("银行流水号"),
    "card": _l("收款卡号"),
    "payer": _l("拨付单位"),
    "on": _l("日期"),
    "balance": _l("余额"),
}
APPROPRIATED_ON = _l("拨付日期")


# --- parsing one row ----------------------------------------------------------------------------


def _text(row: dict, name: str, label: str, limit: int, *, required: bool = False) -> str:
    value = "" if row.get(name) is None else str(row[name]).strip()
    if required and not value:
        raise ValidationError({name: _("请填写%(label)s") % {"label": label}})
    if len(value) > limit:
        raise ValidationError(
            {name: _("%(label)s不能超过 %(n)d 个字") % {"label": label, "n": limit}}
        )
    return value


def _date(row: dict, name: str, label: str, *, required: bool = False) -> dt.date | None:
    value = row.get(name)
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        day = value
    else:
        text = "" if value is None else str(value).strip().replace("/", "-")
        if not text:
            if required:
                raise ValidationError({name: _("请填写%(label)s") % {"label": label}})
            return None
        try:
            day = dt.date.fromisoformat(text[:10])
        except ValueError:
            raise ValidationError(
                {name: _("%(label)s格式应为 2026-01-31") % {"label": label}}
            ) from None
    try:
        dates.PAST.check(day)
    except dates.DateOutOfRange as exc:
        raise ValidationError({name: f"{label}：{exc}"}) from None
    return day


def _month(row: dict, name: str = "month") -> dt.date:
    value = row.get(name)
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        month = value.replace(day=1)
    else:
        text = "" if value is None else str(value).strip().replace("/", "-").replace(".", "-")
        if not text:
            raise ValidationError({name: _("请填写月份")})
        try:
            year, number = text[:7].split("-")
            month = dt.date(int(year), int(number), 1)
        except ValueError:
            raise ValidationError({name: _("月份格式应为 2026-01")}) from None
    try:
        dates.PAST.check(month)  # a month is past once its first day is
    except dates.DateOutOfRange as exc:
        raise ValidationError({name: f"{LABELS['month']}：{exc}"}) from None
    return month


def _amount(
    row: dict, name: str, label: str, *, required: bool = True, positive: bool = False
) -> Decimal:
    value = row.get(name)
    if value is None or str(value).strip() == "":
        if required:
            raise ValidationError({name: _("请填写%(label)s") % {"label": label}})
        return Decimal("0.00")
    try:
        number = Decimal(str(value).replace(",", "").replace("¥", "").strip())
    except InvalidOperation:
        raise ValidationError({name: _("%(label)s应为数字") % {"label": label}}) from None
    if not number.is_finite() or number < 0 or number > MAX_AMOUNT or (positive and number == 0):
        raise ValidationError({name: _("%(label)s超出合理范围") % {"label": label}})
    if number != number.quantize(Decimal("0.01")):
        raise ValidationError({name: _("%(label)s最多两位小数") % {"label": label}})
    return number.quantize(Decimal("0.01"))


TRUE = frozenset({"是", "已签", "已签订", "已培训", "已确认", "1", "y", "yes", "true", "√"})
FALSE = frozenset({"否", "未签", "未签订", "未培训", "未确认", "0", "n", "no", "false", "×", ""})


def _flag(row: dict, name: str, label: str) -> bool:
    value = row.get(name)
    if isinstance(value, bool):
        return value
    text = "" if value is None else str(value).strip().lower()
    if text in TRUE:
        return True
    if text in FALSE:
        return False
    raise ValidationError({name: _("%(label)s应填“是”或“否”") % {"label": label}})


def _worker(row: dict) -> dict[str, Any]:
    out = {
        "project_code": _text(row, "project_code", LABELS["project_code"], 40, required=True),
        "name": _text(row, "name", LABELS["name"], 50),
    }
    number = _text(row, "id_number", LABELS["id_number"], 30, required=True)
    try:
        out["id_number"] = validate_id_number(number)
    except ValidationError as exc:
        raise ValidationError({"id_number": exc.messages}) from None
    return out


def parse_roster(row: dict) -> dict[str, Any]:
    out = _worker(row)
    if not out["name"]:
        raise ValidationError({"name": _("请填写姓名")})
    mobile = _text(row, "mobile", LABELS["mobile"], 30)
    if mobile:
        try:
            mobile = validate_mobile(mobile)
        except ValidationError as exc:
            raise ValidationError({"mobile": exc.messages}) from None
    out.update(
        mobile=mobile,
        trade=_text(row, "trade", LABELS["trade"], 30),
        contractor=_text(row, "contractor", LABELS["contractor"], 200),
        contract_signed_on=_date(row, "contract_signed_on", LABELS["contract_signed_on"]),
        safety_trained_on=_date(row, "safety_trained_on", LABELS["safety_trained_on"]),
        entered_on=_date(row, "entered_on", LABELS["entered_on"]),
        left_on=_date(row, "left_on", LABELS["left_on"]),
        settlement_confirmed=_flag(row, "settlement_confirmed", LABELS["settlement_confirmed"]),
    )
    out["contract_signed"] = _flag(row, "contract_signed", LABELS["contract_signed"]) or bool(
        out["contract_signed_on"]
    )
    out["safety_trained"] = _flag(row, "safety_trained", LABELS["safety_trained"]) or bool(
        out["safety_trained_on"]
    )
    if out["entered_on"] and out["left_on"] and out["left_on"] < out["entered_on"]:
        raise ValidationError({"left_on": _("退场日期不能早于进场日期")})
    return out


def parse_attendance(row: dict) -> dict[str, Any]:
    out = _worker(row)
    out["month"] = _month(row)
    text = "" if row.get("days") is None else str(row["days"]).strip()
    try:
        days = int(Decimal(text))
    except (InvalidOperation, ValueError):
        raise ValidationError({"days": _("出勤天数应为整数")}) from None
    last = (out["month"] + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    if Decimal(text) != days or not 0 <= days <= last.day:
        raise ValidationError({"days": _("出勤天数应为 0 至 %(n)d 的整数") % {"n": last.day}})
    out["days"] = days
    return out


CHANNELS = {str(c.label): c.value for c in PayChannel} | {c.value: c.value for c in PayChannel}


def parse_payroll(row: dict) -> dict[str, Any]:
    out = _worker(row)
    out["month"] = _month(row)
    out["gross"] = _amount(row, "gross", LABELS["gross"])
    out["deductions"] = _amount(row, "deductions", LABELS["deductions"], required=False)
    out["net"] = _amount(row, "net", LABELS["net"])
    if out["gross"] - out["deductions"] != out["net"]:
        raise ValidationError({"net": _("实发工资应等于应发工资减扣除")})
    out["signed"] = _flag(row, "signed", LABELS["signed"])
    channel = _text(row, "channel", LABELS["channel"], 20) or PayChannel.ACCOUNT
    if channel not in CHANNELS:
        raise ValidationError({"channel": _("发放方式应为专用账户代发、现金或其他方式")})
    out["channel"] = CHANNELS[channel]
    return out


def _previous_month(day: dt.date) -> dt.date:
    return (day.replace(day=1) - dt.timedelta(days=1)).replace(day=1)


def parse_payment(row: dict) -> dict[str, Any]:
    out = _worker(row)
    out["paid_on"] = _date(row, "paid_on", LABELS["paid_on"], required=True)
    # The bank's file may not say which month's wage it pays: by default the month before the
    # transfer, the month whose wage falls due in it (DOMAIN section 3).
    out["month"] = (
        _month(row) if row.get("month") not in (None, "") else _previous_month(out["paid_on"])
    )
    out["amount"] = _amount(row, "amount", LABELS["amount"], positive=True)
    out["reference"] = _text(row, "reference", LABELS["reference"], 64, required=True)
    card = "".join(c for c in _text(row, "card", LABELS["card"], 40, required=True) if c.isdigit())
    if not 12 <= len(card) <= 19:
        raise ValidationError({"card": _("收款卡号应为 12 至 19 位数字")})
    out["card_hash"], out["card_last4"] = keyed_hash(card, "card"), card[-4:]
    return out


def parse_appropriation(row: dict) -> dict[str, Any]:
    return {
        "project_code": _text(row, "project_code", LABELS["project_code"], 40, required=True),
        "paid_on": _date(row, "paid_on", APPROPRIATED_ON, required=True),
        "amount": _amount(row, "amount", LABELS["amount"], positive=True),
        "payer": _text(row, "payer", LABELS["payer"], 200),
        "reference": _text(row, "reference", LABELS["reference"], 64, required=True),
    }


def parse_balance(row: dict) -> dict[str, Any]:
    return {
        "project_code": _text(row, "project_code", LABELS["project_code"], 40, required=True),
        "on": _date(row, "on", LABELS["on"], required=True),
        "balance": _amount(row, "balance", LABELS["balance"]),
    }


# --- the kinds ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Feed:
    kind: str
    label: str | Promise
    model: type[models.Model]
    columns: tuple[Column, ...]
    parse: Callable[[dict], dict[str, Any]]
    key: tuple[str, ...]  # the model's natural key (unique constraint)
    values: tuple[str, ...]  # what a row sets, compared to tell updated from unchanged
    per_worker: bool  # rows name a roster worker by ID number
    help: str | Promise = ""


ROSTER_VALUES = (
    "name",
    "mobile",
    "trade",
    "contractor_id",
    "contract_signed",
    "contract_signed_on",
    "safety_trained",
    "safety_trained_on",
    "entered_on",
    "left_on",
    "settlement_confirmed",
)

FEEDS: dict[str, Feed] = {
    f.kind: f
    for f in (
        Feed(
            "roster",
            _l("实名制花名册"),
            RosterWorker,
            (
                PROJECT,
                Column("name", ("姓名", "name"), required=True),
                ID_NUMBER,
                Column("mobile", ("手机号码", "联系电话", "mobile")),
                Column("trade", ("工种", "trade")),
                Column("contractor", ("班组/分包单位", "分包单位", "班组", "contractor")),
                Column("contract_signed", ("签订劳动合同", "已签劳动合同", "contract_signed")),
                Column("contract_signed_on", ("劳动合同签订日期", "contract_signed_on")),
                Column("safety_trained", ("岗前安全培训", "安全培训", "safety_trained")),
                Column("safety_trained_on", ("安全培训日期", "safety_trained_on")),
                Column("entered_on", ("进场日期", "entered_on")),
                Column("left_on", ("退场日期", "left_on")),
                Column("settlement_confirmed", ("退场结算确认", "settlement_confirmed")),
            ),
            parse_roster,
            ("project", "id_number_hash"),
            ROSTER_VALUES,
            True,
            _l("以项目编码和身份证号码为准：已在花名册上的农民工按文件更新。"),
        ),
        Feed(
            "attendance",
            _l("考勤月汇总"),
            Attendance,
            (PROJECT, NAME, ID_NUMBER, MONTH, Column("days", ("出勤天数", "days"), required=True)),
            parse_attendance,
            ("worker", "month"),
            ("days",),
            True,
            _l("每人每月一行：出勤天数。以农民工和月份为准，重复导入不重复计。"),
        ),
        Feed(
            "payroll",
            _l("工资支付表"),
            PayrollLine,
            (
                PROJECT,
                NAME,
                ID_NUMBER,
                MONTH,
                Column("gross", ("应发工资", "应发", "gross"), required=True),
                Column("deductions", ("扣除", "扣款", "deductions")),
                Column("net", ("实发工资", "实发", "net"), required=True),
                Column("signed", ("本人签字", "签字确认", "signed")),
                Column("channel", ("发放方式", "channel")),
            ),
            parse_payroll,
            ("worker", "month"),
            ("gross", "deductions", "net", "signed", "channel"),
            True,
            _l("分包单位编制、农民工本人签字的月度工资支付表，每人每月一行。"),
        ),
        Feed(
            "payments",
            _l("专用账户代发明细"),
            Payment,
            (
                PROJECT,
                NAME,
                ID_NUMBER,
                Column("paid_on", ("支付日期", "交易日期", "paid_on"), required=True),
                Column("month", ("工资月份", "month")),
                Column("amount", ("金额", "交易金额", "amount"), required=True),
                Column("reference", ("银行流水号", "交易流水号", "reference"), required=True),
                Column("card", ("收款卡号", "银行卡号", "card"), required=True),
            ),
            parse_payment,
            ("project", "reference"),
            ("worker_id", "month", "paid_on", "amount", "card_hash", "card_last4"),
            True,
            _l("银行提供的专用账户代发明细。卡号只保存密钥散列和后四位。以银行流水号为准。"),
        ),
        Feed(
            "appropriations",
            _l("人工费用拨付"),
            Appropriation,
            (
                PROJECT,
                Column("paid_on", ("拨付日期", "到账日期", "paid_on"), required=True),
                Column("amount", ("金额", "拨付金额", "amount"), required=True),
                Column("payer", ("拨付单位", "付款单位", "payer")),
                Column("reference", ("银行流水号", "交易流水号", "reference"), required=True),
            ),
            parse_appropriation,
            ("project", "reference"),
            ("paid_on", "amount", "payer"),
            False,
            _l("建设单位拨入专用账户的人工费用，以银行流水号为准。"),
        ),
        Feed(
            "balances",
            _l("专用账户余额"),
            AccountBalance,
            (
                PROJECT,
                Column("on", ("日期", "余额日期", "on"), required=True),
                Column("balance", ("余额", "账户余额", "balance"), required=True),
            ),
            parse_balance,
            ("project", "on"),
            ("balance",),
            False,
            _l("专用账户的日终余额，每个项目每天一行。"),
        ),
    )
}


# --- one batch ------------------------------------------------------------------------------------


@dataclass
class Result:
    counts: dict[str, int]
    errors: list[Refusal]
    touched: set[tuple[int, dt.date]]  # (project id, month) whose reconciliation may change
    projects: set[int]
    outside: str = ""  # the first refusal for a project outside the user's jurisdiction


def _who(values: dict) -> str:
    masked = mask_id_number(values["id_number"])
    return f"{values['name']}（{masked}）" if values.get("name") else masked


def _key_of(feed: Feed, values: dict) -> tuple:
    return tuple(values[f + "_id"] if f in ("project", "worker") else values[f] for f in feed.key)


def import_rows(kind: str, user: Any, numbered: list[tuple[int, dict[str, Any]]]) -> Result:
    """Judge and store one batch of rows of one kind (the module's docstring says how)."""
    feed = FEEDS[kind]
    errors: list[Refusal] = []
    parsed: list[tuple[int, dict]] = []
    for number, row in numbered:
        try:
            parsed.append((number, feed.parse(row)))
        except ValidationError as exc:
            errors.append((number, *refusal(exc)))

    # The projects, by code, in the user's jurisdiction.
    codes = {values["project_code"] for _n, values in parsed}
    projects = {
        code: (pk, region)
        for code, pk, region in Project.objects.filter(code__in=codes).values_list(
            "code", "pk", "region_id"
        )
    }
    may_change = user.can("change", MODEL)
    kept: list[tuple[int, dict]] = []
    outside = ""
    for number, values in parsed:
        found = projects.get(values["project_code"])
        if found is None:
            message = _("项目编码 %(code)s 未登记") % {"code": values["project_code"]}
            errors.append((number, "project_code", message))
        elif not may_change:
            errors.append((number, None, _("您的角色不能执行此操作")))
        elif not user.in_jurisdiction(found[1]):
            message = _("项目 %(code)s 不在您的辖区内") % {"code": values["project_code"]}
            errors.append((number, "project_code", message))
            outside = outside or message
        else:
            values["project_id"] = found[0]
            kept.append((number, values))

    if feed.per_worker:
        kept = _with_workers(feed, kept, errors)
    if feed.kind == "roster":
        kept = _with_contractors(kept, errors)

    # Last row of a key in the batch wins, as a re-import of a corrected row would.
    by_key: dict[tuple, tuple[int, dict]] = {}
    for number, values in kept:
        by_key[_key_of(feed, values)] = (number, values)
    existing = _existing(feed, list(by_key))
    counts = dict.fromkeys(Outcome, 0)
    write = []
    touched: set[tuple[int, dt.date]] = set()
    for key, (_number, values) in by_key.items():
        before = existing.get(key)
        fields = {f: values[f] for f in feed.values}
        if before is None:
            outcome = Outcome.CREATED
        elif all(before[f] == fields[f] for f in feed.values):
            outcome = Outcome.UNCHANGED
        else:
            outcome = Outcome.UPDATED
            if "month" in before:
                touched.add((values["project_id"], before["month"]))
        counts[outcome] += 1
        if outcome != Outcome.UNCHANGED:
            write.append(_instance(feed, values, fields))
            if "month" in values:
                touched.add((values["project_id"], values["month"]))
    # Duplicates of a key within the batch count as unchanged after the first.
    counts[Outcome.UNCHANGED] += len(kept) - len(by_key)
    if write:
        _upsert(feed, write)
    project_ids = {values["project_id"] for _n, values in by_key.values()} if write else set()
    return Result(counts, sorted(errors), touched, project_ids, outside)


def _with_workers(feed: Feed, kept: list, errors: list[Refusal]) -> list:
    """Each row's roster worker, found by the keyed hash of the ID number (one query); the roster
    itself is matched the same way to tell a new worker from a known one."""
    hashes: dict[str, list[tuple[int, dict]]] = {}
    for item in kept:
        item[1]["hashes"] = keyed_hashes(item[1]["id_number"], "id_number")
        for h in item[1]["hashes"]:
            hashes.setdefault(h, []).append(item)
    found: dict[tuple[int, str], int] = {
        (project_id, h): pk
        for pk, project_id, h in RosterWorker.objects.filter(
            project_id__in={v["project_id"] for _n, v in kept}, id_number_hash__in=list(hashes)
        ).values_list("pk", "project_id", "id_number_hash")
    }
    out = []
    for number, values in kept:
        pid = values["project_id"]
        # The hash the worker is stored under: the current index key's, or an older one's
        # until `wageguard crypto rotate` rehashes it.
        stored = next((h for h in values["hashes"] if (pid, h) in found), None)
        match = found[(pid, stored)] if stored else None
        if feed.kind == "roster":
            # A known worker keeps the key they are stored under, so the upsert updates them.
            values["id_number_hash"] = stored or values["hashes"][0]
            out.append((number, values))
        elif match is None:
            message = _("%(who)s 不在项目 %(code)s 的实名制花名册中") % {
                "who": _who(values),
                "code": values["project_code"],
            }
            errors.append((number, "id_number", message))
        else:
            values["worker_id"] = match
            out.append((number, values))
    return out


def _with_contractors(kept: list, errors: list[Refusal]) -> list:
    """The team named on a roster row: one of the project's subcontractors, by name."""
    wanted = {v["project_id"] for _n, v in kept if v["contractor"]}
    teams: dict[tuple[int, str], int] = {}
    if wanted:
        for pk, project_id, name in ProjectContractor.objects.filter(
            project_id__in=wanted
        ).values_list("pk", "project_id", "enterprise__name"):
            teams[(project_id, name)] = pk
            teams[(project_id, normalise_name(name))] = pk
    out = []
    for number, values in kept:
        name = values.pop("contractor")
        values["contractor_id"] = None
        if name:
            pk = teams.get((values["project_id"], name)) or teams.get(
                (values["project_id"], normalise_name(name))
            )
            if pk is None:
                message = _("%(name)s 不是项目 %(code)s 登记的分包单位") % {
                    "name": name,
                    "code": values["project_code"],
                }
                errors.append((number, "contractor", message))
                continue
            values["contractor_id"] = pk
        out.append((number, values))
    return out


def _existing(feed: Feed, keys: list[tuple]) -> dict[tuple, dict]:
    """The stored rows under these keys, in one query: a filter on each key column's values,
    then the exact pairs kept in Python."""
    if not keys:
        return {}
    columns = [f + "_id" if f in ("project", "worker") else f for f in feed.key]
    lookup = {f"{c}__in": list({k[i] for k in keys}) for i, c in enumerate(columns)}
    wanted = set(keys)
    fields = list(dict.fromkeys([*columns, *feed.values]))
    out = {}
    for row in feed.model.objects.filter(**lookup).values(*fields):
        key = tuple(row[c] for c in columns)
        if key in wanted:
            out[key] = row
    return out


def _instance(feed: Feed, values: dict, fields: dict) -> dict[str, Any]:
    """The row to write, by column attname."""
    data = {c: values[c] for c in _key_columns(feed)}
    data.update(fields)
    if feed.kind != "roster" and feed.per_worker:
        data["project_id"] = values["project_id"]
    if feed.kind == "roster":
        data["id_number"] = values["id_number"]
        data["mobile_hash"] = keyed_hash(values["mobile"], "mobile")
        data["updated_at"] = timezone.now()
    return data


def _key_columns(feed: Feed) -> list[str]:
    return [c + "_id" if c in ("project", "worker") else c for c in feed.key]


def _upsert(feed: Feed, rows: list[dict[str, Any]]) -> None:
    """`INSERT ... ON CONFLICT (key) DO UPDATE` through `executemany`, the same SQL on SQLite
    (3.24+) and PostgreSQL. Each value goes through its field's `get_db_prep_save`, so the
    roster's ID number and mobile are encrypted as the ORM would; what the ORM adds per object
    on top (model instances, the insert compiler) was a third of an import's time."""
    meta = feed.model._meta
    by_attname = {f.attname: f for f in meta.concrete_fields}
    columns = list(rows[0])
    fields = [by_attname[c] for c in columns]
    keys = _key_columns(feed)
    quote = connection.ops.quote_name
    sql = (
        "INSERT INTO {table} ({columns}) VALUES ({marks}) ON CONFLICT ({keys}) DO UPDATE SET {set}"
    ).format(
        table=quote(meta.db_table),
        columns=", ".join(quote(f.column) for f in fields),
        marks=", ".join(["%s"] * len(fields)),
        keys=", ".join(quote(by_attname[k].column) for k in keys),
        set=", ".join(
            f"{quote(f.column)} = EXCLUDED.{quote(f.column)}"
            for f in fields
            if f.attname not in keys
        ),
    )
    params = [tuple(f.get_db_prep_save(row[f.attname], connection) for f in fields) for row in rows]
    with connection.cursor() as cursor:
        for start in range(0, len(params), 1000):
            cursor.executemany(sql, params[start : start + 1000])


def run(kind: str, user: Any, numbered: list[tuple[int, dict[str, Any]]]) -> Result:
    """One batch stored, its project-months reconciled and its projects assessed (call inside a
    transaction)."""
    from . import services  # services imports this module's models only; no cycle at import

    result = import_rows(kind, user, numbered)
    if result.touched:
        reconcile.summarise(result.touched)
    if result.projects:
        services.assess_many(list(Project.objects.filter(pk__in=result.projects)))
    return result


def _batch_for(kind: str) -> Callable:
    def batch(user: Any, numbered: list) -> tuple[dict, list[Refusal]]:
        result = run(kind, user, numbered)
        return result.counts, result.errors

    return batch


def importers() -> dict[str, Importer]:
    """The registered importer of each kind (ProjectsConfig.ready registers them)."""
    return {
        kind: Importer(
            label=feed.label,
            columns=feed.columns,
            row=None,
            permission=("change", MODEL),
            help=feed.help,
            batch=_batch_for(kind),
            batch_size=BATCH_SIZE,
        )
        for kind, feed in FEEDS.items()
    }


def check(user: Any) -> None:
    if not user.can("change", MODEL):
        raise PermissionDenied(_("您的角色不能执行此操作"))
