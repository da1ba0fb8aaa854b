"""What a reporter sees of their clue: where it is, every reply, the next step and its due date.

Two ways in, both answering a stranger exactly like a wrong guess: the tracking code with its
secret (a wrong secret answers like an unknown code, 404), or the phone number the clue was
reported with plus a 6-digit code texted to it (`send_code`, `check_code`). Neither says whether
a number or a code exists before the proof is given; repeated guesses are throttled per client
and per phone (`core.throttle`).

Never staff names, internal notes, other reporters or the employer's view of the case.
"""

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from wageguard.core.crypto import keyed_hash
from wageguard.core.throttle import Throttled, allow

from .. import sms
from ..models import Clue, LookupCode, secret_digest
from ..rules import PUBLIC_STAGE, Action, State, SupplementReason
from .rating import satisfaction_label

STAGE_LABELS = {
    "received": _l("已接收"),
    "accepted": _l("已受理"),
    "verifying": _l("核查处理中"),
    "replied": _l("已答复"),
    "reopened": _l("重新办理"),
    "closed": _l("已办结"),
}
# A step still to come is named as what will happen, not as if it had.
FUTURE_LABELS = {
    "accepted": _l("受理"),
    "verifying": _l("核查处理"),
    "replied": _l("答复"),
    "closed": _l("办结"),
}

# Where the clue is, in one sentence a worker understands (the lead's state for a merged clue).
STATE_WORDS = {
    State.RECEIVED: _l("您反映的问题已收到，承办机构正在审查是否受理。"),
    State.AWAITING_SUPPLEMENT: _l("承办机构请您补充材料，补充后再决定是否受理。"),
    State.ACCEPTED: _l("您反映的问题已受理，承办机构将核查处理。"),
    State.VERIFYING: _l("承办机构正在核查处理您反映的问题。"),
    State.RESOLVED: _l("承办机构已核查处理，正在准备答复。"),
    State.UNSUBSTANTIATED: _l("承办机构已核查，正在准备答复。"),
    State.REFERRED: _l("您反映的问题已转有关部门办理，承办机构将答复您。"),
    State.CONVERTED: _l("您反映的问题已立案调查，承办机构将答复您。"),
    State.REPLIED: _l("承办机构已答复，请阅读答复并评价。"),
    State.REJECTED: _l("承办机构已书面答复，请阅读答复。"),
    State.REDIRECTED: _l("承办机构已书面告知您向哪个部门反映，请阅读答复。"),
    State.CLOSED: _l("您反映的问题已办结。"),
}
REOPENED_WORDS = _l("您表示问题未解决，承办机构正在重新办理。")
# A reopening the bureau decided itself (staff action 重新办理), not the reporter's rating.
REOPENED_BY_BUREAU_WORDS = _l("承办机构正在重新办理您反映的问题。")

# A code is good for this long, for this many wrong tries, and a phone gets this many texts.
CODE_MINUTES = 10
CODE_TRIES = 5
CODE_SMS_RATE = "5/3600"  # texts per phone number: a number cannot be flooded
# Texts per client address: wider, since many phones share one carrier address (CGNAT).
CODE_CLIENT_RATE = "20/3600"
CODE_CHECK_RATE = "10/3600"  # code checks per phone number, whichever client asks
_CODE_SMS = "【根治欠薪】您的查询验证码为 {code}，{minutes} 分钟内有效。请勿告诉他人。"


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


# --- phone number + texted code ---------------------------------------------------------------


def phone_key(phone: str) -> str:
    """The keyed hash of a mobile number: what the code table and the throttle keys hold."""
    return keyed_hash(phone, "mobile")


def _code_digest(phone_hash: str, code: str) -> str:
    # Keyed with the server's secret and bound to the number: a copied table gives no code back.
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"lookup:{phone_hash}:{code}".encode(), hashlib.sha256).hexdigest()


def send_code(phone: str, client: str) -> None:
    """Texts a fresh code to `phone` if any clue was reported from it, and otherwise does nothing
    visible: the caller answers the same either way, so the page cannot be asked who reported.
    Throttled per client and per number whether or not the number is known."""
    key = phone_key(phone)
    if not allow(f"public-sms:{client}", rate=CODE_CLIENT_RATE) or not allow(
        f"public-sms-phone:{key}", rate=CODE_SMS_RATE
    ):
        raise Throttled(_("获取验证码过于频繁，请稍后再试"))
    latest = Clue.objects.filter(phone=phone).order_by("-received_at", "-id").first()
    code = f"{secrets.randbelow(10**6):06d}"
    digest = _code_digest(key, code)  # the same work whether or not the number is known
    if latest is None:
        return
    now = timezone.now()
    with transaction.atomic():
        # One live code per number: a new text makes the earlier one useless.
        LookupCode.objects.filter(phone_hash=key, used_at__isnull=True).update(used_at=now)
        LookupCode.objects.filter(expires_at__lt=now - dt.timedelta(days=1)).delete()
        LookupCode.objects.create(
            phone_hash=key,
            code_hash=digest,
            created_at=now,
            expires_at=now + dt.timedelta(minutes=CODE_MINUTES),
        )
        # Recorded on the newest clue of that number, like every text to a reporter.
        sms.queue(latest, _CODE_SMS.format(code=code, minutes=CODE_MINUTES), phone=phone)


