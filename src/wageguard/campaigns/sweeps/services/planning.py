"""Planning a sweep: who may plan, the sweep itself, its targets (set-based), teams of at least
two inspectors and their assignments."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Min, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from wageguard.cases.models import EnforcementCase
from wageguard.core import audit, legal
from wageguard.org.models import AgencyKind, User
from wageguard.org.rules import PERMISSIONS
from wageguard.parties.models import Enterprise
from wageguard.projects.models import Project
from wageguard.projects.rules import ACTIVE
from wageguard.regions.models import Level, Region

from ... import services as ledger
from ...models import Campaign
from ...rules import Sector
from .. import rules
from ..models import PERMISSION, Sweep, SweepTarget, SweepTeam
from ..rules import TargetKind

SWEEP_FIELDS = ["campaign", "name", "region", "start_date", "end_date"]


# --- who may ---------------------------------------------------------------------------------


def _scope(region: Region) -> set[str]:
    return set(ledger.scope_codes(region).values_list("code", flat=True))


def may_plan(actor: User, sweep: Sweep, region_id: str | None = None) -> bool:
    """Plan the sweep for `region_id` (default: the whole sweep): the verb, the division in the
    planner's jurisdiction."""
    return actor.can("plan", PERMISSION) and actor.in_jurisdiction(region_id or sweep.region_id)


def check_plan(actor: User, sweep: Sweep, region_id: str | None = None) -> None:
    if not actor.can("plan", PERMISSION):
        raise PermissionDenied(_("您的角色不能组织拉网式排查"))
    if not actor.in_jurisdiction(region_id or sweep.region_id):
        raise PermissionDenied(_("该区域不在您的辖区内"))


def region_in_sweep(sweep: Sweep, code: str | None, field: str) -> Region:
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
    scope = region_in_sweep(sweep, region_id or sweep.region_id, "region")
    check_plan(actor, sweep, scope.code)
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
    scope = region_in_sweep(sweep, region_id or sweep.region_id, "region")
    check_plan(actor, sweep, scope.code)
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
    county = region_in_sweep(sweep, region, "region")
    if county.level != Level.COUNTY:
        raise ValidationError({"region": _("请选择县级行政区划")})
    check_plan(actor, sweep, county.code)
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
    division = region_in_sweep(sweep, region, "region")
    check_plan(actor, sweep, division.code)
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
    check_plan(actor, sweep, team.region_id)
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
