"""Every change to sweeps (拉网式排查): planning (the sweep, its targets, teams, assignment,
random draws) and visits, each with its permission, jurisdiction, audit and, for a visit that
finds a problem, ledger items opened through the one ledger (`campaigns.services.open_item`) in
the visit's transaction. Also the coverage a page or the API shows, in a fixed number of queries.

Who may do what (`org.rules`, model `campaigns.sweep`):
- plan (supervisors, the task force): launch a sweep of a division of their jurisdiction inside
  a campaign's scope and period; add targets, form teams, assign targets and draw at random for
  divisions of their jurisdiction within the sweep;
- visit (inspectors, supervisors): record a visit of a target assigned to a team they are on,
  within their jurisdiction, while the sweep runs.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, Min, Q, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from wageguard.cases.models import EnforcementCase
from wageguard.cases.services import file_case
from wageguard.clues.rules import Channel
from wageguard.clues.rules import Sector as ClueSector
from wageguard.clues.services import intake
from wageguard.clues.validation import IntakeData
from wageguard.core import audit, files, legal
from wageguard.org.models import Agency, AgencyKind, User
from wageguard.org.rules import PERMISSIONS
from wageguard.parties.models import Enterprise
from wageguard.projects.models import Project
from wageguard.projects.rules import ACTIVE
from wageguard.regions.models import Level, Region

from .. import services as ledger
from ..models import Campaign
from ..rules import Sector, Source, UnitKind
from . import rules
from .models import PERMISSION, RandomDraw, Sweep, SweepPhoto, SweepTarget, SweepTeam, SweepVisit
from .rules import Check, TargetKind

MAX_ARREARS = Decimal("999999999999.99")
MAX_WORKERS = 100_000
MAX_PHOTOS = 6
CLIENT_KEY = re.compile(r"^[A-Za-z0-9_.:-]{8,64}$")
SWEEP_FIELDS = ["campaign", "name", "region", "start_date", "end_date"]


# --- who may ---------------------------------------------------------------------------------


def _scope(region: Region) -> set[str]:
    return set(ledger.scope_codes(region).values_list("code", flat=True))


def may_plan(actor: User, sweep: Sweep, region_id: str | None = None) -> bool:
    """Plan the sweep for `region_id` (default: the whole sweep): the verb, the division in the
    planner's jurisdiction."""
    return actor.can("plan", PERMISSION) and actor.in_jurisdiction(region_id or sweep.region_id)


def _check_plan(actor: User, sweep: Sweep, region_id: str | None = None) -> None:
    if not actor.can("plan", PERMISSION):
        raise PermissionDenied(_("您的角色不能组织拉网式排查"))
    if not actor.in_jurisdiction(region_id or sweep.region_id):
        raise PermissionDenied(_("该区域不在您的辖区内"))


def _region_in_sweep(sweep: Sweep, code: str | None, field: str) -> Region:
    region = Region.objects.select_related("parent").filter(code=code or "").first()
    if region is None or region.code not in _scope(sweep.region):
        raise ValidationError({field: _("所选区域不在本次排查的范围内")})
    return region


# --- the sweep -------------------------------------------------------------------------------


@transaction.atomic
def create_sweep(actor: User, campaign: Campaign, **data: Any) -> Sweep:
    """A sweep of `campaign` over a division of the actor's jurisdiction inside the campaign's
    scope, for a period inside the campaign's."""
    if not actor.can("plan", PERMISSION):
        raise PermissionDenied(_("您的角色不能组织拉网式排查"))
    errors: dict[str, str] = {}
    name = (data.get("name") or "").strip()
    if not name:
        errors["name"] = _("请填写排查名称")
    region = data.get("region")
    if isinstance(region, str):
        region = Region.objects.filter(code=region).first()
    if region is None or not actor.in_jurisdiction(region.code):
        errors["region"] = _("行政区划不存在或不在您的辖区内")
    elif region.code not in _scope(campaign.region):
        errors["region"] = _("排查范围须在专项行动的范围之内")
    start, end = data.get("start_date"), data.get("end_date")
    if not isinstance(start, dt.date):
        errors["start_date"] = _("请填写开始日期")
    if not isinstance(end, dt.date):
        errors["end_date"] = _("请填写结束日期")
    elif isinstance(start, dt.date) and end < start:
        errors["end_date"] = _("结束日期不能早于开始日期")
    elif isinstance(start, dt.date) and not (
        campaign.start_date <= start and end <= campaign.end_date
    ):
        errors["end_date"] = _("排查期间须在专项行动期间之内")
    if errors:
        raise ValidationError(errors)
    sweep = Sweep.objects.create(
        campaign=campaign,
        name=name,
        region=region,
        start_date=start,
        end_date=end,
        created_by=actor,
    )
    audit.record("sweep.create", obj=sweep, actor=actor, after=audit.snapshot(sweep, SWEEP_FIELDS))
    return sweep


