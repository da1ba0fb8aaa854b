"""One form per case action (declared with it in `cases.actions`): the page renders it and the
API's input schema is derived from its fields (`cases.api.actions`), so both type the same data.

The forms only type the input; what is required, which amounts are allowed and who may act live
in the services, whose ValidationError names the field, so the page shows the API's message.
Each form's field names are the service's keyword names, and `to_service` gives the service the
same typed data from a page form and from an API payload.
"""

from functools import cached_property

from django import forms
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from wageguard.clues.rules import RecoveryMethod
from wageguard.core import dates, legal
from wageguard.core.forms import DateField, DateInput, DateTimeField, DateTimeInput, Form
from wageguard.org.forms import BootstrapMixin

from .. import rules
from ..models import EnforcementCase, EvidenceKind, InterviewRole, StatementKind
from ..rules import (
    ABSCONDING_EVIDENCE,
    ABSCONDING_OPTIONAL,
    COMPENSATION_MAX_PERCENT,
    COMPENSATION_MIN_PERCENT,
    PENALTIES,
    RETALIATION,
    VIOLATIONS,
    Action,
    Conduct,
    DecisionKind,
    PartyRole,
    PersonRole,
    ServiceMethod,
    TransferResponse,
    yuan,
)
from ..rules.liability import Basis, ProjectRole, bases_for
from ..services.projects import ProjectParties, project_choices, units_of
from .fields import Checks, YesNoField, case_staff, choice_field, money_field, text_field


class ActForm(BootstrapMixin, Form):
    """A form posted to /cases/<pk>/act/<what>/: its data are the service's keyword arguments."""

    # Names the rule functions use for the same thing (rules.check_penalty says "amount").
    ALIASES: dict[str, str] = {}
    # Fields left out of the service's data when empty, so the service's defaults apply;
    # "__all__" for every field.
    OMIT_EMPTY: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field.widget, Checks):
                field.widget.attrs["class"] = "form-check-input"

    @classmethod
    def to_service(cls, data: dict) -> dict:
        """The service's keyword arguments from typed data (a page form's `cleaned_data` or an
        API payload): nothing is parsed again, empty optional values are left out."""
        omit = cls.OMIT_EMPTY
        return {
            k: v
            for k, v in data.items()
            if not (v in ("", None) and ("__all__" in omit or k in omit))
        }

    def service_data(self) -> dict:
        return self.to_service(self.cleaned_data)

    def add_service_errors(self, errors: dict[str, list[str]]) -> None:
        for name, messages in errors.items():
            field = self.ALIASES.get(name, name)
            self.add_error(field if field in self.fields else None, messages)


class TransitionForm(ActForm):
    """A workflow step; `services.transition` says which reason it needs."""

    FIELDS = {
        Action.REQUEST_EXTENSION: ["reason"],
        Action.CLOSE: ["report", "exception_reason", "note"],
    }

    reason = text_field(_("延期理由（案情复杂的情况）"), rows=2)
    report = text_field(_("结案报告"), rows=4, max_length=20000)
    exception_reason = text_field(
        _("例外结案理由（尚有未履行的措施、未回复的移送或未清偿的欠薪时必填）"), rows=2
    )
    note = text_field(_("说明"), rows=2, max_length=2000)

    OMIT_EMPTY = ("__all__",)

    def __init__(self, *args, action: str, **kwargs):
        kwargs.setdefault("prefix", action)
        super().__init__(*args, **kwargs)
        self.action = action
        self.label = Action(action).label
        keep = set(self.FIELDS.get(action, ["note"]))
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]


