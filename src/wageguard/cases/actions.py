"""Every action on a case, each declared once (DESIGN: actions.py).

An entry names the action (one name: the page's URL and form prefix, the history row, the audit
event `case.<name>`), its label, the permission verb, the row of the case it acts on (if any),
its input form (the page renders it; the API schema is derived from it), the service that makes
the change (`fn(case_or_row, user, **data)`), the page section it belongs to and the API route.
The page form, the page's POST, the API endpoint and schema, the history label and the offered
actions (`available_actions`) are all derived from this registry; adding an action is one
`ACTIONS.register(...)` here and its service.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial
from typing import Any

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wageguard.clues.rules import RecoveryMethod
from wageguard.core import legal
from wageguard.core.registry import Registry
from wageguard.org.models import User

from .api.schemas import (
    CaseCreatedOut,
    CaseDepositDrawdownOut,
    CaseDocumentOut,
    CaseEvidenceAddedOut,
    CaseFollowUpOut,
    CaseIncidentOut,
    CaseInspectorsOut,
    CaseMeasureOut,
    CaseProjectOut,
    CaseRecoveryOut,
    CaseStateOut,
    CaseTransferOut,
    deposit_drawdown_out,
    document_out,
    follow_up_out,
    inspectors_out,
    measure_out,
    recovery_out,
    transfer_out,
)
from .forms import actions as forms
from .models import CaseDocument, CaseWorker, Decision, EnforcementCase, PoliceTransfer
from .rules import (
    WORKFLOW,
    Action,
    DecisionKind,
    DecisionState,
    ServiceMethod,
    State,
    TransferResponse,
    yuan,
)
from .rules.liability import Basis, ProjectRole
from .rules.preconditions import extension_refusal
from .services import deposit as case_deposit
from .services import documents, investigation, measures, transfer
from .services import projects as case_projects
from .services.workflow import decide_problems, transition

MODEL = "cases.enforcementcase"


@dataclass(frozen=True)
class ApiRoute:
    """Where the API takes the action: `path` under /api/v1/cases (with `{int:case_id}` and,
    for a row action, the row's id parameter), and its url name. Actions sharing a `group`
    share one route whose body names the member (`key`: "action" for workflow steps)."""

    path: str
    name: str
    summary: Promise | str = ""
    group: str = ""
    key: str = ""
    value: str = ""
    description: str = ""


@dataclass(frozen=True)
class CaseAction:
    name: str
    label: Promise
    verb: str
    form: type[forms.ActForm]
    service: Callable[..., Any]
    section: str
    api: ApiRoute
    # The API's answer: a schema read from the service's result, or built by `to_out`.
    out: type = CaseCreatedOut
    to_out: Callable[[Any], Any] | None = None
    # The button and the success message ("已<title>"); the label when not given.
    title: Promise | None = None
    # The row of the case the action acts on (a worker line, a measure, a transfer).
    row: type[models.Model] | None = None
    # Whether the action is offered for the case (and, for a row action, for the row).
    applies: Callable[[EnforcementCase], bool] = field(default=lambda case: True)
    row_applies: Callable[[Any], bool] = field(default=lambda row: True)
    # The form's fixed keyword arguments, and those it takes from the case's choices.
    form_kwargs: dict = field(default_factory=dict)
    options: Callable[[forms.CaseChoices], dict] = field(default=lambda choices: {})
    # The form's keyword arguments taken from the row it acts on (a row action's choices).
    row_options: Callable[[Any], dict] = field(default=lambda row: {})
    # The words of its history entries: fn(data, names) with the case's workers' names as the
    # viewer may read them, by line id; None when the label and note say it all.
    describe: Callable[[dict, dict[int, str]], str] | None = None
    # An action that issues a numbered document: fn(case, user, **data) -> documents.Preview,
    # the same checks and the document with （文号待编）. The page shows it first, and calls
    # `service` (which takes the number) only when the official confirms; the API calls it
    # directly.
    preview: Callable[..., Any] | None = None
    order: int = 100

    @property
    def button(self) -> Promise:
        return self.title or self.label

    def build_form(
        self,
        case: EnforcementCase,
        data=None,
        files=None,
        row: models.Model | None = None,
        choices: forms.CaseChoices | None = None,
    ) -> forms.ActForm:
        """The action's page form for `case` (bound when `data` is given), with its URL."""
        prefix = self.name if row is None else f"{self.name}-{row.pk}"
        options = self.options(choices or forms.CaseChoices(case))
        if row is not None:
            options = {**options, **self.row_options(row)}
        form = self.form(data, files, prefix=prefix, **self.form_kwargs, **options)
        args = [case.pk, self.name] if row is None else [case.pk, self.name, row.pk]
        form.act_url = reverse("cases:act" if row is None else "cases:act-item", args=args)
        form.act_what = self.name
        form.action = self
        # The form's element id: its URL carries it as the fragment, so the page that answers a
        # refused POST opens scrolled to the form with its error.
        form.anchor = f"act-{prefix}"
        return form

    def unbound_form(self) -> forms.ActForm:
        """The form without a case, for deriving the API schema from its fields."""
        return self.form(prefix=self.name, **self.form_kwargs)

    def run(self, target: Any, user: User, data: dict) -> Any:
        """Calls the service with the typed data of the page form or the API payload."""
        return self.service(target, user, **self.form.to_service(data))

    def run_preview(self, target: Any, user: User, data: dict) -> Any:
        """The document the action would issue, from the same typed data, numbered later."""
        assert self.preview is not None
        return self.preview(target, user, **self.form.to_service(data))

    def api_out(self, result: Any) -> Any:
        return self.to_out(result) if self.to_out else result


ACTIONS: Registry[CaseAction] = Registry("case actions")

# History rows written under older names, read with the label of the action they became.
FORMER_NAMES = {
    "assign_inspectors": "assign",
    "transfer_follow_up": "follow_up",
    **{f"measure_{kind}": f"issue_{kind}" for kind in DecisionKind.values},
}
OTHER_HISTORY = {
    "file": _("立案"),
    "document": _("生成文书"),
    "supervise": _("督办提醒"),
}


def register(action: CaseAction) -> CaseAction:
    return ACTIONS.register(action.name, action, action.order)


def _open(case: EnforcementCase) -> bool:
    return case.state != State.CLOSED


# --- workflow -------------------------------------------------------------------------------


def _step(action: str) -> Callable[..., EnforcementCase]:
    def run(case: EnforcementCase, user: User, **data) -> EnforcementCase:
        return transition(case, action, user, **data)

    run.__name__ = action
    return run


def _step_applies(action: str) -> Callable[[EnforcementCase], bool]:
    """The table of moves and the rules the service checks, asked in advance: the extension
    (`extension_refusal`: not after the limit ran out, once only, with today's date) and the
    decision (`decide_problems`: two inspectors, the employer heard)."""

    def applies(case: EnforcementCase) -> bool:
        if WORKFLOW.next(case.state, action) is None:
            return False
        if action == Action.DECIDE:
            return not decide_problems(case)
        refused = extension_refusal(
            action,
            extended=case.extended,
            requested=case.extension_requested_at is not None,
            due_date=case.due_date,
            today=timezone.localdate(),
        )
        return refused is None

    return applies


def step_words(data: dict, names: dict[int, str]) -> str:
    """A workflow step in the case's history: the extension's reason, the new limit, the
    matters still open at closing and the reason given for closing over them."""
    parts = []
    if data.get("reason"):
        parts.append(gettext("延期理由：%(reason)s") % {"reason": data["reason"]})
    if data.get("due_date"):
        parts.append(gettext("办案期限延至 %(date)s") % {"date": data["due_date"]})
    if data.get("blockers"):
        parts.append(gettext("结案时尚未了结：%(items)s") % {"items": "；".join(data["blockers"])})
    if data.get("exception_reason"):
        parts.append(gettext("例外结案理由：%(reason)s") % {"reason": data["exception_reason"]})
    return "；".join(parts)


for _order, _action in enumerate(Action):
    register(
        CaseAction(
            name=_action.value,
            label=_action.label,
            verb=_action.value,
            form=forms.TransitionForm,
            form_kwargs={"action": _action.value},
            service=_step(_action.value),
            section="workflow",
            applies=_step_applies(_action.value),
            api=ApiRoute(
                "transition",
                "case_transition",
                _("案件流转"),
                group="transition",
                description="开始调查、申请/批准延期、作出处理决定（须两名以上承办人并已听取陈述申辩）、"
                "结案（须结案报告；有未了结事项时须填写例外结案理由，逐项列明）。",
                key="action",
                value=_action.value,
            ),
            out=CaseStateOut,
            describe=step_words,
            order=_order,
        )
    )


def recovery_words(data: dict, names: dict[int, str]) -> str:
    """A recovery in the case's history: whose, how much, which day, how, and the total after.
    Entries written before recoveries were kept one by one hold only the total."""
    method = data.get("method") or ""
    values = {
        "worker": names.get(data.get("worker"), "—"),
        "amount": _money(data.get("amount")),
        "on": data.get("recovered_on") or gettext("日期不明"),
        "method": RecoveryMethod(method).label if method in RecoveryMethod.values else "—",
        "total": _money(data.get("total", data.get("amount_recovered"))),
    }
    if "amount" not in data:
        return gettext("%(worker)s：累计已追回 %(total)s 元（%(method)s）") % values
    if data.get("opening"):
        return gettext("%(worker)s：随明细带入已追回 %(amount)s 元（%(on)s，%(method)s）") % values
    return (
        gettext("%(worker)s：%(on)s 追回 %(amount)s 元（%(method)s），累计已追回 %(total)s 元")
        % values
    )


def withdrawal_words(data: dict, names: dict[int, str]) -> str:
    """A withdrawn recovery in the case's history: which payment, and the total after."""
    method = data.get("method") or ""
    values = {
        "worker": names.get(data.get("worker"), "—"),
        "amount": _money(data.get("amount")),
        "on": data.get("recovered_on") or gettext("日期不明"),
        "method": RecoveryMethod(method).label if method in RecoveryMethod.values else "—",
        "total": _money(data.get("total")),
    }
    return (
        gettext(
            "%(worker)s：撤销 %(on)s 追回 %(amount)s 元（%(method)s）的记录，"
            "累计已追回 %(total)s 元"
        )
        % values
    )


def _money(value) -> str:
    try:
        return yuan(Decimal(str(value)))
    except (ArithmeticError, ValueError, TypeError):
        return "—"


# --- investigation --------------------------------------------------------------------------

INVESTIGATE = "investigate"
ISSUE = "issue"

register(
    CaseAction(
        name="assign",
        label=_("指定承办监察员"),
        verb=INVESTIGATE,
        form=forms.AssignForm,
        options=lambda c: {"staff": c.staff, "current": [i.user_id for i in c.inspectors]},
        service=investigation.assign_inspectors,
        section="investigation",
        applies=_open,
        api=ApiRoute(
            "inspectors",
            "case_inspectors",
            _("指定承办监察员"),
            description=format_lazy(
                "替换本案承办人：本机构两名以上监察员或分管领导（{}）。", legal.cite("423.16")
            ),
        ),
        out=CaseInspectorsOut,
        to_out=inspectors_out,
        order=10,
    )
)
register(
    CaseAction(
        name="interview",
        label=_("询问笔录"),
        title=_("记录询问笔录"),
        verb=INVESTIGATE,
        form=forms.InterviewForm,
        options=lambda c: {"inspectors": [i.user for i in c.inspectors] or c.staff},
        service=investigation.record_interview,
        section="investigation",
        applies=_open,
        api=ApiRoute(
            "interviews",
            "case_interviews",
            _("询问笔录"),
            description="登记询问笔录，询问人须为两名以上本案承办人。",
        ),
        order=11,
    )
)
register(
    CaseAction(
        name="evidence",
        label=_("登记证据"),
        verb=INVESTIGATE,
        form=forms.EvidenceForm,
        service=investigation.add_evidence,
        section="investigation",
        applies=_open,
        api=ApiRoute(
            "evidence",
            "case_evidence",
            _("上传证据"),
            description="multipart/form-data：kind、description，可附 upload（JPEG、PNG 或 PDF，"
            "按文件内容识别，不超过 10 MB）。",
        ),
        out=CaseEvidenceAddedOut,
        order=12,
    )
)
register(
    CaseAction(
        name="ledger_check",
        label=_("工资支付台账检查"),
        title=_("记录台账检查"),
        verb=INVESTIGATE,
        form=forms.LedgerCheckForm,
        service=investigation.record_ledger_check,
        section="investigation",
        applies=_open,
        api=ApiRoute("ledger-checks", "case_ledger_checks", _("工资支付台账检查")),
        order=13,
    )
)
register(
    CaseAction(
        name="statement",
        label=_("陈述申辩"),
        title=_("记录陈述申辩"),
        verb=INVESTIGATE,
        form=forms.StatementForm,
        service=investigation.record_statement,
        section="investigation",
        applies=_open,
        api=ApiRoute(
            "statements",
            "case_statements",
            _("陈述申辩"),
            description=format_lazy(
                "记录用人单位的陈述申辩（或放弃、逾期未陈述申辩）；处理决定、行政处罚和责令停工前"
                "必须记录（{}）。责令停工前还须记录听证情况：已听证（hearing），或告知听证权利后"
                "未要求听证（hearing_not_requested，{}）。",
                legal.cite("423.19"),
                legal.cite("APL.63", "APL.64"),
            ),
        ),
        order=14,
    )
)
register(
    CaseAction(
        name="add_worker",
        label=_("添加欠薪劳动者"),
        verb=INVESTIGATE,
        form=forms.WorkerForm,
        service=investigation.add_worker,
        section="workers",
        applies=_open,
        api=ApiRoute("workers", "case_workers", _("增加欠薪明细")),
        order=20,
    )
)
register(
    CaseAction(
        name="recovery",
        label=_("登记追回"),
        verb=INVESTIGATE,
        form=forms.RecoveryForm,
        service=investigation.record_recovery,
        section="workers",
        row=CaseWorker,
        # Money recovered after closing is still recorded; nothing once the line is paid.
        row_applies=lambda w: w.amount_recovered < w.amount_owed,
        api=ApiRoute(
            "workers/{int:worker_id}/recovery",
            "case_worker_recovery",
            _("登记追回工资"),
            description="登记一笔追回：本次追回金额（amount，不超过尚欠金额）、实际支付之日"
            "（recovered_on，不晚于今天，不早于欠薪期间起）、方式（method）和说明（note）；"
            "累计追回同步到来源线索的同名（同身份证号）明细。逾期未履行的责令支付期限届满时"
            "尚欠多少，按该日及以前的各笔追回计算。",
        ),
        out=CaseRecoveryOut,
        to_out=recovery_out,
        describe=recovery_words,
        order=21,
    )
)


def recover_all_words(data: dict, names: dict[int, str]) -> str:
    """全部足额追回 in the case's history: the day, how, each worker and amount, the total."""
    method = data.get("method") or ""
    paid = "、".join(
        f"{names.get(p.get('worker'), '—')} {_money(p.get('amount'))} 元"
        for p in data.get("workers") or []
    )
    return gettext("%(on)s 全部足额追回（%(method)s）：%(paid)s，合计 %(total)s 元") % {
        "on": data.get("recovered_on") or gettext("日期不明"),
        "method": RecoveryMethod(method).label if method in RecoveryMethod.values else "—",
        "paid": paid or "—",
        "total": _money(data.get("total")),
    }


def _owes(case: EnforcementCase) -> bool:
    return any(w.amount_recovered < w.amount_owed for w in case.workers.all())


register(
    CaseAction(
        name="recover_all",
        label=_("全部足额追回"),
        title=_("登记全部足额追回"),
        verb=INVESTIGATE,
        form=forms.RecoverAllForm,
        service=investigation.recover_all,
        section="workers",
        # Like a single recovery, also after closing; only while someone is still owed.
        applies=_owes,
        api=ApiRoute(
            "workers/recover-all",
            "case_workers_recover_all",
            _("全部足额追回"),
            description="本案尚欠工资的劳动者全部足额追回：同一追回日期（recovered_on）和方式"
            "（method），逐人登记其尚欠金额，须 confirmed 为 true；累计追回同步到来源线索，"
            "办理记录一条、审计一条。",
        ),
        out=CaseStateOut,
        describe=recover_all_words,
        order=23,
    )
)
register(
    CaseAction(
        name="withdraw_recovery",
        label=_("撤销误记的追回记录"),
        title=_("撤销追回记录"),
        verb=INVESTIGATE,
        form=forms.WithdrawRecoveryForm,
        service=investigation.withdraw_recovery,
        section="workers",
        row=CaseWorker,
        row_applies=lambda w: bool(w.recoveries.all()),
        row_options=lambda w: {"recoveries": list(w.recoveries.all())},
        api=ApiRoute(
            "workers/{int:worker_id}/recovery/withdraw",
            "case_worker_recovery_withdraw",
            _("撤销误记的追回记录"),
            description="撤销该劳动者的一条误记的追回记录（recovery_id，须写明 reason）；累计追回"
            "按其余各笔重算并同步到来源线索，原记录保留在办理记录和审计日志中。正确的追回另行登记。",
        ),
        describe=withdrawal_words,
        order=22,
    )
)
register(
    CaseAction(
        name="add_party",
        label=_("添加当事单位"),
        verb=INVESTIGATE,
        form=forms.PartyForm,
        service=investigation.add_party,
        section="parties",
        applies=_open,
        api=ApiRoute(
            "parties",
            "case_parties",
            _("增加当事单位"),
            description="用人单位、建设单位、施工总承包单位或分包单位；用人单位角色同时更新本案"
            "用人单位。",
        ),
        order=30,
    )
)
register(
    CaseAction(
        name="add_person",
        label=_("添加当事人员"),
        verb=INVESTIGATE,
        form=forms.PersonForm,
        options=lambda c: {"enterprises": c.enterprises},
        service=investigation.add_person,
        section="parties",
        applies=_open,
        api=ApiRoute("persons", "case_persons", _("增加当事人员")),
        order=31,
    )
)
# Also after closing: a listing or a publication may follow a closed case.
register(
    CaseAction(
        name="incident",
        label=_("群体性事件、极端事件"),
        title=_("记录群体性事件、极端事件"),
        verb=INVESTIGATE,
        form=forms.IncidentForm,
        service=investigation.record_incident,
        section="incident",
        api=ApiRoute(
            "incident",
            "case_incident",
            _("记录群体性事件、极端事件"),
            description="拖欠工资引发群体性事件、极端事件，造成严重不良社会影响：经责令支付逾期"
            "未支付的即符合列入失信名单的条件（O45.5 第二项），已作出处理决定的应按"
            "《重大劳动保障违法行为社会公布办法》向社会公布。每次事件以“日期，情况”一行记入；"
            "结案后也可记录。",
        ),
        out=CaseIncidentOut,
        order=40,
    )
)
register(
    CaseAction(
        name="withdraw_incident",
        label=_("撤销群体性事件、极端事件记录"),
        title=_("撤销事件记录"),
        verb=INVESTIGATE,
        form=forms.WithdrawIncidentForm,
        service=investigation.withdraw_incident,
        section="incident",
        applies=lambda case: case.mass_incident,
        api=ApiRoute(
            "incident/withdraw",
            "case_incident_withdraw",
            _("撤销误记的群体性事件、极端事件"),
            description="撤销误记的事件记录，须写明理由；原记录保留在办理记录和审计日志中。",
        ),
        out=CaseIncidentOut,
        order=41,
    )
)

# --- the construction project (Decree 724 arts. 29, 30, 36) --------------------------------


def project_words(data: dict, names: dict[int, str]) -> str:
    """A project link in the case's history: the project's code, or that the link was removed."""
    if data.get("project") is None:
        return gettext("取消关联工程项目")
    return gettext("关联工程项目（项目编码 %(code)s）") % {"code": data.get("code") or "—"}


def liability_words(data: dict, names: dict[int, str]) -> str:
    """A liability finding in the case's history: the situation, the unit, the decision."""
    basis = data.get("basis") or ""
    role = data.get("liable_role") or ""
    values = {
        "basis": Basis(basis).label if basis in Basis.values else "—",
        "unit": data.get("liable_name") or "—",
        "role": ProjectRole(role).label if role in ProjectRole.values else "—",
        "decision": gettext("责令其清偿") if data.get("ordered") else gettext("不责令其清偿"),
    }
    return gettext("%(basis)s；%(unit)s（%(role)s）：%(decision)s") % values


register(
    CaseAction(
        name="link_project",
        label=_("关联工程项目"),
        verb=INVESTIGATE,
        form=forms.ProjectLinkForm,
        options=lambda c: {"projects": c.projects},
        service=case_projects.link_project,
        section="project",
        applies=_open,
        api=ApiRoute(
            "project",
            "case_project",
            _("关联工程项目"),
            description="关联、更换或取消关联（project_id 为 null）本案辖区内登记的工程项目；"
            "项目名称为空时填入项目名称。",
        ),
        out=CaseProjectOut,
        describe=project_words,
        order=32,
    )
)
register(
    CaseAction(
        name="liability",
        label=_("认定清偿责任"),
        title=_("记录清偿责任认定"),
        verb=ISSUE,
        form=forms.LiabilityForm,
        options=lambda c: {"bases": c.liability_bases, "units": c.project_units},
        service=case_projects.record_liability,
        section="project",
        applies=lambda case: _open(case) and case.project_id is not None,
        api=ApiRoute(
            "liability",
            "case_liability",
            _("认定清偿责任"),
            description=format_lazy(
                "已关联工程项目的案件：承办人查明欠薪发生的情形（basis：分包单位拖欠 724-30-3、"
                "转包 724-30-4、发包或分包给个人或不具备合法经营资格的单位 724-36-1、挂靠 "
                "724-36-2、建设单位未按约定拨付工程款 724-29-2），选择依该款承担清偿责任的本项目"
                "登记单位（liable_id），并决定是否责令其清偿（ordered），写明理由（reason）。"
                "分包单位拖欠的，依法由施工总承包单位先行清偿（{}）；是否责令由承办人决定。",
                legal.cite("724.30", paragraph=3),
            ),
        ),
        describe=liability_words,
        order=33,
    )
)


def deposit_words(data: dict, names: dict[int, str]) -> str:
    """A payment from the deposit in the case's history: amount, day, notice, top-up due."""
    return gettext(
        "从项目（%(code)s）工资保证金支付 %(amount)s 元（%(on)s，%(notice)s）；应于 %(due)s 前补足"
    ) % {
        "code": data.get("code") or "—",
        "amount": _money(data.get("amount")),
        "on": data.get("paid_on") or "—",
        "notice": data.get("notice_number") or "—",
        "due": data.get("topup_due_on") or "—",
    }


register(
    CaseAction(
        name="deposit_drawdown",
        label=_("从工资保证金支付"),
        title=_("登记从工资保证金支付"),
        verb=ISSUE,
        form=forms.DepositDrawdownForm,
        service=case_deposit.pay_from_deposit,
        section="project",
        applies=case_deposit.offered,
        api=ApiRoute(
            "deposit-drawdown",
            "case_deposit_drawdown",
            _("从工资保证金支付"),
            description="已关联工程项目、项目工资保证金有余额的案件：登记经办银行按工资保证金支付"
            "通知书（notice_number）支付的金额（amount，不得超过余额）和日期（paid_on）；"
            "施工总承包单位应在本省设定的工作日内补足。",
        ),
        out=CaseDepositDrawdownOut,
        to_out=deposit_drawdown_out,
        describe=deposit_words,
        order=34,
    )
)

# --- measures -------------------------------------------------------------------------------

for _order, _kind in enumerate(DecisionKind):
    register(
        CaseAction(
            name=f"issue_{_kind.value}",
            label=_kind.label,
            verb=ISSUE,
            form=forms.MeasureForm,
            form_kwargs={"kind": _kind.value},
            service=partial(measures.issue_measure, kind=_kind.value),
            preview=partial(measures.preview_measure, kind=_kind.value),
            section="measures",
            applies=_open,
            api=ApiRoute(
                "measures",
                "case_measures",
                _("采取措施"),
                group="measures",
                description="责令改正（deadline、amount_due；改正第 54–57 条所列违法行为或打击"
                "报复的，violation 写明该项）、处理决定（compensation_rate 50–100）、行政处罚"
                "（penalty_key、fine_amount；保障农民工工资支付条例的罚款须 violation 与已逾期未"
                "改正的责令改正一致；打击报复 423-30-4 不予罚款）、责令停工（penalty_key、"
                "violation，须先记录听证情况）、动用工资保证金（addressee 银行、amount_due）、"
                "催告（deadline、content 履行方式）、申请强制执行（addressee 法院：复议诉讼期限"
                "届满后三个月内，且催告书送达十日后）。每项生成带文号的文书，并列明适用条款。",
                key="kind",
                value=_kind.value,
            ),
            out=CaseMeasureOut,
            to_out=measure_out,
            order=50 + _order,
        )
    )
register(
    CaseAction(
        name="outcome",
        label=_("登记履行情况"),
        title=_("记录履行情况"),
        verb=ISSUE,
        form=forms.OutcomeForm,
        service=measures.record_outcome,
        section="measures",
        row=Decision,
        row_applies=lambda d: d.state == DecisionState.ISSUED,
        api=ApiRoute(
            "measures/{int:measure_id}/outcome",
            "case_measure_outcome",
            _("登记履行情况"),
            description="已履行，或履行期限届满后登记逾期未履行（责令支付逾期未支付即“经责令支付"
            "仍不支付”）。",
        ),
        out=CaseMeasureOut,
        to_out=measure_out,
        order=60,
    )
)

# --- service of documents (送达) -------------------------------------------------------------


def service_words(data: dict, names: dict[int, str]) -> str:
    """A service in the case's history: which document, how, when, to whom."""
    method = data.get("service_method") or ""
    values = {
        "number": data.get("number") or "—",
        "method": ServiceMethod(method).label if method in ServiceMethod.values else "—",
        "on": data.get("served_on") or "—",
        "to": data.get("served_to") or "—",
    }
    if data.get("notice_on"):
        values["notice"] = data["notice_on"]
        return (
            gettext("%(number)s：%(notice)s 公告送达，%(on)s 视为送达（受送达人：%(to)s）") % values
        )
    words = gettext("%(number)s：%(on)s %(method)s，受送达人：%(to)s") % values
    if data.get("deadline"):
        words += gettext("；履行期限计至 %(deadline)s") % {"deadline": data["deadline"]}
    return words


register(
    CaseAction(
        name="record_service",
        label=_("登记送达"),
        verb=ISSUE,
        form=forms.ServiceForm,
        service=documents.record_service,
        section="documents",
        row=CaseDocument,
        # Every document, also after closing; a second recording is a correction with a reason.
        api=ApiRoute(
            "documents/{int:document_id}/service",
            "case_document_service",
            _("登记文书送达"),
            description="送达方式、送达日期（不早于文书日期，不晚于今天；公告送达为公告日期，经过"
            "三十日视为送达，CPL.95）、受送达人、送达情况说明（张贴送达须写明张贴地点并已拍照"
            "录像，SPC2013.4；留置、公告送达须写明经过）。已登记的再次登记为更正，须写明 "
            "reason。行政处罚决定书送达后，罚款缴纳期限为送达之日起十五日（APL.67，期限末日"
            "遇法定休假日顺延）。",
        ),
        out=CaseDocumentOut,
        to_out=document_out,
        describe=service_words,
        order=65,
    )
)

# --- transfers to the police ----------------------------------------------------------------

TRANSFER = "transfer"

register(
    CaseAction(
        name="transfer",
        label=_("移送公安机关"),
        verb=TRANSFER,
        form=forms.TransferForm,
        service=transfer.transfer_to_police,
        section="transfer",
        applies=_open,
        api=ApiRoute(
            "transfers",
            "case_transfers",
            _("移送公安"),
            description="两种情形都须有已送达、指定期限届满仍未履行的责令改正指令书或处理"
            "决定书（CL.276-1；SPC2013.4；张贴送达仅限逃匿情形），否则在 conduct 上说明所缺"
            "事项。入罪标准判断为 meets 时移送；depends_on_provincial_figure 须在 reason 中写明"
            "本局确认的本省标准；does_not_meet 不能移送。逃匿情形须提交证据清单（SPC2013.2）。",
        ),
        out=CaseTransferOut,
        to_out=transfer_out,
        order=70,
    )
)
register(
    CaseAction(
        name="police_response",
        label=_("公安机关回复"),
        title=_("记录公安机关回复"),
        verb=TRANSFER,
        form=forms.PoliceResponseForm,
        service=transfer.record_police_response,
        section="transfer",
        row=PoliceTransfer,
        row_applies=lambda t: t.response in (TransferResponse.PENDING, TransferResponse.ACCEPTED),
        api=ApiRoute(
            "transfers/{int:transfer_id}/response",
            "case_transfer_response",
            _("登记公安机关回复"),
            description="已接收、已立案或不予立案（须写明理由）。",
        ),
        out=CaseTransferOut,
        to_out=transfer_out,
        order=71,
    )
)
register(
    CaseAction(
        name="follow_up",
        label=_("跟踪移送"),
        title=_("记录跟踪情况"),
        verb=TRANSFER,
        form=forms.FollowUpForm,
        service=transfer.add_follow_up,
        section="transfer",
        row=PoliceTransfer,
        api=ApiRoute(
            "transfers/{int:transfer_id}/follow-ups", "case_transfer_follow_ups", _("登记移送跟踪")
        ),
        out=CaseFollowUpOut,
        to_out=follow_up_out,
        order=72,
    )
)


def may(user: User, action: CaseAction) -> bool:
    return user.can(action.verb, MODEL)


def available_actions(case: EnforcementCase, user: User) -> list[str]:
    """The actions `user` may take on `case` now: the role's permission and the case's state
    (the rules the services enforce, asked in advance). A row action is listed when the role
    may take it and a row of the case admits it. The page offers exactly these; the case detail
    API returns them."""
    names = []
    for action in ACTIONS:
        if not may(user, action) or not action.applies(case):
            continue
        if action.row is not None and not any(map(action.row_applies, rows_of(case, action))):
            continue
        names.append(action.name)
    return names


def rows_of(case: EnforcementCase, action: CaseAction) -> list:
    """The case's rows a row action acts on, read through the (prefetched) relation."""
    relation = {
        CaseWorker: "workers",
        Decision: "decisions",
        PoliceTransfer: "transfers",
        CaseDocument: "documents",
    }
    return list(getattr(case, relation[action.row]).all()) if action.row else []


def history_words(row, names: dict[int, str]) -> str:
    """The words of one history row from its action's declaration (`describe`), else ""."""
    name = FORMER_NAMES.get(row.action, row.action)
    action = ACTIONS.get(name) if name in ACTIONS else None
    if action is None or action.describe is None:
        return ""
    return action.describe(row.data or {}, names)


def history_label(name: str) -> Any:
    """The label of a history row: the action's, whatever name the row was written under."""
    name = FORMER_NAMES.get(name, name)
    if name in ACTIONS:
        return ACTIONS.get(name).label
    # Never the code: a row of an unknown kind is still a record of the case.
    return OTHER_HISTORY.get(name, _("办理记录"))