# --- targets ---------------------------------------------------------------------------------


def _insert_select(select: QuerySet, constants: dict[str, Any], columns: list[str]) -> int:
    """INSERT INTO the targets' table the rows of `select` (its values_list columns, in
    `columns`' order) plus `constants`: one statement whatever the number of rows."""
    table = SweepTarget._meta.db_table
    quote = connection.ops.quote_name
    sql, params = select.query.sql_with_params()
    names = list(constants) + columns
    head = ", ".join(["%s"] * len(constants))
    statement = (
        f"INSERT INTO {quote(table)} ({', '.join(quote(n) for n in names)}) "
        f"SELECT {head}, sub.* FROM ({sql}) sub"
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, [*constants.values(), *params])
        return cursor.rowcount


@transaction.atomic
def add_project_targets(actor: User, sweep: Sweep, region_id: str | None = None) -> int:
    """Every project under construction (projects.rules.ACTIVE) in the sweep's scope, or in
    `region_id` within it, not yet a target: one INSERT ... SELECT, so 100,000 projects take one
    statement. Returns the number added."""
    scope = _region_in_sweep(sweep, region_id or sweep.region_id, "region")
    _check_plan(actor, sweep, scope.code)
    already = SweepTarget.objects.filter(sweep=sweep, project__isnull=False).values("project_id")
    select = (
        Project.objects.filter(state__in=ACTIVE, region_id__in=ledger.scope_codes(scope))
        .exclude(pk__in=already)
        .order_by()
        .values_list("pk", "name", "region_id")
    )
    now = timezone.now()
    added = _insert_select(
        select,
        {
            "sweep_id": sweep.pk,
            "kind": TargetKind.PROJECT,
            "sector": Sector.CONSTRUCTION,
            "problem_found": False,
            "added_at": now,
        },
        ["project_id", "name", "region_id"],
    )
    audit.record(
        "sweep.targets",
        obj=sweep,
        actor=actor,
        after={"kind": "project", "region": scope.code, "added": added},
    )
    return added


def _employer_sector(sector: str) -> str:
    if sector not in Sector.values:
        raise ValidationError({"sector": _("请选择行业")})
    return sector


@transaction.atomic
def add_employers_from_cases(
    actor: User, sweep: Sweep, *, sector: str, region_id: str | None = None
) -> int:
    """用人单位 named as employer in the enforcement cases of the sweep's scope (or `region_id`
    within it), listed for `sector`, each in its case's county: one INSERT ... SELECT."""
    sector = _employer_sector(sector)
    scope = _region_in_sweep(sweep, region_id or sweep.region_id, "region")
    _check_plan(actor, sweep, scope.code)
    already = SweepTarget.objects.filter(sweep=sweep, enterprise__isnull=False).values(
        "enterprise_id"
    )
    # One row per employer: its name and the county of its earliest case in scope.
    select = (
        EnforcementCase.objects.filter(
            employer__isnull=False, region_id__in=ledger.scope_codes(scope)
        )
        .exclude(employer_id__in=already)
        .order_by()
        .values("employer_id")
        .annotate(first_name=Min("employer__name"), first_region=Min("region_id"))
        .values_list("employer_id", "first_name", "first_region")
    )
    added = _insert_select(
        select,
        {
            "sweep_id": sweep.pk,
            "kind": TargetKind.EMPLOYER,
            "sector": sector,
            "problem_found": False,
            "added_at": timezone.now(),
        },
        ["enterprise_id", "name", "region_id"],
    )
    audit.record(
        "sweep.targets",
        obj=sweep,
        actor=actor,
        after={"kind": "employer", "from": "cases", "sector": sector, "added": added},
    )
    return added


