"""The clue workflow's actions, each declared once (DESIGN: actions.py).

A declaration names the action (its label and history label are `rules.Action`'s), the
permission it needs, whether the reporter's timeline shows it, its input fields, and its effect
`fn(clue, user, **data)`: what the action does to the clue beyond the state change, with `data`
already typed by the fields. From the declarations come the page's forms (`form`), the API's
transition schema (`api.schemas.ClueTransitionIn`) and the audit name (`clue.<action>`);
`services.transition` keeps the rest (permission, transition table, deadline, history, audit, one
transaction). `available_actions` is what the page offers and the API's detail reports.

An effect another app does plugs into `services.ACTION_EFFECTS` (convert_to_case: the cases app
files the case); its declaration stays here, so the clue's form and schema know the action.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.utils.translation import override

from wageguard.core.registry import Registry
from wageguard.org.models import Agency, AgencyKind, User
from wageguard.parties.rules import normalise_name, validate_credit_code
from wageguard.regions.models import Region

from . import sms
from .forms import workflow as f
from .models import Clue, ClueSettings
from .rules import (
    OPEN_STATES,
    WORKFLOW,
    Action,
    RedirectKind,
    ReferralTarget,
    RejectReason,
    Resolution,
    SupplementReason,
    investigation_due,
    is_complaint,
    redirect_basis,
    reject_basis,
    time_bar_ends,
    time_barred,
)
from .services.routing import hrss_for
from .services.steps import ACTION_EFFECTS, history, local_date, stage_due

Effect = Callable[..., dict | None]


@dataclass(frozen=True)
class ClueAction:
    name: str
    form: type[f.ActionForm]
    effect: Effect
    # The reporter's timeline shows the step (acceptance, the reply ...), never internal moves.
    public: bool = False
    # Where the state goes instead of the table's (unmerge returns to the state before merging).
    next_state: Callable[[Clue, str], str] | None = None
    # Reject and merge end a reporter's own clue: the page shows them as the lesser button.
    cautious: bool = False
    permission: str = field(default="")

    @property
    def label(self) -> str:
        return Action(self.name).label

    @property
    def audit_name(self) -> str:
        return f"clue.{self.name}"

    @property
    def needs(self) -> str:
        return self.permission or self.name

    def clean(self, data: dict, clue: Clue, user: User) -> dict:
        """The typed fields, or a ValidationError naming each field that is wrong."""
        bound = self.form(data=data, clue=clue, user=user)
        if not bound.is_valid():
            raise ValidationError(bound.errors.as_data())
        return bound.cleaned_data


ACTIONS: Registry[ClueAction] = Registry("clue actions")


def declare(name: str, effect: Effect, fields: dict[str, forms.Field] | None = None, **options):
    """Registers the action with a form class built from `fields` (a note when none are given)."""
    fields = {"note": f.note()} if fields is None else fields
    form = type(f"{name.title().replace('_', '')}Form", (f.ActionForm,), dict(fields))
    form.action, form.label = name, Action(name).label
    order = list(Action.values).index(name)
    return ACTIONS.register(name, ClueAction(name, form, effect, **options), order=order)


def available_actions(clue: Clue, user: User) -> list[ClueAction]:
    """The actions `user` may take on `clue` now: the state's moves their role allows, on a clue
    in their jurisdiction."""
    if not user.in_jurisdiction(clue.region_id):
        return []
    return [
        ACTIONS.get(name)
        for name in WORKFLOW.allowed(clue.state)
        if name in ACTIONS and user.can(ACTIONS.get(name).needs, "clues.clue")
    ]


# --- the effects: what each action does besides moving the state --------------------------------

# Texts to the reporter's phone stay Chinese: they go to a Chinese mobile number, whatever the
# language of the member of staff who acted. So do texts stored on the clue (the written refusal,
# history notes, the routing note): they are the record, written once, read by everyone.
_REPLIED_SMS = "【根治欠薪】线索 {code} 已答复，请凭查询码查看并评价。"


def _reply_due(clue: Clue) -> None:
    cfg = ClueSettings.for_province()
    clue.due_date, clue.due_provisional = stage_due(timezone.localdate(), cfg.reply_days)


def _zh(text) -> str:
    """A citation inside a text stored on the clue: in Chinese, like the record it is part of."""
    with override("zh-hans"):
        return str(text)


def accept(clue: Clue, user: User, *, note: str) -> dict | None:
    """受理. A complaint accepted today is filed for investigation today (Order 25 art. 18): its
    investigation limit (60 working days, Decree 423 art. 17) runs from today, on the clue, and
    the case opened from it later keeps that filing date. The province's reply limit stays the
    stage deadline, but never beyond the investigation limit. Other channels keep their
    verification limit only."""
    clue.accepted_at = timezone.now()
    _reply_due(clue)
    if not is_complaint(clue.channel):
        return None
    today = timezone.localdate()
    limit = investigation_due(today)
    clue.filed_on = today
    clue.investigation_due, clue.investigation_due_provisional = limit.date, limit.provisional
    if clue.due_date > limit.date:
        clue.due_date, clue.due_provisional = limit.date, limit.provisional
    return {"filed_on": today, "investigation_due": limit.date}


def reject(
    clue: Clue, user: User, *, reason: str, violation_ended_on, reply_text: str, note: str
) -> dict:
    """不予受理: only a violation older than 2 years (Order 25 art. 18; Decree 423 art. 20),
    counted from the day it ended to the day the complaint was received."""
    received_on = local_date(clue.received_at)
    if not time_barred(violation_ended_on, received_on):
        raise ValidationError(
            {
                "violation_ended_on": _(
                    "违法行为终了于 %(ended)s，至接到投诉之日 %(received)s 未超过两年"
                    "（两年期满日为 %(last)s），不得不予受理（%(basis)s）"
                )
                % {
                    "ended": violation_ended_on.isoformat(),
                    "received": received_on.isoformat(),
                    "last": time_bar_ends(violation_ended_on).isoformat(),
                    "basis": reject_basis(),
                }
            }
        )
    clue.outcome, clue.violation_ended_on = reason, violation_ended_on
    # The written refusal the reporter receives: Chinese, like the decision it records.
    clue.reply_text = reply_text or (
        f"经审查，您反映的违法行为于{violation_ended_on:%Y年%m月%d日}终了，"
        f"至{received_on:%Y年%m月%d日}接到投诉时已超过两年。"
        f"依据{_zh(reject_basis())}，决定不予受理。{note}"
    )
    clue.replied_at, clue.replied_on = timezone.now(), timezone.localdate()
    sms.queue(clue, f"【根治欠薪】线索 {clue.tracking_code} 已有书面答复，请凭查询码查看。")
    return {"reason": reason, "violation_ended_on": violation_ended_on}


def request_supplement(clue: Clue, user: User, *, missing: str, detail: str, note: str) -> dict:
    """告知补正 (Order 25 art. 18): no identifiable employer or incomplete material is not refused;
    the complainant is told what to supplement and the clue waits. While it waits no acceptance
    limit runs (the wait is the complainant's); the supplement starts a new one
    (`supplement`). The request is the answer to the complaint, due by the acceptance limit:
    the history keeps that limit and the day of the request."""
    due = clue.due_date
    clue.supplement_missing, clue.supplement_detail = missing, detail
    clue.supplement_requested_at = timezone.now()
    clue.due_date, clue.due_provisional = None, False
    sms.queue(
        clue,
        f"【根治欠薪】您反映的线索 {clue.tracking_code} 需补正：{detail[:60]}。"
        "请凭查询码和密码在查询页面补正。",
    )
    return {"missing": missing, "accept_due": due, "late": bool(due and timezone.localdate() > due)}


def supplement(
    clue: Clue,
    user: User | None,
    *,
    employer_name: str,
    employer_credit_code: str,
    detail: str,
    note: str,
) -> dict:
    """补正: what the complainant supplied, recorded by staff or sent by the complainant on the
    public tracking page (`services.supplement.by_reporter`). The clue returns to 已接收 and a
    new acceptance limit runs from today: the text does not say when the 5 working days run for
    a supplemented complaint; WageGuard counts them from the supplement, when the complaint first
    meets the conditions of acceptance (docs/clues.md)."""
    employer_name, credit = employer_name.strip(), employer_credit_code.strip()
    if clue.supplement_missing == SupplementReason.EMPLOYER and not (employer_name or credit):
        raise ValidationError({"employer_name": _("请补充被投诉用人单位的名称或统一社会信用代码")})
    if credit:
        try:
            credit = validate_credit_code(credit)
        except ValidationError as exc:
            raise ValidationError({"employer_credit_code": exc.messages[0]}) from None
        clue.employer_credit_code = credit
    if employer_name:
        clue.employer_name, clue.employer_name_norm = employer_name, normalise_name(employer_name)
    today = timezone.localdate()
    clue.description = f"{clue.description}\n【{today:%Y-%m-%d} 补正】{detail}"[:5000]
    missing = clue.supplement_missing
    clue.supplement_missing, clue.supplement_detail = "", ""
    cfg = ClueSettings.for_province()
    clue.accept_due, clue.due_provisional = stage_due(today, cfg.accept_days)
    clue.due_date = clue.accept_due
    return {"missing": missing, "accept_due": clue.accept_due}


def redirect(clue: Clue, user: User, *, redirect_kind: str, body: str, note: str) -> dict:
    """告知向有关部门提出 (Order 25 art. 18): a matter outside labour security supervision, or
    one for another bureau (Decree 423 art. 13), is answered with where to go, the body named;
    it is not a refusal."""
    clue.redirect_kind, clue.redirect_body, clue.outcome = redirect_kind, body, redirect_kind
    basis = _zh(redirect_basis(redirect_kind))
    if redirect_kind == RedirectKind.OTHER_BUREAU:
        text = f"经审查，您反映的事项不属于本部门管辖，请向{body}提出（依据{basis}）。"
    else:
        text = f"经审查，您反映的事项不属于劳动保障监察职权范围，请向{body}反映（依据{basis}）。"
    clue.reply_text = text + note
    clue.replied_at, clue.replied_on = timezone.now(), timezone.localdate()
    sms.queue(clue, f"【根治欠薪】线索 {clue.tracking_code} 已有书面告知，请凭查询码查看。")
    return {"redirect_kind": redirect_kind, "body": body}


def start_verification(clue: Clue, user: User, *, assignee: User | None, note: str) -> None:
    if assignee is not None:
        if not assignee.in_jurisdiction(clue.region_id):
            raise ValidationError({"assignee": _("承办人须为承办机构的在岗人员")})
        clue.assignee = assignee
    elif clue.assignee_id is None:
        clue.assignee = user


def resolve(clue: Clue, user: User, *, resolution: str, note: str) -> None:
    clue.outcome, clue.outcome_note = resolution, note


def mark_unsubstantiated(clue: Clue, user: User, *, note: str) -> None:
    clue.outcome, clue.outcome_note = "unsubstantiated", note


def refer(clue: Clue, user: User, *, target: str, note: str) -> None:
    clue.outcome, clue.outcome_note = target, note


def convert_to_case(clue: Clue, user: User, *, note: str) -> dict:
    if Action.CONVERT_TO_CASE not in ACTION_EFFECTS:
        raise ValidationError({"action": _("本系统未启用此操作")})
    clue.outcome, clue.outcome_note = "converted", note
    return ACTION_EFFECTS.get(Action.CONVERT_TO_CASE)(clue, user)


def reply(clue: Clue, user: User, *, reply_text: str, note: str) -> dict:
    """答复. The history keeps each reply's text: a reopened clue's next reply replaces the
    field, and the reporter's page still shows every reply (`services.tracking`)."""
    clue.reply_text = reply_text
    clue.replied_at, clue.replied_on = timezone.now(), timezone.localdate()
    # Merging keeps every reporter: each merged clue receives the primary's reply.
    for merged in clue.merged_clues.all():
        merged.reply_text, merged.replied_at = clue.reply_text, clue.replied_at
        merged.replied_on = clue.replied_on
        merged.save(update_fields=["reply_text", "replied_at", "replied_on", "updated_at"])
        history(
            merged,
            Action.REPLY,
            user,
            merged.state,
            note=f"随主线索 {clue.tracking_code} 答复",
            public=True,
            reply_text=clue.reply_text,
        )
        sms.queue(merged, _REPLIED_SMS.format(code=merged.tracking_code))
    sms.queue(clue, _REPLIED_SMS.format(code=clue.tracking_code))
    return {"reply_text": reply_text}


def close(clue: Clue, user: User, *, note: str) -> None:
    clue.closed_at = timezone.now()


def reopen(clue: Clue, user: User, *, reason: str, note: str) -> dict:
    earlier = {"reply_text": clue.reply_text, "replied_at": clue.replied_at}
    clue.reopened_count += 1
    clue.replied_at = clue.replied_on = clue.closed_at = None
    _reply_due(clue)
    return {"reason": reason, **earlier}


def transfer(clue: Clue, user: User, *, region: str, reason: str, note: str) -> dict:
    target = Region.objects.filter(code=region).first()
    if target is None or target.code == clue.region_id:
        raise ValidationError({"region": _("请选择另一个有效的辖区")})
    if not Agency.objects.filter(region=target, kind=AgencyKind.HRSS).exists():
        raise ValidationError({"region": _("该辖区尚未接入本系统，请线下移交")})
    moved = {"from_region": clue.region_id, "to_region": target.code}
    clue.region, clue.agency, clue.assignee = target, hrss_for(target), None
    # Stored on the clue and read by every later handler: in the language of the record.
    clue.routing_note = f"由 {moved['from_region']} 移交：{reason}"
    return moved


def merge(clue: Clue, user: User, *, into: str, note: str) -> dict:
    primary = (
        Clue.objects.restrict(user, "merge")
        .filter(Q(pk=into) if into.isdigit() else Q(tracking_code=into))
        .first()
    )
    if primary is None or primary.pk == clue.pk:
        raise ValidationError({"into": _("找不到可合并的线索")})
    if primary.state not in OPEN_STATES or primary.merged_into_id:
        raise ValidationError({"into": _("只能合并到办理中的线索")})
    clue.merged_into, clue.state_before_merge = primary, clue.state
    return {"into": primary.tracking_code}


def unmerge(clue: Clue, user: User, *, note: str) -> dict:
    moved = {"from": clue.merged_into.tracking_code if clue.merged_into else ""}
    clue.merged_into, clue.state_before_merge = None, ""
    return moved


# --- the declarations ------------------------------------------------------------------------

_FINDINGS = _l("核查情况 / 转办说明")

declare(Action.ACCEPT, accept, public=True)
declare(
    Action.REQUEST_SUPPLEMENT,
    request_supplement,
    {
        "missing": f.choice(
            _l("需补正事项"), SupplementReason.choices, required=_l("请选择需补正的事项")
        ),
        "detail": f.text(
            _l("需补正的内容（将告知反映人）"),
            max_length=1000,
            rows=2,
            required=_l("请写明需要补正的内容"),
        ),
        "note": f.note(),
    },
    public=True,
    permission="reject",
)
declare(
    Action.SUPPLEMENT,
    supplement,
    {
        "employer_name": f.text(_l("用人单位名称（补正）"), max_length=200),
        "employer_credit_code": f.text(_l("统一社会信用代码（补正）"), max_length=30),
        "detail": f.text(_l("补正内容"), max_length=2000, rows=2, required=_l("请填写补正的内容")),
        "note": f.note(),
    },
    public=True,
    permission="accept",
)
declare(
    Action.REJECT,
    reject,
    {
        "reason": f.choice(
            _l("不予受理理由"), RejectReason.choices, required=_l("请选择不予受理的理由")
        ),
        "violation_ended_on": f.date(
            _l("违法行为终了日期"), required=_l("请填写违法行为发生或终了的日期")
        ),
        "reply_text": f.text(_l("答复内容"), max_length=5000, rows=3),
        "note": f.note(),
    },
    public=True,
    cautious=True,
)
declare(
    Action.REDIRECT,
    redirect,
    {
        "redirect_kind": f.choice(
            _l("告知事由"), RedirectKind.choices, required=_l("请选择告知事由")
        ),
        "body": f.text(
            _l("告知向其提出的部门"), max_length=200, required=_l("请写明应向哪个部门提出")
        ),
        "note": f.note(),
    },
    public=True,
    cautious=True,
    permission="reject",
)
declare(
    Action.START_VERIFICATION,
    start_verification,
    {"assignee": f.assignee(_l("承办人")), "note": f.note()},
    public=True,
)
declare(
    Action.RESOLVE,
    resolve,
    {
        "resolution": f.choice(_l("化解方式"), Resolution.choices, required=_l("请选择化解方式")),
        "note": f.note(),
    },
)
declare(
    Action.MARK_UNSUBSTANTIATED,
    mark_unsubstantiated,
    {"note": f.note(_FINDINGS, required=_l("请说明核查情况"))},
)
declare(
    Action.REFER,
    refer,
    {
        "target": f.choice(_l("转办去向"), ReferralTarget.choices, required=_l("请选择转办去向")),
        "note": f.note(_FINDINGS, required=_l("请说明转办单位及理由")),
    },
)
declare(Action.CONVERT_TO_CASE, convert_to_case)
declare(
    Action.REPLY,
    reply,
    {
        "reply_text": f.text(
            _l("答复内容"), max_length=5000, rows=3, required=_l("请填写答复内容")
        ),
        "note": f.note(),
    },
    public=True,
)
declare(Action.CLOSE, close, public=True)
declare(
    Action.REOPEN,
    reopen,
    {
        "reason": f.text(_l("理由"), max_length=200, required=_l("请说明重新办理的原因")),
        "note": f.note(),
    },
    public=True,
)
declare(
    Action.TRANSFER,
    transfer,
    {
        "region": f.region(_l("移交到"), required=_l("请选择移交到的辖区")),
        "reason": f.text(_l("理由"), max_length=200, required=_l("请说明移交理由")),
        "note": f.note(),
    },
)
declare(
    Action.MERGE,
    merge,
    {
        "into": f.text(_l("合并到（查询码）"), max_length=20, required=_l("请选择合并到的线索")),
        "note": f.note(),
    },
    cautious=True,
)
declare(
    Action.UNMERGE,
    unmerge,
    next_state=lambda clue, target: clue.state_before_merge or target,
)
