"""Listings for the credit-information platform (信用信息共享平台, Order 45 art. 10), as CSV and
JSON, streamed: rows are read in chunks and written as they go, so a province's whole history
never sits in memory. ID numbers of the listed persons are masked for roles without need to know;
CSV cells that a spreadsheet would run as a formula are written as text.
"""

import csv
import json
from collections.abc import Iterator

from django.db.models import Prefetch, QuerySet

from wageguard.cases.rules import PersonRole
from wageguard.core.xlsx import spreadsheet_safe
from wageguard.org.models import User
from wageguard.org.rules import sees_personal_data
from wageguard.parties.rules import mask_id_number

from .models import ListedPerson
from .rules import State

CHUNK = 1000

COLUMNS = [
    ("id", "记录编号"),
    ("state", "状态"),
    ("unit_name", "单位名称"),
    ("credit_code", "统一社会信用代码"),
    ("legal_representative", "法定代表人（主要负责人）"),
    ("legal_representative_id", "法定代表人身份证号码"),
    ("responsible_persons", "直接责任人员"),
    ("facts", "失信行为事实"),
    ("decision_number", "列入决定书文号"),
    ("listed_on", "列入日期"),
    ("expires_on", "期满移出日期"),
    ("removed_on", "提前移出日期"),
    ("removal_number", "移出决定书文号"),
    ("restored_on", "恢复列入日期"),
    ("revoked_on", "撤销列入决定日期"),
    ("deciding_agency", "作出决定机关"),
    ("region", "辖区代码"),
    ("case_number", "案件编号"),
]


def for_export(qs: QuerySet) -> QuerySet:
    return qs.select_related(
        "agency", "case", "decision_document", "removal_document"
    ).prefetch_related(Prefetch("persons", queryset=ListedPerson.objects.select_related("person")))


def record(listing, sees: bool) -> dict:
    """One listing as the platform receives it; dates ISO, persons with role and ID number."""
    show = (lambda v: v) if sees else mask_id_number
    persons = list(listing.persons.all())
    reps = [p for p in persons if p.role == PersonRole.LEGAL_REPRESENTATIVE]
    others = [p for p in persons if p.role != PersonRole.LEGAL_REPRESENTATIVE]
    return {
        "id": listing.pk,
        "state": listing.state,
        "unit_name": listing.unit_name,
        "credit_code": listing.credit_code,
        "legal_representative": "、".join(p.person.name for p in reps),
        "legal_representative_id": "、".join(show(p.person.id_number) for p in reps),
        "responsible_persons": [
            {"name": p.person.name, "position": p.position, "id_number": show(p.person.id_number)}
            for p in others
        ],
        "facts": listing.facts,
        "decision_number": listing.decision_document.number if listing.decision_document_id else "",
        "listed_on": listing.listed_on.isoformat() if listing.listed_on else "",
        "expires_on": listing.expires_on.isoformat() if listing.expires_on else "",
        "removed_on": listing.removed_on.isoformat() if listing.removed_on else "",
        "removal_number": listing.removal_document.number if listing.removal_document_id else "",
        # Arts. 15-16: the platform learns of a restoration and of a revoked listing.
        "restored_on": listing.restored_on.isoformat() if listing.restored_on else "",
        "revoked_on": listing.revoked_on.isoformat() if listing.revoked_on else "",
        "deciding_agency": listing.agency.name,
        "region": listing.region_id,
        "case_number": listing.case.number,
    }


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_rows(qs: QuerySet, user: User) -> Iterator[str]:
    """UTF-8 with a byte-order mark so Excel opens the Chinese columns correctly."""
    sees = sees_personal_data(user)
    states = {k: str(v) for k, v in State.choices}
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow([title for _key, title in COLUMNS])
    for listing in for_export(qs).iterator(chunk_size=CHUNK):
        row = record(listing, sees)
        row["state"] = states.get(row["state"], row["state"])
        row["responsible_persons"] = "；".join(
            f"{p['name']}（{p['position'] or '直接责任人员'}，{p['id_number']}）"
            if p["id_number"]
            else f"{p['name']}（{p['position'] or '直接责任人员'}）"
            for p in row["responsible_persons"]
        )
        yield writer.writerow([spreadsheet_safe(row[key]) for key, _title in COLUMNS])


def json_chunks(qs: QuerySet, user: User) -> Iterator[str]:
    """A JSON array written one record at a time."""
    sees = sees_personal_data(user)
    yield "["
    first = True
    for listing in for_export(qs).iterator(chunk_size=CHUNK):
        yield ("" if first else ",") + json.dumps(record(listing, sees), ensure_ascii=False)
        first = False
    yield "]"
