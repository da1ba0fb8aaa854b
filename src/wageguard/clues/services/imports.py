"""Batch import from the national wage-arrears clue platform (全国根治欠薪线索反映平台).

Rows come as JSON (a list, or {"clues": [...]}) or as an XLSX export with Chinese or English
headers. The platform's clue id is the external id: a re-import finds the stored clue and adds
nothing. Each row goes in on its own savepoint, so a bad row is reported (row number, field,
reason) and every good row is still stored.
"""

import datetime as dt
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from wageguard.core import audit, dates
from wageguard.core.text import clean_row
from wageguard.org.models import User

from ..rules import Channel
from ..validation import clean_intake, clean_received_at
from .intake import intake

HEADERS = {
    "线索编号": "external_id",
    "平台线索编号": "external_id",
    "反映时间": "received_at",
    "接收时间": "received_at",
    "反映人": "reporter_name",
    "反映人姓名": "reporter_name",
    "身份证号": "id_number",
    "身份证号码": "id_number",
    "联系电话": "phone",
    "手机号码": "phone",
    "行业": "sector",
    "行业领域": "sector",
    "用人单位": "employer_name",
    "用人单位名称": "employer_name",
    "统一社会信用代码": "employer_credit_code",
    "项目名称": "project_name",
    "工作地点": "work_address",
    "工作地址": "work_address",
    "欠薪起始": "period_start",
    "欠薪截止": "period_end",
    "欠薪金额": "amount_owed",
    "欠薪人数": "workers_owed",
    "涉及人数": "workers_owed",
    "情况描述": "description",
    "反映内容": "description",
}
# Text columns that keep their line breaks; every other text cell is one line (core.text).
MULTILINE = ("description",)
SECTORS = {"工程建设": "construction", "工程建设领域": "construction", "建筑": "construction"}
SHANGHAI = ZoneInfo("Asia/Shanghai")
MAX_ROWS = 50_000


@dataclass
class RowError:
    row: int
    field: str | None
    message: str
    external_id: str = ""


@dataclass
class ImportReport:
    created: int = 0
    existing: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.created + self.existing + len(self.errors)


def _received_at(value: Any) -> dt.datetime | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        moment = value
    elif isinstance(value, dt.date):
        moment = dt.datetime.combine(value, dt.time(9))
    else:
        try:
            text = dates.require_ascii_digits(str(value).strip())
            moment = dt.datetime.fromisoformat(text.replace("/", "-"))
        except ValueError:
            raise ValidationError({"received_at": _("反映时间格式应为 YYYY-MM-DD HH:MM")}) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=SHANGHAI)
    return clean_received_at(moment)


def import_rows(rows: Iterable[tuple[int, dict]], actor: User) -> ImportReport:
    """Imports numbered rows (row numbers as the file shows them: XLSX data starts at row 2)."""
    if not actor.can("add", "clues.clue"):
        raise PermissionDenied(_("无权导入线索"))
    report = ImportReport()
    for number, raw in rows:
        external_id = str(raw.get("external_id") or "").strip()
        try:
            if not external_id:
                raise ValidationError({"external_id": _("缺少平台线索编号")})
            raw["sector"] = SECTORS.get(str(raw.get("sector") or "").strip(), raw.get("sector"))
            received_at = _received_at(raw.get("received_at"))
            data = clean_intake(raw, public=False)
            with transaction.atomic():
                result = intake(
                    data,
                    channel=Channel.NATIONAL_PLATFORM,
                    actor=actor,
                    received_at=received_at,
                    external_id=external_id,
                )
        except ValidationError as exc:
            field_name, messages = next(iter(exc.message_dict.items()))
            report.errors.append(RowError(number, field_name, messages[0], external_id))
            continue
        if result.created:
            report.created += 1
        else:
            report.existing += 1
    audit.record(
        "clue.import",
        actor=actor,
        after={
            "created": report.created,
            "existing": report.existing,
            "errors": len(report.errors),
        },
    )
    return report


def read_json(stream: IO[bytes]) -> Iterator[tuple[int, dict]]:
    try:
        payload = json.load(stream)
    except (ValueError, UnicodeDecodeError):
        raise ValidationError({"file": _("JSON 文件格式错误")}) from None
    items = payload.get("clues") if isinstance(payload, dict) else payload
    if not isinstance(items, list):
        raise ValidationError({"file": _("JSON 应为线索数组，或包含 clues 数组的对象")})
    if len(items) > MAX_ROWS:
        raise ValidationError({"file": _("一次最多导入 %(n)d 条") % {"n": MAX_ROWS}})
    for index, item in enumerate(items, start=1):
        yield index, clean_row(item, MULTILINE) if isinstance(item, dict) else {}


def read_xlsx(stream: IO[bytes]) -> Iterator[tuple[int, dict]]:
    """Streams rows in read-only mode: a large export never sits in memory whole."""
    try:
        book = load_workbook(stream, read_only=True, data_only=True)
    except Exception:
        raise ValidationError({"file": _("无法读取 Excel 文件（需为 .xlsx）")}) from None
    sheet = book.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, None) or ()
    names = [HEADERS.get(str(h).strip(), str(h).strip()) if h is not None else "" for h in header]
    if "external_id" not in names:
        raise ValidationError({"file": _("表头缺少“线索编号”列")})
    for number, values in enumerate(rows, start=2):
        if number - 1 > MAX_ROWS:
            raise ValidationError({"file": _("一次最多导入 %(n)d 条") % {"n": MAX_ROWS}})
        if values is None or all(v in (None, "") for v in values):
            continue
        row = {name: value for name, value in zip(names, values, strict=False) if name}
        yield number, clean_row(row, MULTILINE)
    book.close()


def read_file(path_or_name: str | Path, stream: IO[bytes]) -> Iterator[tuple[int, dict]]:
    name = str(path_or_name).lower()
    if name.endswith(".json"):
        return read_json(stream)
    if name.endswith(".xlsx"):
        return read_xlsx(stream)
    raise ValidationError({"file": _("仅支持 .json 或 .xlsx 文件")})
