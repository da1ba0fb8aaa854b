"""Recording a visit on the phone (idempotent by the client's key; refusals name the target),
the ledger items a visit opens, and arrears turned into a clue or a case in one action."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from wageguard.cases.services import file_case
from wageguard.clues.rules import Channel
from wageguard.clues.rules import Sector as ClueSector
from wageguard.clues.services import intake
from wageguard.clues.validation import IntakeData
from wageguard.core import audit, files, legal
from wageguard.org.models import Agency, AgencyKind, User
from wageguard.parties.models import Enterprise

from ... import services as ledger
from ...rules import Source, UnitKind
from .. import rules
from ..models import PERMISSION, Sweep, SweepPhoto, SweepTarget, SweepVisit
from ..rules import Check, TargetKind

MAX_ARREARS = Decimal("999999999999.99")
MAX_WORKERS = 100_000
MAX_PHOTOS = 6
CLIENT_KEY = re.compile(r"^[A-Za-z0-9_.:-]{8,64}$")


# --- visits ----------------------------------------------------------------------------------


@dataclass
class Recorded:
    visit: SweepVisit
    created: bool


def _clean_visit(target: SweepTarget, data: dict) -> dict:
    errors: dict[str, str] = {}
    systems_in = data.get("systems") or {}
    if not isinstance(systems_in, dict):
        systems_in = {}
    unknown = [k for k in systems_in if k not in rules.SYSTEMS]
    if unknown:
        errors["systems"] = _("未知的核心制度：%(codes)s") % {"codes": "、".join(unknown)[:100]}
    systems = {}
    for code in rules.SYSTEMS:
        value = systems_in.get(code) or ""
        if not value and target.kind == TargetKind.EMPLOYER:
            value = Check.NA
        if value not in Check.values:
            errors.setdefault(
                "systems",
                _("请填写“%(system)s”的检查结果") % {"system": rules.system_label(code)},
            )
        systems[code] = value
    wages = data.get("wages_monthly")
    if not isinstance(wages, bool):
        errors["wages_monthly"] = _("请选择是否按月足额支付工资")
    try:
        workers = int(data.get("arrears_workers") or 0)
    except (TypeError, ValueError):
        workers = -1
    if not 0 <= workers <= MAX_WORKERS:
        errors["arrears_workers"] = _("欠薪人数应为 0 至 %(max)d 之间的整数") % {"max": MAX_WORKERS}
    try:
        amount = Decimal(str(data.get("arrears_amount") or 0))
    except InvalidOperation:
        amount = Decimal(-1)
    if not amount.is_finite() or not Decimal(0) <= amount <= MAX_ARREARS:
        errors["arrears_amount"] = _("欠薪金额应为不小于 0 的金额（元）")
    elif amount != amount.quantize(Decimal("0.01")):
        errors["arrears_amount"] = _("欠薪金额最多保留两位小数")
    if "arrears_workers" not in errors and "arrears_amount" not in errors:
        if workers > 0 and amount == 0:
            errors["arrears_amount"] = _("发现欠薪时请填写欠薪金额")
        elif amount > 0 and workers == 0:
            errors["arrears_workers"] = _("发现欠薪时请填写欠薪人数")
    remarks = (data.get("remarks") or "").strip()
    if len(remarks) > 2000:
        errors["remarks"] = _("备注不能超过 2000 字")
    if errors:
        raise ValidationError(errors)
    return {
        "systems": systems,
        "wages_monthly": wages,
        "arrears_workers": workers,
        "arrears_amount": amount,
        "remarks": remarks,
    }


def check_visit(actor: User, target: SweepTarget, sweep: Sweep | None = None) -> None:
    """Refuses, naming the target, a visit of a target outside the sweep, outside the actor's
    jurisdiction, or of a team the actor is not on."""
    if sweep is not None and target.sweep_id != sweep.pk:
        raise ValidationError(
            {"target": _("排查对象“%(t)s”不属于排查“%(s)s”") % {"t": target.name, "s": sweep.name}}
        )
    if not actor.can("visit", PERMISSION):
        raise PermissionDenied(_("您的角色不能记录排查检查"))
    if not actor.in_jurisdiction(target.region_id):
        raise PermissionDenied(_("排查对象“%(t)s”不在您的辖区内") % {"t": target.name})
    if target.team_id is None:
        raise PermissionDenied(_("排查对象“%(t)s”尚未分配检查组") % {"t": target.name})
    if not target.team.members.filter(pk=actor.pk).exists():
        raise PermissionDenied(
            _("您不在排查对象“%(t)s”的检查组“%(team)s”中")
            % {"t": target.name, "team": target.team.name}
        )


def _agency_of(target: SweepTarget) -> Agency:
    if target.project_id:
        return target.project.agency
    agency = Agency.objects.filter(region_id=target.region_id, kind=AgencyKind.HRSS).first()
    if agency is None:
        raise ValidationError({"target": _("该排查对象所在辖区未配置人社部门")})
    return agency


def _open_items(actor: User, target: SweepTarget, found: list[rules.Finding]) -> list:
    agency = _agency_of(target)
    items = []
    for finding in found:
        items.append(
            ledger.open_item(
                actor,
                source=Source.SWEEP,
                agency=agency,
                region_id=target.region_id,
                unit_kind=UnitKind.PROJECT if target.project_id else UnitKind.ENTERPRISE,
                project=target.project if target.project_id else None,
                enterprise=target.enterprise if target.enterprise_id else None,
                sector=target.sector or "",
                description=f"{target.name}：{finding.text}",
                reason=_("拉网式排查"),
            )
        )
    return items


def record_visit(
    actor: User,
    target: SweepTarget,
    *,
    client_key: str,
    sweep: Sweep | None = None,
    photos: list[UploadedFile] | None = None,
    **data: Any,
) -> Recorded:
    """检查记录 of `target` by `actor`'s team. Idempotent by `client_key`: the same key from the
    same inspector returns the first visit and creates nothing (a phone retrying on a weak
    signal). A visit finding a problem opens one ledger item per problem (source sweep), in the
    same transaction; the first visit marks the target visited (coverage)."""
    target = (
        SweepTarget.objects.select_related("sweep", "team", "project__agency", "enterprise")
        .filter(pk=target.pk)
        .first()
    )
    if target is None:
        raise ValidationError({"target": _("排查对象不存在")})
    check_visit(actor, target, sweep)
    key = (client_key or "").strip()
    if not CLIENT_KEY.match(key):
        raise ValidationError({"client_key": _("客户端标识应为 8 至 64 位字母、数字或 - _ . :")})
    first = _replayed(actor, target, key)
    if first is not None:
        return Recorded(first, False)
    today = timezone.localdate()
    if not (target.sweep.start_date <= today <= target.sweep.end_date):
        raise ValidationError(
            {
                "target": _("排查“%(s)s”的期间为 %(a)s 至 %(b)s，今天不能记录检查")
                % {"s": target.sweep.name, "a": target.sweep.start_date, "b": target.sweep.end_date}
            }
        )
    clean = _clean_visit(target, data)
    photos = list(photos or [])
    if len(photos) > MAX_PHOTOS:
        raise ValidationError({"photos": _("最多上传 %(n)d 张照片") % {"n": MAX_PHOTOS}})
    stored: list[SweepPhoto] = []
    try:
        with transaction.atomic():
            visit = _create_visit(actor, target, key, clean, photos, stored)
    except IntegrityError:
        files.discard(stored)
        first = _replayed(actor, target, key)
        if first is None:
            raise
        return Recorded(first, False)
    except Exception:
        files.discard(stored)
        raise
    return Recorded(visit, True)


def _replayed(actor: User, target: SweepTarget, key: str) -> SweepVisit | None:
    first = SweepVisit.objects.filter(recorded_by=actor, client_key=key).first()
    if first is not None and first.target_id != target.pk:
        raise ValidationError({"client_key": _("该客户端标识已用于另一排查对象的检查记录")})
    return first


def _create_visit(
    actor: User, target: SweepTarget, key: str, clean: dict, photos: list, stored: list
) -> SweepVisit:
    now = timezone.now()
    visit = SweepVisit.objects.create(
        target=target,
        team=target.team,
        region_id=target.region_id,
        recorded_by=actor,
        client_key=key,
        visited_at=now,
        **clean,
    )
    for upload in photos:
        photo = SweepPhoto(visit=visit, uploaded_by=actor)
        files.save_file(photo, upload, "photos")
        stored.append(photo)
        photo.save()
    # The items' text is stored: in the record's language whatever the inspector's page language.
    with translation.override(legal.RECORD_LANGUAGE):
        found = rules.findings(
            clean["systems"],
            clean["wages_monthly"],
            clean["arrears_workers"],
            clean["arrears_amount"],
        )
    items = _open_items(actor, target, found)
    if items:
        visit.ledger_items.set(items)
    SweepTarget.objects.filter(pk=target.pk, visited_at__isnull=True).update(visited_at=now)
    if found:
        SweepTarget.objects.filter(pk=target.pk).update(problem_found=True)
    audit.record(
        "sweep.visit",
        obj=visit,
        actor=actor,
        after={
            "target": target.pk,
            "systems": clean["systems"],
            "wages_monthly": clean["wages_monthly"],
            "arrears_workers": clean["arrears_workers"],
            "arrears_amount": str(clean["arrears_amount"]),
            "photos": len(stored),
            "ledger_items": [i.pk for i in items],
        },
    )
    return visit


# --- arrears found: one action to a clue or a case ---------------------------------------------


OUTCOMES = ("clue", "case")


def _work_address(target: SweepTarget) -> str:
    if target.project_id and target.project.site_address:
        return target.project.site_address
    if target.enterprise_id and target.enterprise.address:
        return target.enterprise.address
    region = target.region
    parent = region.parent.name if region.parent_id else ""
    return f"{parent}{region.name}"


def _employer(target: SweepTarget) -> Enterprise:
    return target.project.general_contractor if target.project_id else target.enterprise


@transaction.atomic
def arrears_to(actor: User, visit: SweepVisit, outcome: str) -> Any:
    """Turns the arrears a visit found into a clue (verified under the clue limits) or a case
    (filed at once), through that app's own service; once per visit."""
    visit = (
        SweepVisit.objects.select_for_update(of=("self",))
        .select_related(
            "target__project__general_contractor", "target__enterprise", "target__region__parent"
        )
        .get(pk=visit.pk)
    )
    if outcome not in OUTCOMES:
        raise ValidationError({"outcome": _("请选择转为线索或立案")})
    if not actor.in_jurisdiction(visit.region_id):
        raise PermissionDenied(_("该检查记录不在您的辖区内"))
    if not visit.has_arrears:
        raise ValidationError({"outcome": _("该检查未发现欠薪")})
    if visit.clue_id or visit.case_id:
        raise ValidationError({"outcome": _("该检查发现的欠薪已转为线索或案件")})
    target = visit.target
    employer = _employer(target)
    facts = (
        f"拉网式排查发现（{timezone.localtime(visit.visited_at):%Y-%m-%d}）：{target.name}"
        f"拖欠 {visit.arrears_workers} 名劳动者工资，共 {visit.arrears_amount:.2f} 元。"
        f"{visit.remarks}"
    )
    if outcome == "clue":
        result = intake(
            IntakeData(
                employer_name=employer.name,
                employer_credit_code=employer.credit_code or "",
                work_address=_work_address(target),
                project_name=target.project.name if target.project_id else "",
                sector=ClueSector.CONSTRUCTION if target.project_id else ClueSector.OTHER,
                description=facts[:2000],
                amount_owed=visit.arrears_amount,
                workers_owed=visit.arrears_workers,
            ),
            channel=Channel.INSPECTION,
            actor=actor,
        )
        visit.clue = result.clue
        made: Any = result.clue
    else:
        made = file_case(
            actor,
            region=visit.region_id,
            employer_name=employer.name,
            employer_credit_code=employer.credit_code or "",
            project_code=target.project.code if target.project_id else "",
            project_name=target.project.name if target.project_id else "",
            work_address=_work_address(target),
            facts=facts[:5000],
            workers=[],
            source="inspection",
            note=_("拉网式排查发现欠薪"),
        )
        visit.case = made
    visit.save(update_fields=["clue", "case"])
    audit.record("sweep.arrears", obj=visit, actor=actor, after={"outcome": outcome, "id": made.pk})
    return made
