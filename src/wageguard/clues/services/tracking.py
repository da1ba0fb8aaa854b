"""What a reporter sees with tracking code + secret: a coarse timeline, the reply, the rating.

Never staff names, internal notes, other reporters or the employer's view of the case. A wrong
secret answers exactly like an unknown code (404), and repeated wrong guesses from one client are
throttled, so codes cannot be probed.
"""

from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from wageguard.core.throttle import Throttled, allow

from ..models import Clue, secret_digest
from ..rules import PUBLIC_STAGE, PUBLIC_STAGES, State, SupplementReason

STAGE_LABELS = {
    "received": _l("已接收"),
    "accepted": _l("已受理"),
    "verifying": _l("核查处理中"),
    "replied": _l("已答复"),
    "closed": _l("已办结"),
}


def find(tracking_code: str, secret: str, client: str) -> Clue:
    if not allow(f"public-lookup:{client}"):
        raise Throttled(_("查询过于频繁，请稍后再试"))
    clue = (
        Clue.objects.select_related("region", "merged_into")
        .filter(tracking_code=(tracking_code or "").strip().upper())
        .first()
    )
    if clue is None:
        # Spend the same work as a real check, so timing does not tell which codes exist.
        secret_digest("XS0000000000", secret or "")
        raise Http404
    if not clue.check_secret((secret or "").strip()):
        raise Http404
    return clue


def view(clue: Clue) -> dict:
    """The public view of a clue; a merged clue shows the progress of the clue it joined."""
    lead = clue.merged_into if clue.state == State.MERGED and clue.merged_into_id else clue
    stage = PUBLIC_STAGE[lead.state]
    if clue.replied_at and stage not in {"replied", "closed"}:
        stage = "replied"
    seen: dict[str, object] = {}
    for row in clue.history.filter(public=True).order_by("at"):
        key = PUBLIC_STAGE.get(row.to_state, "received") if row.to_state else "received"
        answered = row.to_state in {State.REJECTED, State.REDIRECTED}
        if row.action == "reply" or (row.from_state and answered):
            key = "replied"
        seen.setdefault(key, row.at)
    if lead is not clue:
        for row in lead.history.filter(public=True).order_by("at"):
            seen.setdefault(PUBLIC_STAGE.get(row.to_state, "received"), row.at)
    timeline = [
        {"stage": s, "label": str(STAGE_LABELS[s]), "at": seen.get(s), "done": s in seen}
        for s in PUBLIC_STAGES
    ]
    return {
        "tracking_code": clue.tracking_code,
        "stage": stage,
        "timeline": timeline,
        "reply": clue.reply_text if clue.replied_at else "",
        "replied_at": clue.replied_at,
        "rating": clue.rating,
        "can_rate": bool(clue.replied_at) and clue.rating is None,
        "region_name": clue.region.name,
        # 补正 (Order 25 art. 18): what the complainant is asked to supply, on the tracking page.
        "awaiting_supplement": clue.state == State.AWAITING_SUPPLEMENT,
        "supplement_missing": str(SupplementReason(clue.supplement_missing).label)
        if clue.supplement_missing
        else "",
        "supplement_detail": clue.supplement_detail,
    }
