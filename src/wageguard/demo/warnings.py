"""Demo warnings in every state: the demo's projects are scanned when they are assessed (the
scan follows every assessment), which issues their warnings; this step then carries a share of
them along the lifecycle so the inbox, the project pages and the precision table show each
state. 武侯区's are moved by its inspector through the real `transition()` (audited, with
history); the province's thousands by one bulk update per state with a history row each, which
keeps `wageguard demo` fast. One red warning in 武侯区 stays issued for the walkthrough."""

import random

from django.db import transaction
from django.utils import timezone

from wageguard.org.models import User
from wageguard.projects.models import Warning, WarningHistory, WarningState
from wageguard.projects.warnings import services

S = WarningState
WUHOU = "510107"
# (state, share of the province's warnings, the actions that lead there, the note)
PATHS = (
    (S.ASSIGNED, 0.10, ("assign",), ""),
    (S.HANDLED, 0.10, ("handle",), "已责令施工总承包单位限期整改"),
    (S.VERIFIED, 0.05, ("handle", "verify"), "已整改，现场核实"),
    (S.CLOSED, 0.25, ("handle", "verify", "close"), "已整改到位，予以关闭"),
    (S.DISMISSED, 0.08, ("dismiss",), "数据未同步，实际已落实"),
)


def seed(province_code: str = "51") -> int:
    """Moves the demo's warnings once (a second run finds moved ones and does nothing)."""
    demo = Warning.objects.filter(project__code__startswith="DEMO-")
    if demo.exclude(state=S.ISSUED).exists():
        return 0
    rng = random.Random(5)
    inspector = User.objects.filter(username="wuhou-inspector").first()
    wuhou = list(demo.filter(region_id=WUHOU).order_by("level_rank", "pk"))
    moved = 0
    if inspector is not None and len(wuhou) > 1:
        for warning, (_state, _share, actions, note) in zip(wuhou[1:], PATHS, strict=False):
            for action in actions:
                warning = services.transition(
                    warning, action, inspector, note=note or "已安排专人跟进"
                )
            moved += 1
    rest = list(demo.exclude(region_id=WUHOU).values_list("pk", flat=True))
    rng.shuffle(rest)
    today, now = timezone.localdate(), timezone.now()
    start = 0
    with transaction.atomic():
        for state, share, actions, note in PATHS:
            ids = rest[start : start + int(len(rest) * share)]
            start += len(ids)
            if not ids:
                continue
            done = state in (S.CLOSED, S.DISMISSED)
            Warning.objects.filter(pk__in=ids).update(
                state=state,
                closed_on=today if done else None,
                close_reason=note if done else "",
            )
            WarningHistory.objects.bulk_create(
                [
                    WarningHistory(
                        warning_id=pk,
                        at=now,
                        action=actions[-1],
                        from_state=S.ISSUED,
                        to_state=state,
                        note=note or "演示数据",
                    )
                    for pk in ids
                ],
                batch_size=1000,
            )
            moved += len(ids)
    return moved