class AssignForm(ActForm):
    inspector_ids = forms.TypedMultipleChoiceField(
        label=_("承办监察员（至少两名）"), coerce=int, widget=Checks
    )
    lead_id = forms.TypedChoiceField(
        label=_("主办人"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args, staff=(), current: list[int] = (), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(u.pk, f"{u.display_name}（{u.get_role_display()}）") for u in staff]
        self.fields["inspector_ids"].choices = choices
        self.fields["lead_id"].choices = [("", "—"), *choices]
        if not self.is_bound and current:
            self.initial.setdefault("inspector_ids", list(current))


class InterviewForm(ActForm):
    interviewee = forms.CharField(label=_("被询问人"), max_length=50, required=False)
    interviewee_role = choice_field(_("身份"), InterviewRole.choices)
    held_at = DateTimeField(
        label=_("询问时间"), widget=DateTimeInput, initial=timezone.localtime, policy=dates.PAST
    )
    place = forms.CharField(label=_("询问地点"), max_length=200, required=False)
    inspector_ids = forms.TypedMultipleChoiceField(
        label=_("询问人（两名监察员）"),
        coerce=int,
        required=False,
        widget=Checks,
    )
    summary = text_field(_("询问内容摘要"), rows=4, max_length=20000)

    def __init__(self, *args, inspectors=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["inspector_ids"].choices = [(u.pk, u.display_name) for u in inspectors]


class EvidenceForm(ActForm):
    kind = choice_field(_("证据种类"), EvidenceKind.choices)
    description = forms.CharField(label=_("证据说明"), max_length=300, required=False)
    upload = forms.FileField(label=_("文件"), required=False)

    OMIT_EMPTY = ("upload",)


class LedgerCheckForm(ActForm):
    checked_on = DateField(
        label=_("检查日期"), widget=DateInput, initial=timezone.localdate, policy=dates.PAST
    )
    ledger_kept = YesNoField(label=_("是否编制工资支付台账"))
    period = forms.CharField(label=_("检查期间"), max_length=50, required=False)
    findings = text_field(_("检查情况"), rows=3, max_length=10000)


class StatementForm(ActForm):
    kind = choice_field(_("方式"), StatementKind.choices)
    received_on = DateField(
        label=_("收到日期"), widget=DateInput, initial=timezone.localdate, policy=dates.PAST
    )
    speaker = forms.CharField(label=_("陈述人"), max_length=100, required=False)
    content = text_field(_("陈述申辩内容"), rows=3, max_length=20000)
    adopted = YesNoField(label=_("意见是否采纳"))
    response = text_field(_("复核意见"), rows=2)


class WorkerForm(ActForm):
    worker_name = forms.CharField(label=_("姓名"), max_length=50, required=False)
    id_number = forms.CharField(label=_("身份证号码"), max_length=18, required=False)
    amount_owed = money_field(_("欠薪金额（元）"))
    months_unpaid = forms.IntegerField(label=_("欠薪月数"), min_value=0, required=False)
    period_start = DateField(
        label=_("欠薪期间起"), widget=DateInput, required=False, policy=dates.PAST
    )
    period_end = DateField(
        label=_("欠薪期间止"), widget=DateInput, required=False, policy=dates.PAST
    )

    OMIT_EMPTY = ("__all__",)


class RecoveryForm(ActForm):
    """One payment recovered: its own amount and day (services.investigation.record_recovery)."""

    amount = money_field(_("本次追回金额（元）"))
    recovered_on = DateField(
        label=_("追回日期（实际支付之日）"),
        widget=DateInput,
        initial=timezone.localdate,
        policy=dates.PAST,
    )
    method = choice_field(_("追回方式"), RecoveryMethod.choices)
    note = forms.CharField(label=_("说明（如支付凭证）"), max_length=500, required=False)


class RecoverAllForm(ActForm):
    """Every worker still owed paid in full on one day, one way (investigation.recover_all)."""

    recovered_on = DateField(
        label=_("追回日期（实际支付之日）"),
        widget=DateInput,
        initial=timezone.localdate,
        policy=dates.PAST,
    )
    method = choice_field(_("追回方式"), RecoveryMethod.choices)
    note = forms.CharField(label=_("说明（如支付凭证）"), max_length=500, required=False)
    confirmed = forms.BooleanField(
        label=_("确认：本案上列尚欠工资的劳动者均已足额领取（逐人登记其尚欠金额）"),
        required=False,
    )


class WithdrawRecoveryForm(ActForm):
    """Which of the line's recoveries was recorded by mistake, and why."""

    recovery_id = forms.IntegerField(label=_("追回记录"), required=False, widget=forms.Select)
    reason = text_field(_("撤销理由"), rows=2, max_length=2000)

    def __init__(self, *args, recoveries=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recovery_id"].widget.choices = [
            ("", "—"),
            *[
                (
                    r.pk,
                    f"{r.recovered_on or _('日期不明')} · {yuan(r.amount)} "
                    + (r.get_method_display() if r.method else ""),
                )
                for r in recoveries
            ],
        ]


class PartyForm(ActForm):
    role = choice_field(_("角色"), PartyRole.choices)
    name = forms.CharField(label=_("单位名称"), max_length=200, required=False)
    credit_code = forms.CharField(label=_("统一社会信用代码"), max_length=18, required=False)
    legal_representative = forms.CharField(
        label=_("法定代表人（负责人）"), max_length=50, required=False
    )
    address = forms.CharField(label=_("住所地址"), max_length=300, required=False)


class PersonForm(ActForm):
    role = choice_field(_("角色"), PersonRole.choices)
    name = forms.CharField(label=_("姓名"), max_length=50, required=False)
    id_number = forms.CharField(label=_("身份证号码"), max_length=18, required=False)
    enterprise_id = forms.TypedChoiceField(
        label=_("所在单位"), coerce=int, required=False, empty_value=None
    )
    position = forms.CharField(label=_("职务"), max_length=50, required=False)

    def __init__(self, *args, enterprises=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise_id"].choices = [("", "—"), *[(e.pk, e.name) for e in enterprises]]


class IncidentForm(ActForm):
    """群体性事件、极端事件 (`investigate.record_incident`)."""

    occurred_on = DateField(
        label=_("事件发生日期"), widget=DateInput, initial=timezone.localdate, policy=dates.PAST
    )
    note = text_field(_("事件情况（人数、经过、社会影响）"), rows=3, max_length=2000)


class WithdrawIncidentForm(ActForm):
    reason = text_field(_("撤销理由"), rows=2, max_length=2000)


def penalty_choices(stoppage_only: bool = False) -> list[tuple[str, str]]:
    """Each fine's article with its range, so the range is seen while the article is chosen.
    The fine form also lists retaliation (Decree 423 art. 30 item 4) as not fineable, so
    choosing it explains why and what to do instead (the service refuses it, naming the
    article)."""
    choices = [
        (p.key, f"{p.article}：{yuan(p.low)}–{yuan(p.high)} 元")
        for p in PENALTIES.values()
        if p.work_stoppage or not stoppage_only
    ]
    if not stoppage_only:
        refused = _("不予罚款，应责令改正")
        choices.append((RETALIATION, f"{VIOLATIONS[RETALIATION].label}：{refused}"))
    return choices


def violation_choices(kind: str) -> list[tuple[str, str]]:
    """The violations a measure of `kind` may name: an order to correct any of them (empty: an
    order to pay wages, Decree 423 art. 26); a fine or a stoppage one of Decree 724 arts.
    54-57 (a stoppage only arts. 55 and 57), matched against a lapsed order naming the same."""
    stoppage = {p.law for p in PENALTIES.values() if p.work_stoppage}
    fined = {p.law for p in PENALTIES.values() if p.correct_first}
    keep = {
        DecisionKind.ORDER: lambda v: True,
        DecisionKind.PENALTY: lambda v: v.article in fined,
        DecisionKind.STOPPAGE: lambda v: v.article in stoppage,
    }[kind]
    return [(v.key, v.label) for v in VIOLATIONS.values() if keep(v)]


class MeasureForm(ActForm):
    """One measure (`measures.issue_measure`); the fields depend on its kind."""

    FIELDS = {
        DecisionKind.ORDER: ["issued_on", "violation", "deadline", "amount_due", "content"],
        DecisionKind.HANDLING: ["issued_on", "amount_due", "compensation_rate", "deadline"],
        # No deadline: a fine is paid within 15 days of service (APL.67), set when served.
        DecisionKind.PENALTY: ["issued_on", "penalty_key", "violation", "fine_amount", "addressee"],
        DecisionKind.STOPPAGE: [
            "issued_on",
            "penalty_key",
            "violation",
            "addressee",
            "deadline",
            "content",
        ],
        DecisionKind.DRAWDOWN: ["issued_on", "addressee", "amount_due"],
        DecisionKind.REMINDER: ["issued_on", "deadline", "content"],
        DecisionKind.COURT: ["issued_on", "addressee", "amount_due", "content"],
    }
    OMIT_EMPTY = ("__all__",)
    ALIASES = {
        "amount": "fine_amount",
        "article": "penalty_key",
        "rate_percent": "compensation_rate",
    }

    issued_on = DateField(
        label=_("作出日期"),
        widget=DateInput,
        required=False,
        initial=timezone.localdate,
        help_text=_("补录已作出的措施时填写原作出日期"),
        policy=dates.PAST,
    )
    deadline = DateField(
        label=_("履行期限"), widget=DateInput, required=False, policy=dates.PLANNED
    )
    amount_due = money_field(_("应支付工资（元）"))
    compensation_rate = forms.DecimalField(
        label=_("加付赔偿金比例（%）"),
        required=False,
        max_digits=5,
        decimal_places=2,
        help_text=format_lazy(_("应付金额的 50% 至 100%（{}）"), legal.cite("423.26")),
    )
    penalty_key = choice_field(_("处罚依据"), [])
    violation = choice_field(_("违法行为"), [])
    fine_amount = money_field(_("罚款金额（元）"))
    addressee = forms.CharField(label=_("送达对象"), max_length=200, required=False)
    content = text_field(_("内容"), rows=3, max_length=10000)

    def __init__(self, *args, kind: str, **kwargs):
        kwargs.setdefault("prefix", f"m-{kind}")
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.label = DecisionKind(kind).label
        self.article = rules.DECISION_ARTICLES.get(kind, "")
        keep = set(self.FIELDS[kind])
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
        if "penalty_key" in self.fields:
            # A work stoppage goes only with the articles that provide for it (Decree 724
            # arts. 55, 57).
            stoppage = kind == DecisionKind.STOPPAGE
            self.fields["penalty_key"].choices = [("", "—"), *penalty_choices(stoppage)]
        if "violation" in self.fields:
            field = self.fields["violation"]
            field.choices = [("", "—"), *violation_choices(kind)]
            if kind == DecisionKind.ORDER:
                field.help_text = format_lazy(
                    _("责令支付工资的不选（{}）；责令改正其他违法行为的选择所改正的违法行为"),
                    legal.cite("423.26"),
                )
            else:
                field.help_text = _("须与已逾期未改正的责令改正所列违法行为一致")
        if kind == DecisionKind.REMINDER:
            self.fields["deadline"].label = _("履行义务的期限")
            self.fields["content"].label = _("履行义务的方式（金钱给付的给付方式）")
        addressee = {
            DecisionKind.DRAWDOWN: _("存储工资保证金的银行"),
            DecisionKind.COURT: _("申请强制执行的人民法院"),
        }.get(kind)
        if addressee:
            self.fields["addressee"].label = addressee
        if "compensation_rate" in self.fields:
            self.fields["compensation_rate"].widget.attrs.update(
                min=str(COMPENSATION_MIN_PERCENT), max=str(COMPENSATION_MAX_PERCENT), step="1"
            )


class OutcomeForm(ActForm):
    complied = YesNoField(label=_("是否已履行"), yes=_("已履行"), no=_("逾期未履行"))
    on = DateField(
        label=_("确认日期"), widget=DateInput, initial=timezone.localdate, policy=dates.PAST
    )
    note = text_field(_("履行情况说明"), rows=2)


class TransferForm(ActForm):
    """移送公安. Both conducts need the case's order to pay served and lapsed unpaid (the
    service checks it, rules.ordered_and_unpaid); absconding also needs the checklist."""

    police_agency = forms.CharField(label=_("接收公安机关"), max_length=200, required=False)
    conduct = choice_field(_("拒不支付情形"), Conduct.choices)
    checklist = forms.MultipleChoiceField(
        label=_("已收集的证据"),
        required=False,
        choices=[*ABSCONDING_EVIDENCE.items(), *ABSCONDING_OPTIONAL.items()],
        widget=Checks,
    )
    reason = text_field(_("移送理由（数额取决于本省标准时须写明确认理由）"), rows=2)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["checklist"].label = _("已收集的证据（逃匿情形须齐备，%(basis)s）") % {
            "basis": legal.cite("SPC2013.2")
        }
        self.fields["conduct"].help_text = _(
            "两种情形都须有已送达、指定期限届满仍未履行的责令支付文书（%(basis)s）；"
            "张贴送达仅适用于逃匿情形（%(posted)s）"
        ) % {
            "basis": legal.cite("CL.276-1", "SPC2013.4"),
            "posted": legal.cite("SPC2013.4", paragraph=2),
        }


class ServiceForm(ActForm):
    """登记送达 of one document (`services.documents.record_service`)."""

    service_method = choice_field(_("送达方式"), ServiceMethod.choices)
    served_on = DateField(
        label=_("送达日期"),
        widget=DateInput,
        required=False,
        initial=timezone.localdate,
        help_text=_("公告送达填写公告发出日期，经过三十日视为送达"),
        policy=dates.PAST,
    )
    served_to = forms.CharField(label=_("受送达人（签收人）"), max_length=200, required=False)
    service_note = text_field(
        _("送达情况说明（张贴送达写明张贴地点并已拍照录像；留置、公告送达写明经过）"),
        rows=2,
        max_length=2000,
    )
    reason = text_field(_("更正理由（更正已登记的送达时必填）"), rows=2, max_length=2000)

    OMIT_EMPTY = ("served_to", "service_note", "reason")


class PoliceResponseForm(ActForm):
    response = choice_field(
        _("公安机关回复"), [c for c in TransferResponse.choices if c[0] != TransferResponse.PENDING]
    )
    on = DateField(
        label=_("回复日期"), widget=DateInput, initial=timezone.localdate, policy=dates.PAST
    )
    reason = text_field(_("不予立案理由"), rows=2)
    next_follow_up = DateField(
        label=_("下次跟踪日期"), widget=DateInput, required=False, policy=dates.PLANNED
    )


class FollowUpForm(ActForm):
    on = DateField(label=_("日期"), widget=DateInput, initial=timezone.localdate, policy=dates.PAST)
    note = text_field(_("情况"), rows=2)
    next_follow_up = DateField(
        label=_("下次跟踪日期"), widget=DateInput, required=False, policy=dates.PLANNED
    )


class DepositDrawdownForm(ActForm):
    """从工资保证金支付 (`services.deposit.pay_from_deposit`): what the deposit of the case's
    project paid, when, and the payment notice it paid on."""

    amount = money_field(_("支付金额（元）"))
    paid_on = DateField(
        label=_("支付日期"), widget=DateInput, initial=timezone.localdate, policy=dates.PAST
    )
    notice_number = forms.CharField(
        label=_("工资保证金支付通知书文号"), max_length=60, required=False
    )
    note = forms.CharField(label=_("说明"), max_length=500, required=False)


class ProjectLinkForm(ActForm):
    """关联工程项目 (`services.projects.link_project`): a project of the case's county, or none."""

    project_id = forms.TypedChoiceField(
        label=_("工程项目"),
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_("本案辖区内登记的工程项目（名称和项目编码）；选“不关联”即取消关联"),
    )
    note = text_field(_("说明"), rows=2, max_length=2000)

    def __init__(self, *args, projects=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project_id"].choices = [("", _("不关联")), *projects]


class LiabilityForm(ActForm):
    """清偿责任认定 (`services.projects.record_liability`): the situation found, the unit that
    answers under it, and the official's decision whether to order it to pay."""

    basis = choice_field(_("查明的情形"), Basis.choices)
    liable_id = forms.TypedChoiceField(
        label=_("承担清偿责任的单位"), coerce=int, required=False, empty_value=None
    )
    ordered = YesNoField(
        label=_("是否责令该单位清偿"), yes=_("责令其清偿（先行清偿）"), no=_("不责令")
    )
    reason = text_field(_("理由"), rows=3, max_length=2000)

    def __init__(self, *args, bases=None, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        if bases is not None:
            self.fields["basis"].choices = [
                ("", "—"),
                *[(b, label) for b, label in Basis.choices if b in bases],
            ]
        self.fields["liable_id"].choices = [("", "—"), *units]


class CaseChoices:
    """The choices the forms of one case need (its bureau's staff, its inspectors, its parties),
    each queried once per request and only if a form asks."""

    def __init__(self, case: EnforcementCase) -> None:
        self.case = case

    @cached_property
    def staff(self) -> list:
        return list(case_staff(self.case.agency_id))

    @cached_property
    def inspectors(self) -> list:
        return list(self.case.inspectors.all())

    @cached_property
    def enterprises(self) -> list:
        return [p.enterprise for p in self.case.parties.all()]

    @cached_property
    def projects(self) -> list[tuple[int, str]]:
        return project_choices(self.case.region_id, self.case.project_id)

    @cached_property
    def project_units(self) -> list[tuple[int, str]]:
        """The linked project's developer and contractors, "name（role）"."""
        if self.case.project_id is None:
            return []
        units = units_of(self.case.project_id)
        return [(pk, f"{name}（{role.label}）") for pk, name, role in units]

    @cached_property
    def project_parties(self) -> ProjectParties | None:
        return ProjectParties.of(self.case.project) if self.case.project_id else None

    @cached_property
    def employer_role(self) -> str:
        parties = self.project_parties
        return parties.role(self.case.employer_id) if parties else ProjectRole.NONE

    @cached_property
    def liability_bases(self) -> tuple[str, ...]:
        return bases_for(self.employer_role) if self.case.project_id else ()