@transaction.atomic
def add_employers(
    actor: User, sweep: Sweep, *, sector: str, region: str, enterprises: list[Enterprise]
) -> int:
    """Employers listed by the planner for `sector` in county `region` (within the sweep);
    ones already listed are skipped. Returns the number added."""
    sector = _employer_sector(sector)
    county = _region_in_sweep(sweep, region, "region")
    if county.level != Level.COUNTY:
        raise ValidationError({"region": _("请选择县级行政区划")})
    _check_plan(actor, sweep, county.code)
    if not enterprises:
        raise ValidationError({"enterprises": _("请至少填写一个用人单位")})
    have = set(
        SweepTarget.objects.filter(sweep=sweep, enterprise__in=enterprises).values_list(
            "enterprise_id", flat=True
        )
    )
    now = timezone.now()
    rows = [
        SweepTarget(
            sweep=sweep,
            kind=TargetKind.EMPLOYER,
            enterprise=e,
            sector=sector,
            name=e.name[:200],
            region=county,
            added_at=now,
        )
        for e in {e.pk: e for e in enterprises}.values()
        if e.pk not in have
    ]
    SweepTarget.objects.bulk_create(rows)
    audit.record(
        "sweep.targets",
        obj=sweep,
        actor=actor,
        after={"kind": "employer", "sector": sector, "region": county.code, "added": len(rows)},
    )
    return len(rows)


# --- teams and assignment --------------------------------------------------------------------


def visit_roles() -> list[str]:
    """Roles whose permission includes visiting a target (org.rules)."""
    return [r for r, granted in PERMISSIONS.items() if (PERMISSION, "visit") in granted]


def eligible_inspectors(region: Region) -> QuerySet:
    """Users who may be on a team working in `region`: active, a role that visits, at an HRSS
    bureau whose jurisdiction holds the division (its own bureau or one above)."""
    chain = [region.code]
    if region.parent_id:
        chain.append(region.parent_id)
        if region.parent and region.parent.parent_id:
            chain.append(region.parent.parent_id)
    return User.objects.filter(
        is_active=True,
        role__in=visit_roles(),
        agency__kind=AgencyKind.HRSS,
        agency__region_id__in=chain,
    ).order_by("agency__region_id", "pk")


@transaction.atomic
def form_team(
    actor: User, sweep: Sweep, *, name: str, region: str, members: list[User]
) -> SweepTeam:
    """检查组 of at least two inspectors (Decree 423 art. 16) for a division within the sweep and
    the planner's jurisdiction; each member's bureau must hold that division."""
    division = _region_in_sweep(sweep, region, "region")
    _check_plan(actor, sweep, division.code)
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("请填写检查组名称")})
    members = list({u.pk: u for u in members}.values())
    if len(members) < rules.MIN_TEAM:
        raise ValidationError(
            {
                "members": _("检查组“%(team)s”只有 %(n)d 人：%(rule)s，至少须 %(min)d 名监察员")
                % {
                    "team": name,
                    "n": len(members),
                    "rule": legal.cite(rules.TEAM_ARTICLE),
                    "min": rules.MIN_TEAM,
                }
            }
        )
    allowed = set(eligible_inspectors(division).values_list("pk", flat=True))
    outside = [u.display_name for u in members if u.pk not in allowed]
    if outside:
        raise ValidationError(
            {
                "members": _("%(names)s 不是该区域人社部门的监察人员，不能编入检查组")
                % {"names": "、".join(outside)}
            }
        )
    team = SweepTeam.objects.create(sweep=sweep, name=name, region=division, created_by=actor)
    team.members.set(members)
    audit.record(
        "sweep.team",
        obj=sweep,
        actor=actor,
        after={
            "team": team.pk,
            "name": name,
            "region": division.code,
            "members": [u.pk for u in members],
        },
    )
    return team


