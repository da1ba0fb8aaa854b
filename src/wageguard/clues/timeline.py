"""The clue's history in words (issue 14: "pages show words, never codes").

A history row keeps what its action recorded as codes (`data`: the channel, the resolution, the
referral target, the regions of a transfer ...), which the API and the exports read. The clue
page shows the row's label and these words instead; a key it does not know is left out rather
than shown as a code.
"""

import datetime as dt
from collections.abc import Callable, Iterable
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from wageguard.regions.models import Region

from .rules import (
    LEGACY_REJECT_REASONS,
    Action,
    Channel,
    RecoveryMethod,
    RedirectKind,
    ReferralTarget,
    RejectReason,
    Resolution,
    SupplementReason,
)

# History lines no workflow action writes.
OTHER_LABELS = {
    "received": _l("接收线索"),
    "assign": _l("交办"),
    "recovery": _l("登记追回"),
    "migrate_answer": _l("依法更正答复"),
}


def label(action: str) -> str:
    """The row's label: the action's, or the other lines', else a neutral word (never a code)."""
    if action in Action.values:
        return str(Action(action).label)
    return str(OTHER_LABELS.get(action, _l("办理记录")))


def _choice(choices) -> Callable[[str], str]:
    def word(value: str) -> str:
        return str(choices(value).label) if value in choices.values else ""

    return word


def _reason(value: str) -> str:
    """A refusal's reason code in words; a reopening's or a transfer's reason is typed text."""
    if value in RejectReason.values:
        return str(RejectReason(value).label)
    if value in LEGACY_REJECT_REASONS:
        return str(LEGACY_REJECT_REASONS[value])
    return value


def _day(value) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value or "")


def _money(value) -> str:
    try:
        return format(Decimal(str(value)), ",.2f")
    except (InvalidOperation, ValueError, TypeError):
        return ""


# key -> (the words' pattern, how the value is put in words)
_WORDS: dict[str, tuple[Callable[[], str], Callable]] = {
    "channel": (lambda: _("来源：%(v)s"), _choice(Channel)),
    "reason": (lambda: _("理由：%(v)s"), _reason),
    "resolution": (lambda: _("化解方式：%(v)s"), _choice(Resolution)),
    "target": (lambda: _("转办去向：%(v)s"), _choice(ReferralTarget)),
    "missing": (lambda: _("需补正：%(v)s"), _choice(SupplementReason)),
    "redirect_kind": (lambda: _("告知事由：%(v)s"), _choice(RedirectKind)),
    "body": (lambda: _("应向 %(v)s 提出"), str),
    "violation_ended_on": (lambda: _("违法行为终了于 %(v)s"), _day),
    "filed_on": (lambda: _("立案日期 %(v)s"), _day),
    "investigation_due": (lambda: _("调查期限至 %(v)s"), _day),
    "accept_due": (lambda: _("受理期限至 %(v)s"), _day),
    "into": (lambda: _("合并到线索 %(v)s"), str),
    "from": (lambda: _("原合并到线索 %(v)s"), str),
    "case": (lambda: _("立案 %(v)s"), str),
}


def region_names(rows: Iterable) -> dict[str, str]:
    """The names of the divisions the rows' transfers name, in one query."""
    codes = {
        code
        for row in rows
        for code in ((row.data or {}).get("from_region"), (row.data or {}).get("to_region"))
        if code
    }
    return dict(Region.objects.filter(code__in=codes).values_list("code", "name")) if codes else {}


def words(
    action: str,
    data: dict | None,
    regions: dict[str, str] | None = None,
    names: dict[int, str] | None = None,
) -> str:
    """What the row recorded, in words, joined with "；". `names`: the workers' names by arrears
    line, as the viewer may read them (masked for those who may not)."""
    data = data or {}
    regions = regions or {}
    parts: list[str] = []
    if action == "recovery":
        method = data.get("method") or ""
        values = {
            "worker": (names or {}).get(data.get("line"), "—"),
            "amount": _money(data.get("amount")) or "—",
            "on": _day(data.get("recovered_on")) or _("日期不明"),
            "method": _choice(RecoveryMethod)(method) or "—",
        }
        return _("%(worker)s：累计已追回 %(amount)s 元（%(on)s，%(method)s）") % values
    if data.get("to_region"):
        parts.append(
            _("由 %(from)s 移交到 %(to)s")
            % {
                "from": regions.get(data.get("from_region"), _("原辖区")),
                "to": regions.get(data["to_region"], _("新辖区")),
            }
        )
    for key, (pattern, word) in _WORDS.items():
        value = data.get(key)
        if value in (None, "", False):
            continue
        shown = word(value)
        if shown:
            parts.append(pattern() % {"v": shown})
    if data.get("late"):
        parts.append(_("已超过受理期限"))
    return "；".join(parts)


def routing_words(confidence: float) -> str:
    """How sure the automatic routing was, in words rather than "置信度 0.90"."""
    if confidence >= 0.9:
        return _("按地址明确分派")
    if confidence >= 0.6:
        return _("按地址大致分派，建议核对")
    if confidence > 0:
        return _("分派把握不大，请核对辖区")
    return _("未能从地址识别辖区")


def period_words(start: dt.date | None, end: dt.date | None) -> str:
    """The arrears period as the reporter gave it: both months, one of them, or neither."""
    if start and end:
        return f"{start:%Y-%m} — {end:%Y-%m}"
    if start:
        return _("%(start)s 起（终止月份未填写）") % {"start": f"{start:%Y-%m}"}
    if end:
        return _("至 %(end)s（起始月份未填写）") % {"end": f"{end:%Y-%m}"}
    return _("未填写")
