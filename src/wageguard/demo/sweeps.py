"""The demo's sweep (拉网式排查) of Sichuan's winter campaign: every project under construction and
some employers of 武侯区 and 锦江区 listed, county teams (武侯区's of `wuhou-inspector` and
`wuhou-inspector2`, 锦江区's, and the province's inspectors for the other counties), coverage
between 40% and 100% by county, a few visits through the real service that found problems and
opened ledger items (one's arrears turned into a clue), and a published random draw.

The background visits that make up the coverage are written in bulk (one INSERT of visits, one
UPDATE of targets) so the seed stays fast; they found nothing and open no ledger item. 武侯区
keeps targets unvisited, assigned to `wuhou-inspector`'s team, for the browser demo."""

from __future__ import annotations

import datetime as dt
import math
import random
from decimal import Decimal

from django.db.models import Count
from django.utils import timezone

from wageguard.campaigns.models import Campaign
from wageguard.campaigns.sweeps import rules
from wageguard.campaigns.sweeps import services as sweeps
from wageguard.campaigns.sweeps.models import SweepTarget, SweepTeam, SweepVisit
from wageguard.org.models import User
from wageguard.parties.services import enterprise_for
from wageguard.regions.models import Region

WUHOU, JINJIANG = "510107", "510104"
EMPLOYERS = {
    WUHOU: (
        "成都武侯锦程餐饮管理有限公司",
        "成都市武侯区永兴物业服务有限公司",
        "成都武侯华西制衣厂",
        "成都市武侯区鑫达保安服务有限公司",
    ),
    JINJIANG: ("成都锦江春熙路餐饮有限公司", "成都市锦江区顺达物流有限公司"),
}
TEAMS = (
    ("武侯区第一检查组", WUHOU, ("wuhou-inspector", "wuhou-inspector2")),
    ("锦江区检查组", JINJIANG, ("jinjiang-inspector", "chengdu-inspector")),
    ("省级督导检查组", "510000", ("province-inspector", "province-supervisor")),
)


def _all_yes() -> dict[str, str]:
    return dict.fromkeys(rules.SYSTEMS, "yes")


def seed(campaign: Campaign) -> int:
    """The sweep of `campaign`, once; returns the number of ledger items its visits opened."""
    users = {u.username: u for u in User.objects.filter(username__contains="-")}
    taskforce = users.get("province-taskforce")
    if taskforce is None or campaign.sweeps.exists():
        return 0
    today = timezone.localdate()
    sweep = sweeps.create_sweep(
        taskforce,
        campaign,
        name="全省在建工程项目和重点行业用人单位拉网式排查",
        region=campaign.region_id,
        start_date=campaign.start_date,
        end_date=campaign.end_date,
    )
    sweeps.add_project_targets(taskforce, sweep)
    for county, names in EMPLOYERS.items():
        region = Region.objects.get(code=county)
        sweeps.add_employers(
            taskforce,
            sweep,
            sector="services",
            region=county,
            enterprises=[enterprise_for(name, "", region=region) for name in names],
        )
    teams: dict[str, SweepTeam] = {}
    for name, region, members in TEAMS:
        people = [users[m] for m in members if m in users]
        if len(people) >= rules.MIN_TEAM:
            teams[region] = sweeps.form_team(
                taskforce, sweep, name=name, region=region, members=people
            )
    for region, team in teams.items():
        if region != "510000":
            sweeps.assign(taskforce, sweep, team, limit=100_000)
    if "510000" in teams:
        sweeps.assign(taskforce, sweep, teams["510000"], limit=1_000_000)
    if not (sweep.start_date <= today <= sweep.end_date):
        return 0
    opened = _visits(sweep, users)
    _background(sweep)
    # 武侯区's bureau has three who visit (two inspectors and the leader): a draw of two of them
    # for one of its unvisited targets, published.
    if _unvisited(sweep, WUHOU):
        draw = sweeps.random_draw(
            taskforce, sweep, region=WUHOU, n_targets=1, n_inspectors=2, seed=20261204
        )
        sweeps.publish_draw(taskforce, draw)
    return opened