@transaction.atomic
def assign(
    actor: User,
    sweep: Sweep,
    team: SweepTeam,
    *,
    target_ids: list[int] | None = None,
    limit: int | None = None,
) -> int:
    """Assigns targets of the team's division to it: the given ids, or the first `limit`
    unassigned, unvisited ones in order. One UPDATE. Returns the number assigned."""
    if team.sweep_id != sweep.pk:
        raise ValidationError({"team": _("该检查组不属于本次排查")})
    _check_plan(actor, sweep, team.region_id)
    scope = ledger.scope_codes(team.region)
    targets = SweepTarget.objects.filter(sweep=sweep, visited_at__isnull=True)
    if target_ids:
        chosen = targets.filter(pk__in=target_ids)
        outside = chosen.exclude(region_id__in=scope).values_list("name", flat=True)[:3]
        if outside:
            raise ValidationError(
                {
                    "target_ids": _("排查对象 %(names)s 不在检查组负责的区域内")
                    % {"names": "、".join(outside)}
                }
            )
        ids = list(chosen.values_list("pk", flat=True))
    else:
        if not limit or limit < 1:
            raise ValidationError({"limit": _("请填写分配数量")})
        ids = list(
            targets.filter(region_id__in=scope, team__isnull=True)
            .order_by("region_id", "name", "pk")
            .values_list("pk", flat=True)[:limit]
        )
    count = SweepTarget.objects.filter(pk__in=ids).update(team=team)
    audit.record("sweep.assign", obj=sweep, actor=actor, after={"team": team.pk, "targets": count})
    return count


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


# --- coverage --------------------------------------------------------------------------------


@dataclass
class CoverageRow:
    code: str
    name: str
    total: int
    visited: int
    problems: int
    level: str  # "county", "city" or "total"
    parent: str = ""

    @property
    def rate(self) -> float | None:
        return rules.coverage_rate(self.visited, self.total)


@dataclass
class Coverage:
    rows: list[CoverageRow]  # each prefecture, then its counties
    total: CoverageRow

    def counties(self) -> list[CoverageRow]:
        return [r for r in self.rows if r.level == Level.COUNTY]

    def prefectures(self) -> list[CoverageRow]:
        return [r for r in self.rows if r.level == Level.CITY]


def coverage(sweep: Sweep, user: User) -> Coverage:
    """Targets visited / targets in scope per county (the rows the viewer may see), summed per
    prefecture and overall. Two queries whatever the number of targets: one GROUP BY over the
    (sweep, region, visited_at, problem_found) index, one for the divisions' names."""
    grouped = list(
        SweepTarget.objects.restrict(user, "view")
        .filter(sweep=sweep)
        .values("region_id")
        .annotate(
            total=Count("pk"),
            visited=Count("visited_at"),
            problems=Count("pk", filter=Q(problem_found=True)),
        )
        .order_by("region_id")
    )
    regions = {
        r.code: r
        for r in Region.objects.select_related("parent").filter(
            code__in=[g["region_id"] for g in grouped]
        )
    }
    counties: dict[str, list[CoverageRow]] = {}
    cities: dict[str, CoverageRow] = {}
    total = CoverageRow("", _("合计"), 0, 0, 0, "total")
    for g in grouped:
        region = regions.get(g["region_id"])
        if region is None:
            continue
        parent = region.parent if region.level == Level.COUNTY and region.parent_id else region
        row = CoverageRow(
            region.code,
            region.name,
            g["total"],
            g["visited"],
            g["problems"],
            Level.COUNTY,
            parent.code,
        )
        city = cities.setdefault(
            parent.code, CoverageRow(parent.code, parent.name, 0, 0, 0, Level.CITY)
        )
        for agg in (city, total):
            agg.total += row.total
            agg.visited += row.visited
            agg.problems += row.problems
        if region.level == Level.COUNTY:
            counties.setdefault(parent.code, []).append(row)
    rows: list[CoverageRow] = []
    for code in sorted(cities):
        rows.append(cities[code])
        rows.extend(counties.get(code, []))
    return Coverage(rows, total)


# --- random checks (双随机) --------------------------------------------------------------------