def check_code(phone: str, code: str, client: str) -> list[int]:
    """The ids of the clues reported from `phone`, once `code` is the live code texted to it.
    A wrong, expired or used code and an unknown number all raise Http404."""
    key = phone_key(phone)
    if not allow(f"public-lookup:{client}") or not allow(
        f"public-sms-check:{key}", rate=CODE_CHECK_RATE
    ):
        raise Throttled(_("查询过于频繁，请稍后再试"))
    code = "".join(ch for ch in (code or "") if ch.isdigit())
    digest = _code_digest(key, code)
    now = timezone.now()
    live = (
        LookupCode.objects.filter(
            phone_hash=key, used_at__isnull=True, expires_at__gt=now, failures__lt=CODE_TRIES
        )
        .order_by("-created_at")
        .first()
    )
    if live is None:
        raise Http404
    if len(code) != 6 or not hmac.compare_digest(live.code_hash, digest):
        LookupCode.objects.filter(pk=live.pk).update(failures=F("failures") + 1)
        raise Http404
    # Used once: of two requests with the same code, only the one that marks it gets in.
    if not LookupCode.objects.filter(pk=live.pk, used_at__isnull=True).update(used_at=now):
        raise Http404
    return list(
        Clue.objects.filter(phone=phone)
        .order_by("-received_at", "-id")
        .values_list("pk", flat=True)
    )


def listing(ids: list[int]) -> list[dict]:
    """The clues a verified phone may open, newest first: enough to tell them apart."""
    clues = Clue.objects.select_related("merged_into").filter(pk__in=ids)
    order = {pk: n for n, pk in enumerate(ids)}
    return [
        {
            "pk": clue.pk,
            "tracking_code": clue.tracking_code,
            "received_at": clue.received_at,
            "employer_name": clue.employer_name,
            "state_words": state_words(clue),
        }
        for clue in sorted(clues, key=lambda c: order[c.pk])
    ]


# --- the tracking page ------------------------------------------------------------------------


def _lead(clue: Clue) -> Clue:
    return clue.merged_into if clue.state == State.MERGED and clue.merged_into_id else clue


def state_words(clue: Clue) -> str:
    lead = _lead(clue)
    if lead.state in {State.VERIFYING, State.ACCEPTED} and lead.reopened_count:
        last = lead.history.filter(action=Action.REOPEN).order_by("-at", "-id").first()
        by_reporter = last is None or last.actor_id is None
        return str(REOPENED_WORDS if by_reporter else REOPENED_BY_BUREAU_WORDS)
    if clue.replied_at and lead.state not in {State.REPLIED, State.CLOSED}:
        return str(STATE_WORDS[State.REPLIED])
    return str(STATE_WORDS.get(lead.state, STATE_WORDS[State.VERIFYING]))


@dataclass
class Step:
    stage: str
    at: dt.datetime | None = None
    reply: str = ""
    rating: str = ""
    resolved: bool | None = None
    by_reporter: bool = False


def _answered(row) -> bool:
    if row.action == Action.REPLY:
        return True
    return bool(row.from_state) and row.to_state in {State.REJECTED, State.REDIRECTED}


def _rated_latest(clue: Clue) -> bool:
    """Whether the reply now on the clue was rated (a rating of an earlier, reopened reply does
    not count: the new reply may be rated again)."""
    if not (clue.replied_at and clue.rated_at) or clue.rating is None:
        return False
    return clue.rated_at >= clue.replied_at


