"""The case page (案件详情): what the case holds and one form for each thing the viewer may do
next. `build_form` is the one place a form of the page is made, for the page and for the POST
that comes back from it (`views.actions`), so a refused form is shown where it was filled in."""

from functools import cached_property

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wageguard.core import audit
from wageguard.core.deadlines import Clock
from wageguard.org.models import User
from wageguard.org.rules import sees_personal_data
from wageguard.parties.rules import mask_id_number, mask_name

from .. import documents, filters, rules, services
from ..forms import actions as forms
from ..forms.fields import case_staff
from ..models import (
    CaseDocument,
    CaseWorker,
    CriminalThresholdSetting,
    Decision,
    EnforcementCase,
    Interview,
    PoliceTransfer,
)
from ..rules import DecisionKind, DecisionState, State, TransferResponse
from .common import get_case

MODEL = "cases.enforcementcase"

# What each form of the page asks of the role: the workflow steps are their own verbs.
VERBS: dict[str, str] = {
    **{action: action for action in rules.Action.values},
    **dict.fromkeys(
        (
            "assign",
            "interview",
            "evidence",
            "ledger",
            "statement",
            "worker",
            "recovery",
            "party",
            "person",
            "incident",
            "withdraw_incident",
        ),
        "investigate",
    ),
    **{f"issue_{kind}": "issue" for kind in DecisionKind.values},
    "outcome": "issue",
    "transfer": "transfer",
    "police_response": "transfer",
    "follow_up": "transfer",
}
# Forms that act on one row of the case: the row's model, looked up within the case.
ITEMS = {
    "recovery": CaseWorker,
    "outcome": Decision,
    "police_response": PoliceTransfer,
    "follow_up": PoliceTransfer,
}


HISTORY_LABELS = {
    "file": _("立案"),
    "assign_inspectors": _("指定承办监察员"),
    "interview": _("询问笔录"),
    "evidence": _("登记证据"),
    "ledger_check": _("工资支付台账检查"),
    "statement": _("陈述申辩"),
    "add_worker": _("添加欠薪劳动者"),
    "recovery": _("登记追回"),
    "add_party": _("添加当事单位"),
    "add_person": _("添加当事人员"),
    "outcome": _("登记履行情况"),
    "transfer": _("移送公安机关"),
    "police_response": _("公安机关回复"),
    "follow_up": _("跟踪移送"),
    "incident": _("群体性事件、极端事件"),
    "withdraw_incident": _("撤销群体性事件、极端事件记录"),
    "document": _("生成文书"),
}


def history_label(action: str) -> str:
    if action in rules.Action.values:
        return rules.Action(action).label
    if action.startswith("measure_") and action[8:] in DecisionKind.values:
        return DecisionKind(action[8:]).label
    return HISTORY_LABELS.get(action, action)


class _Sources:
    """Choices the forms need, each queried once per request and only if a form asks."""

    def __init__(self, case: EnforcementCase) -> None:
        self.case = case

    @cached_property
    def staff(self) -> list[User]:
        return list(case_staff(self.case.agency_id))

    @cached_property
    def inspectors(self) -> list:
        return list(self.case.inspectors.all())

    @cached_property
    def enterprises(self) -> list:
        return [p.enterprise for p in self.case.parties.all()]


