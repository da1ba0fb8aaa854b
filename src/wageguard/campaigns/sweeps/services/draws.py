"""Random checks (双随机): a seeded, logged, reproducible draw of targets and inspectors, and
its publication."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wageguard.core import audit, legal
from wageguard.org.models import AgencyKind, User

from ... import services as ledger
from .. import rules
from ..models import RandomDraw, Sweep, SweepTarget, SweepTeam
from .planning import check_plan, region_in_sweep, visit_roles

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
    division = region_in_sweep(sweep, region, "region")
    check_plan(actor, sweep, division.code)
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
    check_plan(actor, entry.sweep, entry.region_id)
    if entry.published_at is None:
        entry.published_at = timezone.now()
        entry.save(update_fields=["published_at"])
        audit.record("sweep.draw_publish", obj=entry, actor=actor, after={"draw": entry.pk})
    return entry
