"""The case page (案件详情): what the case holds and one form for each action the viewer may take
now (`cases.actions.available_actions`). `CaseAction.build_form` is the one place a form of the
page is made, for the page and for the POST that comes back from it (`views.actions`), so a
refused form is shown where it was filled in."""

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from wageguard.core.deadlines import Clock
from wageguard.core.forms import focus_first_error
from wageguard.org.rules import sees_personal_data
from wageguard.parties.rules import mask_id_number, mask_name

from .. import documents, filters, rules, services
from ..actions import ACTIONS, available_actions, history_label, history_words, may
from ..extensions import CASE_PANELS
from ..forms.actions import ActForm, CaseChoices
from ..models import (
    CaseDocument,
    CaseLiability,
    CaseRecovery,
    CaseWorker,
    CriminalThresholdSetting,
    Decision,
    EnforcementCase,
    Interview,
    PoliceTransfer,
)
from ..rules import Action, DecisionKind
from ..rules.liability import ProjectRole, presumed
from ..services.measures import court_window_from
from .common import get_case


def _url(name: str, **kwargs) -> str:
    """A route another helper provides, or "" while it is not there yet."""
    try:
        return reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:
        return ""


def _case_with_everything(case: EnforcementCase) -> EnforcementCase:
    """The case again with every section prefetched: a fixed number of queries per page."""
    return (
        EnforcementCase.objects.filter(pk=case.pk)
        .select_related("region", "agency", "clue", "project", "project__general_contractor")
        .prefetch_related(
            Prefetch(
                "workers",
                CaseWorker.objects.prefetch_related(
                    Prefetch("recoveries", CaseRecovery.objects.select_related("recorded_by"))
                ),
            ),
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
            Prefetch("liabilities", CaseLiability.objects.select_related("liable", "decided_by")),
        )
        .get()
    )