def build_form(
    what: str,
    case: EnforcementCase,
    data=None,
    files=None,
    item: int | None = None,
    sources: _Sources | None = None,
) -> forms.ActForm:
    """The form `what` (a key of VERBS) of `case`, bound when `data` is given."""
    src = sources or _Sources(case)
    prefix = what if item is None else f"{what}-{item}"
    kw: dict = {"prefix": prefix}
    if what in rules.Action.values:
        form = forms.TransitionForm(data, action=what, **kw)
    elif what.startswith("issue_"):
        form = forms.MeasureForm(data, kind=what.removeprefix("issue_"), **kw)
    elif what == "assign":
        current = [i.user_id for i in src.inspectors]
        form = forms.AssignForm(data, staff=src.staff, current=current, **kw)
    elif what == "interview":
        people = [i.user for i in src.inspectors] or src.staff
        form = forms.InterviewForm(data, inspectors=people, **kw)
    elif what == "evidence":
        form = forms.EvidenceForm(data, files, **kw)
    elif what == "person":
        form = forms.PersonForm(data, enterprises=src.enterprises, **kw)
    else:
        form = {
            "transfer": forms.TransferForm,
            "ledger": forms.LedgerCheckForm,
            "statement": forms.StatementForm,
            "worker": forms.WorkerForm,
            "recovery": forms.RecoveryForm,
            "party": forms.PartyForm,
            "outcome": forms.OutcomeForm,
            "police_response": forms.PoliceResponseForm,
            "follow_up": forms.FollowUpForm,
            "incident": forms.IncidentForm,
            "withdraw_incident": forms.WithdrawIncidentForm,
        }[what](data, **kw)
    args = [case.pk, what] if item is None else [case.pk, what, item]
    form.act_url = reverse("cases:act" if item is None else "cases:act-item", args=args)
    form.act_what = what
    return form


def _url(name: str, **kwargs) -> str:
    """A route another helper provides, or "" while it is not there yet."""
    try:
        return reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:
        return ""


def credit_card(case: EnforcementCase, user: User) -> dict | None:
    """The credit-list (失信名单) answer, the case's listings, and the link to propose while none
    is open. Imported when shown: credit builds on cases, not the other way round."""
    if not user.can("view", "credit.creditlisting"):
        return None
    from wageguard.credit.rules import OPEN_STATES
    from wageguard.credit.services import eligibility_for

    result = eligibility_for(case)
    listings = list(case.credit_listings.order_by("-id"))
    can_propose = user.can("propose", "credit.creditlisting")
    open_listing = any(listing.state in OPEN_STATES for listing in listings)
    return {
        "answer": result.answer,
        "reasons": result.reasons,
        "listings": [(x, reverse("credit:detail", args=[x.pk])) for x in listings],
        "propose_url": _url("credit:propose", pk=case.pk)
        if can_propose and not open_listing
        else "",
    }


def _case_with_everything(case: EnforcementCase) -> EnforcementCase:
    """The case again with every section prefetched: a fixed number of queries per page."""
    return (
        EnforcementCase.objects.filter(pk=case.pk)
        .select_related("region", "agency", "clue")
        .prefetch_related(
            "workers",
            "parties__enterprise",
            "persons__person",
            "persons__enterprise",
            "inspectors__user",
            Prefetch("interviews", Interview.objects.prefetch_related("inspectors")),
            "evidence",
            "ledger_checks",
            "statements",
            Prefetch("decisions", Decision.objects.select_related("document")),
            Prefetch(
                "transfers",
                PoliceTransfer.objects.select_related("letter").prefetch_related("follow_ups"),
            ),
            Prefetch("documents", CaseDocument.objects.all()),
            "history",
        )
        .get()
    )


def _transitions(user: User, case: EnforcementCase) -> list[str]:
    actions = []
    for action in rules.allowed_actions(case.state):
        if not user.can(action, MODEL):
            continue
        requested = case.extended or case.extension_requested_at is not None
        if action == rules.Action.REQUEST_EXTENSION and requested:
            continue
        if action == rules.Action.APPROVE_EXTENSION and (
            case.extended or case.extension_requested_at is None
        ):
            continue
        actions.append(action)
    return actions