@transaction.atomic
def random_draw(
    actor: User,
    sweep: Sweep,
    *,
    region: str,
    n_targets: int,
    n_inspectors: int,
    seed: int | None = None,
) -> RandomDraw:
    """Draws `n_targets` unvisited targets of county/division `region` and `n_inspectors` of its
    HRSS bureau's inspectors, by `rules.draw` with `seed` (a fresh one when not given). Logs the
    seed, both pools, the result, who and when; the drawn inspectors become a team and the
    drawn targets are assigned to it."""
    division = _region_in_sweep(sweep, region, "region")
    _check_plan(actor, sweep, division.code)
    errors = {}
    if not 1 <= int(n_targets or 0) <= rules.MAX_DRAW:
        errors["n_targets"] = _("抽取对象数应为 1 至 %(n)d") % {"n": rules.MAX_DRAW}
    if not rules.MIN_TEAM <= int(n_inspectors or 0) <= rules.MAX_DRAW:
        errors["n_inspectors"] = _("抽取检查人员数至少为 %(n)d 人（%(rule)s）") % {
            "n": rules.MIN_TEAM,
            "rule": legal.cite(rules.TEAM_ARTICLE),
        }
    if seed is not None and not 0 <= seed < 2**63:
        errors["seed"] = _("随机种子应为非负整数")
    if errors:
        raise ValidationError(errors)
    target_pool = list(
        SweepTarget.objects.filter(
            sweep=sweep, visited_at__isnull=True, region_id__in=ledger.scope_codes(division)
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    inspector_pool = list(
        User.objects.filter(
            is_active=True,
            role__in=visit_roles(),
            agency__kind=AgencyKind.HRSS,
            agency__region_id=division.code,
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if not target_pool:
        raise ValidationError({"region": _("该区域没有尚未检查的排查对象")})
    if len(inspector_pool) < rules.MIN_TEAM:
        raise ValidationError({"n_inspectors": _("该区域人社部门的监察人员不足 2 人")})
    seed = rules.new_seed() if seed is None else seed
    result = rules.draw(seed, target_pool, inspector_pool, n_targets, n_inspectors)
    now = timezone.now()
    team = SweepTeam.objects.create(
        sweep=sweep,
        name=_("双随机抽查组（%(t)s）") % {"t": timezone.localtime(now).strftime("%Y-%m-%d %H:%M")},
        region=division,
        created_by=actor,
    )
    team.members.set(result.inspectors)
    SweepTarget.objects.filter(pk__in=result.targets).update(team=team)
    entry = RandomDraw.objects.create(
        sweep=sweep,
        region=division,
        seed=seed,
        n_targets=n_targets,
        n_inspectors=n_inspectors,
        target_pool=target_pool,
        inspector_pool=inspector_pool,
        drawn_targets=result.targets,
        drawn_inspectors=result.inspectors,
        pool_digest=rules.pool_digest(target_pool, inspector_pool),
        team=team,
        drawn_by=actor,
        drawn_at=now,
    )
    audit.record(
        "sweep.draw",
        obj=entry,
        actor=actor,
        after={
            "seed": seed,
            "region": division.code,
            "pools": [len(target_pool), len(inspector_pool)],
            "targets": result.targets,
            "inspectors": result.inspectors,
            "digest": entry.pool_digest,
        },
    )
    return entry


def replay(entry: RandomDraw) -> bool:
    """Whether the logged seed and pools give the logged result again."""
    again = rules.draw(
        entry.seed, entry.target_pool, entry.inspector_pool, entry.n_targets, entry.n_inspectors
    )
    return again.targets == entry.drawn_targets and again.inspectors == entry.drawn_inspectors


@transaction.atomic
def publish_draw(actor: User, entry: RandomDraw) -> RandomDraw:
    """公开: the draw's result goes on its public page (the targets drawn, the seed, the pools'
    sizes and digest; no inspector's name)."""
    _check_plan(actor, entry.sweep, entry.region_id)
    if entry.published_at is None:
        entry.published_at = timezone.now()
        entry.save(update_fields=["published_at"])
        audit.record("sweep.draw_publish", obj=entry, actor=actor, after={"draw": entry.pk})
    return entry