def render_detail(
    request: HttpRequest,
    case: EnforcementCase,
    bound: ActForm | None = None,
    bound_row: int | None = None,
    status: int = 200,
    partial: str = "",
    notice: dict | None = None,
) -> HttpResponse:
    """The case page, or only the section `partial` (an htmx action's answer) with `notice`."""
    user = request.user
    case = _case_with_everything(case)
    choices = CaseChoices(case)
    sees = sees_personal_data(user)
    name = (lambda v: v) if sees else mask_name
    id_number = (lambda v: v) if sees else mask_id_number
    offered = set(available_actions(case, user))
    if bound is not None:
        focus_first_error(bound)
    # A refused step stays on the page with its input and its error, also when the rules no
    # longer offer it (a colleague acted first, the limit ran out meanwhile).
    refused = bound.act_what if bound is not None and bound_row is None else None
    shown = offered | {refused} if refused else offered

    def form(what: str, row=None) -> ActForm | None:
        """The action's form if the viewer may take it now; the refused one keeps its input."""
        action = ACTIONS.get(what)
        if bound is not None and bound.act_what == what and bound_row == getattr(row, "pk", None):
            return bound
        if what not in offered or (row is not None and not action.row_applies(row)):
            return None
        return action.build_form(case, row=row, choices=choices)

    workers = list(case.workers.all())
    for w in workers:
        # Money recovered after closing is still recorded (investigation.record_recovery).
        w.shown_name, w.shown_id_number = name(w.worker_name), id_number(w.id_number)
        w.outstanding = w.amount_owed - w.amount_recovered
        w.act_forms = {what: form(what, w) for what in ("recovery", "withdraw_recovery")}
    decisions = list(case.decisions.all())
    for d in decisions:
        d.download_url = _doc_url(case, d.document, sees)
        d.act_forms = {"outcome": form("outcome", d)}
    transfers = list(case.transfers.all())
    for t in transfers:
        t.download_url = _doc_url(case, t.letter, sees)
        t.act_forms = {what: form(what, t) for what in ("police_response", "follow_up")}
    persons = list(case.persons.all())
    for p in persons:
        p.shown_id_number = id_number(p.person.id_number)
    inspector_users = {i.user_id: i.user for i in case.inspectors.all()}
    interviews = list(case.interviews.all())
    for i in interviews:
        worker = i.interviewee_role == "worker"
        i.shown_interviewee = name(i.interviewee) if worker else i.interviewee
        i.interviewers = [inspector_users.get(u.pk, u) for u in i.inspectors.all()]
    documents_ = list(case.documents.all())
    for doc in documents_:
        doc.download_url = _doc_url(case, doc, sees)
        doc.receipt_url = reverse("cases:document-receipt", args=[case.pk, doc.pk])
        doc.act_forms = {"record_service": form("record_service", doc)}
    history = list(case.history.all())
    shown_names = {w.pk: w.shown_name for w in workers}
    for h in history:
        h.label = history_label(h.action)
        h.words = history_words(h, shown_names)
    setting = CriminalThresholdSetting.for_province(case.region.province_code)
    threshold = services.threshold_for(case, named=sees)
    clock = Clock.now(filters.STAGE)
    context = {
        "case": case,
        "sla": clock.of(case),
        "today": clock.today,
        "workers": workers,
        "owed": sum((w.amount_owed for w in workers), 0),
        "recovered": sum((w.amount_recovered for w in workers), 0),
        "outstanding": sum((w.outstanding for w in workers), 0),
        "parties": list(case.parties.all()),
        "persons": persons,
        "inspectors": list(case.inspectors.all()),
        "interviews": interviews,
        "evidence": list(case.evidence.all()),
        "ledger_checks": list(case.ledger_checks.all()),
        "statements": list(case.statements.all()),
        "decisions": decisions,
        "court_window": court_window_from(decisions),
        "transfers": transfers,
        "documents": documents_,
        "templates_url": _url("cases:templates")
        if user.can("view", "cases.documenttemplate")
        else "",
        "threshold": threshold,
        "threshold_set": setting.is_set,
        "penalties": list(rules.PENALTIES.values()),
        "history": history,
        "forms": {what: form(what) for what in shown if ACTIONS.get(what).row is None},
        "action_forms": [form(a) for a in Action.values if a != Action.CLOSE and a in shown],
        # Why 作出处理决定 is not offered although the case's state allows it: what is missing.
        "decide_blockers": services.decide_problems(case)
        if Action.DECIDE not in offered
        and rules.WORKFLOW.next(case.state, Action.DECIDE) is not None
        and may(user, ACTIONS.get(Action.DECIDE))
        else [],
        # Only the roles that may close see this list, and they see workers' names anyway.
        "close_blockers": services.closing_blockers(case) if Action.CLOSE in offered else [],
        # What other apps add (the credit list's card): each panel's template and context.
        "panels": [
            (panel.template, ctx)
            for panel in CASE_PANELS
            if (ctx := panel.context(case, user)) is not None
        ],
        "project": _project_section(case, choices),
        "sees": sees,
        "measure_forms": [
            f for f in (form(f"issue_{k}") for k in DecisionKind.values) if f is not None
        ],
        "now": timezone.localtime(),
        "notice": notice,
    }
    return render(request, partial or "cases/detail.html", context, status=status)


def _project_section(case: EnforcementCase, choices: CaseChoices) -> dict | None:
    """The case's project, the employer's role on it, what the law says follows from that role
    alone (Decree 724 art. 30 para. 3 for a subcontractor) and the findings recorded."""
    if case.project_id is None:
        return None
    role = choices.employer_role
    findings = list(case.liabilities.all())
    return {
        "project": case.project,
        "role": role,
        "role_label": ProjectRole(role).label,
        "rule": presumed(role),
        "unregistered": role == ProjectRole.NONE,
        "findings": findings,
        "latest": findings[-1] if findings else None,
    }


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
    services.record_view(request.user, case)
    return render_detail(request, case)