def render_detail(
    request: HttpRequest,
    case: EnforcementCase,
    bound: forms.ActForm | None = None,
    bound_item: int | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    case = _case_with_everything(case)
    src = _Sources(case)
    sees = sees_personal_data(user)
    name = (lambda v: v) if sees else mask_name
    id_number = (lambda v: v) if sees else mask_id_number
    open_case = case.state != State.CLOSED

    def form(what: str, item: int | None = None) -> forms.ActForm | None:
        """The form if the viewer may use it; the refused one keeps its input and errors."""
        if not user.can(VERBS[what], MODEL):
            return None
        if bound is not None and bound.act_what == what and bound_item == item:
            return bound
        return build_form(what, case, item=item, sources=src)

    workers = list(case.workers.all())
    decisions = list(case.decisions.all())
    transfers = list(case.transfers.all())
    setting = CriminalThresholdSetting.for_province(case.region.province_code)
    threshold = services.threshold_for(case, named=sees)
    actions = _transitions(user, case)
    inspector_users = {i.user_id: i.user for i in case.inspectors.all()}
    clock = Clock.now(filters.STAGE)
    context = {
        "case": case,
        "sla": clock.of(case),
        "today": clock.today,
        "workers": [
            # Money recovered after closing is still recorded (investigate.record_recovery).
            (w, name(w.worker_name), id_number(w.id_number), form("recovery", w.pk))
            for w in workers
        ],
        "owed": sum((w.amount_owed for w in workers), 0),
        "recovered": sum((w.amount_recovered for w in workers), 0),
        "parties": list(case.parties.all()),
        "persons": [(p, id_number(p.person.id_number)) for p in case.persons.all()],
        "inspectors": list(case.inspectors.all()),
        "interviews": [
            (
                i,
                name(i.interviewee) if i.interviewee_role == "worker" else i.interviewee,
                [inspector_users.get(u.pk, u) for u in i.inspectors.all()],
            )
            for i in case.interviews.all()
        ],
        "evidence": list(case.evidence.all()),
        "ledger_checks": list(case.ledger_checks.all()),
        "statements": list(case.statements.all()),
        "decisions": [
            (
                d,
                _doc_url(case, d.document, sees),
                form("outcome", d.pk) if d.state == DecisionState.ISSUED else None,
            )
            for d in decisions
        ],
        "transfers": [
            (
                t,
                _doc_url(case, t.letter, sees),
                form("police_response", t.pk)
                if t.response in (TransferResponse.PENDING, TransferResponse.ACCEPTED)
                else None,
                form("follow_up", t.pk),
            )
            for t in transfers
        ],
        "documents": [(d, _doc_url(case, d, sees)) for d in case.documents.all()],
        "templates_url": _url("cases:templates")
        if user.can("view", "cases.documenttemplate")
        else "",
        "threshold": threshold,
        "threshold_set": setting.is_set,
        "penalties": list(rules.PENALTIES.values()),
        "history": [(h, history_label(h.action)) for h in case.history.all()],
        "action_forms": [form(a) for a in actions if a not in ("close",)],
        "close_form": form("close") if "close" in actions else None,
        # Only the roles that may close see this list, and they see workers' names anyway.
        "close_blockers": services.closing_blockers(case) if "close" in actions else [],
        "credit": credit_card(case, user),
        # Also after closing: a listing or a publication may follow a closed case.
        "incident_form": form("incident"),
        "withdraw_incident_form": form("withdraw_incident") if case.mass_incident else None,
        "sees": sees,
    }
    if open_case:
        context.update(
            {
                "assign_form": form("assign"),
                "interview_form": form("interview"),
                "evidence_form": form("evidence"),
                "ledger_form": form("ledger"),
                "statement_form": form("statement"),
                "worker_form": form("worker"),
                "party_form": form("party"),
                "person_form": form("person"),
                "measure_forms": [
                    f for f in (form(f"issue_{k}") for k in DecisionKind.values) if f
                ],
                "transfer_form": form("transfer"),
            }
        )
    context["now"] = timezone.localtime()
    return render(request, "cases/detail.html", context, status=status)


def _doc_url(case: EnforcementCase, document: CaseDocument | None, sees: bool) -> str:
    """The download link, or "" where the viewer would get a 403 (a document listing workers,
    for a role without need to know: `documents.lists_workers`)."""
    if document is None or (documents.lists_workers(document.kind) and not sees):
        return ""
    return _url("cases:document", pk=case.pk, doc_id=document.pk)


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The case page; reading it shows workers' data, so it is audited like the API."""
    case = get_case(request, pk)
    audit.record("case.view", obj=case, actor=request.user)
    return render_detail(request, case)