def _unvisited(sweep, region: str) -> bool:
    return SweepTarget.objects.filter(
        sweep=sweep, region_id=region, visited_at__isnull=True
    ).exists()


def _visits(sweep, users: dict[str, User]) -> int:
    """Visits through the service that found problems: a project without its dedicated account
    and one with arrears in 武侯区 (turned into a clue), an employer not paying monthly in
    锦江区."""
    opened = 0
    plans = (
        ("wuhou-inspector", WUHOU, "project", {"account": "no"}, True, 0, "0", "专户尚未开设"),
        (
            "wuhou-inspector2",
            WUHOU,
            "project",
            {"notice": "no"},
            True,
            6,
            "48000",
            "6 名钢筋工反映两个月未发工资",
        ),
        ("jinjiang-inspector", JINJIANG, "employer", {}, False, 0, "0", "工资按季度发放"),
    )
    for n, (who, region, kind, gaps, monthly, workers, amount, remark) in enumerate(plans):
        user = users.get(who)
        waiting = SweepTarget.objects.filter(
            sweep=sweep, region_id=region, visited_at__isnull=True, team__isnull=False
        ).order_by("pk")
        # Without projects (a demo seeded without domain data) an employer stands in.
        target = waiting.filter(kind=kind).first() or waiting.first()
        if user is None or target is None:
            continue
        if target.kind == "project":
            systems = {**_all_yes(), **gaps}
        else:
            systems = dict.fromkeys(rules.SYSTEMS, "na")
            monthly = monthly and not gaps
        done = sweeps.record_visit(
            user,
            target,
            client_key=f"demo-sweep-{n:04d}",
            systems=systems,
            wages_monthly=monthly,
            arrears_workers=workers,
            arrears_amount=Decimal(amount),
            remarks=remark,
        )
        opened += done.visit.ledger_items.count()
        if done.visit.has_arrears:
            sweeps.arrears_to(user, done.visit, "clue")
    return opened


def _background(sweep) -> None:
    """Visits found clean, in bulk, so each county's coverage lands between 40% and 100%
    (武侯区 keeps at least two targets unvisited for the browser demo)."""
    rng = random.Random(1204)
    now = timezone.now()
    by_region: dict[str, list[SweepTarget]] = {}
    for target in (
        SweepTarget.objects.filter(sweep=sweep, visited_at__isnull=True, team__isnull=False)
        .select_related("team")
        .order_by("pk")
    ):
        by_region.setdefault(target.region_id, []).append(target)
    members = {
        t.pk: t.members.order_by("pk").first() for t in SweepTeam.objects.filter(sweep=sweep)
    }
    visited_count = dict(
        SweepTarget.objects.filter(sweep=sweep, visited_at__isnull=False)
        .values_list("region_id")
        .annotate(n=Count("pk"))
    )
    start = timezone.make_aware(dt.datetime.combine(sweep.start_date, dt.time.min))
    visits = []
    for region, todo in by_region.items():
        total = len(todo) + visited_count.get(region, 0)
        share = 0.6 if region == WUHOU else rng.choice((0.4, 0.55, 0.7, 0.85, 1.0))
        goal = max(math.ceil(share * total), math.ceil(0.4 * total))
        take = goal - visited_count.get(region, 0)
        if region == WUHOU:
            take = min(take, len(todo) - 2)
        for target in todo[: max(take, 0)]:
            at = now - dt.timedelta(hours=rng.randrange(1, 24 * 20))
            visits.append(
                SweepVisit(
                    target=target,
                    team=target.team,
                    region_id=region,
                    recorded_by=members[target.team_id],
                    client_key=f"demo-bulk-{target.pk}",
                    visited_at=max(at, start),
                    systems=_all_yes(),
                    wages_monthly=True,
                )
            )
    SweepVisit.objects.bulk_create(visits, batch_size=2000)
    SweepTarget.objects.filter(sweep=sweep, visited_at__isnull=True, visits__isnull=False).update(
        visited_at=now
    )
