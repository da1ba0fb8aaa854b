"""Pure rules of sweeps (拉网式排查): no ORM, no request.

Sources: DOMAIN measure 2 ("full coverage, no omission (拉网式排查); check the core wage-payment
systems; keep a problem ledger") and "Random inspections (双随机、一公开): inspected employers and
inspectors are drawn at random by computer, with a full trail; results are public". The stored
texts searched hold no article for the random draw (no State Council text on 双随机 was found), so
the draw cites nothing. A team's minimum of two inspectors is Decree 423 art. 16.
"""

from __future__ import annotations

import hashlib
import json
import random
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from wageguard.projects.rules import System

# Decree 423 art. 16: inspectors investigate and check in twos at least.
MIN_TEAM = 2
TEAM_ARTICLE = "423.16"
# Most targets (or inspectors) one draw may take: a draw is a page of names, not a census.
MAX_DRAW = 500


class TargetKind(models.TextChoices):
    PROJECT = "project", _("在建工程项目")
    EMPLOYER = "employer", _("用人单位")


class Check(models.TextChoices):
    """One answer of the visit's checklist for a core system."""

    YES = "yes", _("已落实")
    NO = "no", _("未落实")
    NA = "na", _("不适用")


SYSTEMS: tuple[str, ...] = tuple(System.values)


def system_label(code: str) -> str:
    return str(System(code).label)


@dataclass(frozen=True)
class Finding:
    """A problem a visit found: what (`kind`: a system code, "wages" or "arrears") and the text
    the ledger item carries."""

    kind: str
    text: str


def findings(
    systems: dict[str, str], wages_monthly: bool, arrears_workers: int, arrears_amount: Decimal
) -> list[Finding]:
    """The problems a visit's checklist shows, one per ledger item: each core system not in place,
    wages not paid monthly, arrears found. A system marked not applicable is no problem."""
    out = [
        Finding(code, str(_("%(system)s未落实") % {"system": system_label(code)}))
        for code in SYSTEMS
        if systems.get(code) == Check.NO
    ]
    if not wages_monthly:
        out.append(Finding("wages", str(_("未按月足额支付工资"))))
    if arrears_workers > 0 or arrears_amount > 0:
        out.append(
            Finding(
                "arrears",
                str(
                    _("发现拖欠工资：%(n)d 人，%(amount)s 元")
                    % {"n": arrears_workers, "amount": f"{arrears_amount:.2f}"}
                ),
            )
        )
    return out


def coverage_rate(visited: int, total: int) -> float | None:
    """Targets visited / targets in scope, 0-100 to one decimal, or None for no targets."""
    if total <= 0:
        return None
    return round(100.0 * visited / total, 1)


# --- random checks (双随机) -------------------------------------------------------------------


@dataclass(frozen=True)
class Draw:
    targets: list[int]
    inspectors: list[int]


def draw(
    seed: int,
    target_pool: Sequence[int],
    inspector_pool: Sequence[int],
    n_targets: int,
    n_inspectors: int,
) -> Draw:
    """The seeded draw: both pools sorted (so the order rows came from the database never
    matters), then `random.Random(seed).sample` of each, targets first. The same seed and the same
    pools give the same result on any machine (Python's Mersenne Twister is specified)."""
    rng = random.Random(seed)
    targets = sorted(set(target_pool))
    inspectors = sorted(set(inspector_pool))
    return Draw(
        sorted(rng.sample(targets, min(n_targets, len(targets)))),
        sorted(rng.sample(inspectors, min(n_inspectors, len(inspectors)))),
    )


def pool_digest(target_pool: Sequence[int], inspector_pool: Sequence[int]) -> str:
    """SHA-256 of the sorted pools, published with the draw so anyone holding the pools can check
    that the published result is the one they give."""
    body = json.dumps(
        {"targets": sorted(set(target_pool)), "inspectors": sorted(set(inspector_pool))},
        separators=(",", ":"),
    )
    return hashlib.sha256(body.encode()).hexdigest()


def new_seed() -> int:
    """A seed nobody chose: from the operating system's random source, 0 to 2**31-1."""
    return random.SystemRandom().randrange(2**31)