def _steps(clue: Clue) -> list[Step]:
    """What happened, in order, each step once per round: a reopened clue shows its first
    reply, then 重新办理, then the rounds after it. Never a step above one already passed."""
    received = Step("received", clue.received_at)
    steps = [received]
    rows = list(clue.history.filter(public=True).order_by("at", "id"))
    lead = _lead(clue)
    if lead is not clue:
        rows += list(lead.history.filter(public=True).exclude(action=Action.REPLY).order_by("at"))
        rows.sort(key=lambda r: r.at)
    round_seen: set[str] = {"received"}
    for row in rows:
        if row.action == Action.REOPEN:
            earlier = row.data.get("reply_text", "")
            last_reply = next((s for s in reversed(steps) if s.stage == "replied"), None)
            if last_reply is not None and not last_reply.reply and earlier:
                last_reply.reply = earlier
            if last_reply is not None and "score" in row.data:
                last_reply.rating = satisfaction_label(row.data["score"])
                last_reply.resolved = False
            steps.append(Step("reopened", row.at, by_reporter=row.actor_id is None))
            round_seen = {"received", "accepted", "verifying"}
            continue
        if _answered(row):
            text = row.data.get("reply_text", "")
            steps.append(Step("replied", row.at, reply=text))
            round_seen.add("replied")
            continue
        if not row.to_state:
            continue
        stage = PUBLIC_STAGE.get(row.to_state, "received")
        if stage in round_seen or stage == "replied":
            continue
        round_seen.add(stage)
        steps.append(Step(stage, row.at))
    replies = [s for s in steps if s.stage == "replied"]
    if replies and clue.replied_at and not replies[-1].reply:
        replies[-1].reply = clue.reply_text
    if clue.replied_at and not replies:  # a reply with no history row (imported data)
        steps.append(Step("replied", clue.replied_at, reply=clue.reply_text))
        replies = steps[-1:]
    if replies and _rated_latest(clue) and not replies[-1].rating:
        replies[-1].rating = satisfaction_label(clue.rating)
    return steps


def _upcoming(lead: Clue, clue: Clue, done: list[Step]) -> list[dict]:
    """The steps still to come, the first with its due date: "预计 …前答复"."""
    state = lead.state
    due = lead.due_date
    if state == State.CLOSED or (clue.replied_at and state in {State.REPLIED}):
        return [] if state == State.CLOSED else [{"stage": "closed", "due": None, "what": ""}]
    if state in {State.REJECTED, State.REDIRECTED}:
        return []
    if state == State.AWAITING_SUPPLEMENT:
        return [{"stage": "accepted", "due": None, "what": "supplement"}]
    if state == State.RECEIVED:
        return [
            {"stage": "accepted", "due": due, "what": "accept"},
            {"stage": "replied", "due": None, "what": ""},
            {"stage": "closed", "due": None, "what": ""},
        ]
    reopened = bool(done) and done[-1].stage == "reopened"
    ahead = [] if reopened or state != State.ACCEPTED else [{"stage": "verifying"}]
    return [
        *({"due": None, "what": "", **s} for s in ahead),
        {"stage": "replied", "due": due, "what": "reply"},
        {"stage": "closed", "due": None, "what": ""},
    ]


def view(clue: Clue) -> dict:
    """The public view of a clue; a merged clue shows the progress of the clue it joined."""
    lead = _lead(clue)
    done = _steps(clue)
    upcoming = _upcoming(lead, clue, done)
    timeline = [
        {
            "stage": s.stage,
            "label": str(STAGE_LABELS[s.stage]),
            "at": s.at,
            "done": True,
            "current": n == len(done) - 1,
            "reply": s.reply,
            "rating": s.rating,
            "resolved": s.resolved,
            "by_reporter": s.by_reporter,
        }
        for n, s in enumerate(done)
    ]
    timeline += [
        {
            "stage": u["stage"],
            "label": str(FUTURE_LABELS[u["stage"]]),
            "at": None,
            "done": False,
            "current": False,
            "due": u["due"],
            "what": u["what"],
        }
        for u in upcoming
    ]
    next_step = upcoming[0] if upcoming and upcoming[0]["due"] else None
    replies = [t for t in timeline if t["stage"] == "replied" and t["done"]]
    agency = lead.agency
    latest_rated = _rated_latest(clue)
    return {
        "tracking_code": clue.tracking_code,
        "stage": PUBLIC_STAGE.get(lead.state, "verifying"),
        "state_words": state_words(clue),
        "timeline": timeline,
        "replies": replies,
        "reply": clue.reply_text if clue.replied_at else "",
        "replied_at": clue.replied_at,
        "reopened": bool(lead.reopened_count),
        "next": next_step,
        "due_provisional": lead.due_provisional,
        "rating": clue.rating if latest_rated else None,
        "rating_words": satisfaction_label(clue.rating) if latest_rated else "",
        "can_rate": bool(clue.replied_at) and not latest_rated,
        "region_name": clue.region.name,
        "agency_name": agency.name,
        "agency_phone": agency.phone,
        # 补正 (Order 25 art. 18): what the complainant is asked to supply, on the tracking page.
        "awaiting_supplement": clue.state == State.AWAITING_SUPPLEMENT,
        "supplement_missing": str(SupplementReason(clue.supplement_missing).label)
        if clue.supplement_missing
        else "",
        "supplement_detail": clue.supplement_detail,
    }
