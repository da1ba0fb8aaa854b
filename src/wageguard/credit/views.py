"""Staff pages for the credit list: the list with filters, a listing with its workflow forms and
deadlines, the proposal from a case, the watch list, the exports and the province's settings.

Every read goes through `restrict` (another jurisdiction's listing or case is a 404), every change
through `services`, every view and export is audited.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wageguard.cases.models import EnforcementCase
from wageguard.core import audit
from wageguard.core.deadlines import Clock
from wageguard.core.paging import capped_page, filter_params, query_string
from wageguard.org.rules import sees_personal_data
from wageguard.org.settings_page import province_settings_page

from . import exports, filters, records, services
from .actions import ACTIONS
from .forms import ActionForm, CreditSettingsForm, FilterForm, ProposeForm, WatchForm
from .models import CreditListing, CreditSettings, WatchListEntry
from .rules import CURRENT_STATES, OPEN_STATES, Action, Eligibility, State

MODEL = "credit.creditlisting"
PAGE_SIZE = 50
FILTER_NAMES = ("q", "status", "state", "region", "listed_from", "listed_to")


def _require(request: HttpRequest, verb: str, model: str = MODEL) -> None:
    if not request.user.can(verb, model):
        raise PermissionDenied


def _params(request: HttpRequest) -> dict[str, str]:
    return filter_params(request, FILTER_NAMES)


def _listing_qs(request: HttpRequest):
    # The notice document: its recorded service starts the objection period (stage_due).
    return CreditListing.objects.restrict(request.user, "view").select_related(
        "agency", "region", "case", "notice_document"
    )


def _stage(listing: CreditListing, clock: Clock) -> tuple:
    """The listing's current stage deadline (computed from its dates) and its deadline state."""
    due = listing.stage_due(clock.today)
    return due, clock.state(due) if due else ""


@login_required
def listing_list(request: HttpRequest) -> HttpResponse:
    """失信名单台账: the jurisdiction's proposals and listings, newest first."""
    _require(request, "view")
    clock = Clock.now()
    params = _params(request)
    error = ""
    try:
        qs = filters.apply(_listing_qs(request), params, clock.today)
    except ValidationError as exc:
        error, qs = " ".join(exc.messages), _listing_qs(request).none()
    pager = capped_page(request, qs, params)
    return render(
        request,
        "credit/list.html",
        {
            "form": FilterForm(request.GET or None),
            "rows": [(x, *_stage(x, clock), x.is_current(clock.today)) for x in pager.rows],
            "error": error,
            **pager.context(),
            "query": query_string(params),
            "can_export": request.user.can("export", MODEL),
        },
    )


def _get(request: HttpRequest, pk: int) -> CreditListing:
    return get_object_or_404(
        _listing_qs(request).select_related(
            "notice_document", "decision_document", "removal_document", "enterprise"
        ),
        pk=pk,
    )


def _label(action: str) -> str:
    if action in Action.values:
        return Action(action).label
    return _("督办") if action == "supervise" else action


def _checks(listing: CreditListing, today) -> dict:
    """The answers the page shows before the official acts: art. 7's relief before the decision,
    arts. 12-13 (three-valued, with reasons) while the unit is on the list."""
    if listing.state in (State.PROPOSED, State.NOTIFIED):
        return {"relief": records.relief_for(listing)}
    if listing.state in CURRENT_STATES:
        _fixed, check = records.removal_check_for(
            listing,
            today,
            listing.commitment if listing.state == State.REMOVAL_REQUESTED else True,
            listing.recurrence_finding,
            listing.criminal_finding,
        )
        return {"removal_check": check}
    return {}


def _detail(
    request: HttpRequest, listing: CreditListing, bound: ActionForm | None = None, status=200
) -> HttpResponse:
    clock = Clock.now()
    due, sla = _stage(listing, clock)
    offered = [ACTIONS.get(name) for name in services.available_actions(listing, request.user)]
    forms_ = [
        bound if bound is not None and bound.action == spec.name else spec.form(prefix=spec.name)
        for spec in offered
    ]
    documents = [
        (kind, doc)
        for kind, doc in (
            ("notice", listing.notice_document),
            ("decision", listing.decision_document),
            ("removal", listing.removal_document),
        )
        if doc is not None
    ]
    return render(
        request,
        "credit/detail.html",
        {
            "listing": listing,
            "persons": list(listing.persons.select_related("person")),
            "history": [(h, _label(h.action)) for h in listing.history.all()],
            "documents": documents,
            "action_forms": forms_,
            "cautious": [spec.name for spec in offered if spec.cautious],
            "stage_due": due,
            "sla": sla,
            "current": listing.is_current(clock.today),
            "today": clock.today,
            **_checks(listing, clock.today),
        },
        status=status,
    )


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, "view")
    listing = _get(request, pk)
    services.record_view(request.user, listing)
    return _detail(request, listing)


@login_required
@require_POST
def transition(request: HttpRequest, pk: int) -> HttpResponse:
    listing = _get(request, pk)
    action = request.POST.get("action", "")
    if action not in ACTIONS or ACTIONS.get(action).automatic:
        raise Http404
    spec = ACTIONS.get(action)
    form = spec.form(request.POST, prefix=action)
    if form.is_valid():
        try:
            services.transition(listing, action, request.user, **form.cleaned_data)
        except ValidationError as exc:
            if "action" in exc.message_dict:
                messages.error(request, " ".join(exc.message_dict["action"]))
                return redirect("credit:detail", pk=pk)
            form.add_service_errors(exc.message_dict)
        else:
            messages.success(request, _("已%(action)s") % {"action": spec.label})
            return redirect("credit:detail", pk=pk)
    return _detail(request, _get(request, pk), bound=form, status=400)


@login_required
def document(request: HttpRequest, pk: int, kind: str) -> FileResponse:
    """告知书、决定书、移出决定书 of a listing, to staff who may see it; audited."""
    _require(request, "view")
    listing = _get(request, pk)
    doc = {
        "notice": listing.notice_document,
        "decision": listing.decision_document,
        "removal": listing.removal_document,
    }.get(kind)
    if doc is None:
        raise Http404
    try:
        handle = doc.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    audit.record("credit.document", obj=listing, actor=request.user, after={"number": doc.number})
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"{doc.number}{doc.get_kind_display()}.docx",
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )


@login_required
def propose(request: HttpRequest, pk: int) -> HttpResponse:
    """拟列入 from a case: the eligibility answer with its reasons, and the public facts."""
    _require(request, "propose")
    case = get_object_or_404(
        EnforcementCase.objects.restrict(request.user, "view").select_related("agency", "region"),
        pk=pk,
    )
    result = services.eligibility_for(case)
    form = ProposeForm(request.POST or None, initial={"facts": services.default_facts(case)})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                listing = services.propose(case, request.user, **form.cleaned_data)
            except ValidationError as exc:
                for name, errors in exc.message_dict.items():
                    form.add_error(name if name in form.fields else None, errors)
            else:
                messages.success(request, _("已提出列入失信联合惩戒名单的建议"))
                return redirect("credit:detail", pk=listing.pk)
        status = 400
    return render(
        request,
        "credit/propose.html",
        {
            "case": case,
            "result": result,
            "eligible": result.answer == Eligibility.ELIGIBLE,
            "answer_label": Eligibility(result.answer).label,
            "form": form,
            "open_listings": list(case.credit_listings.filter(state__in=OPEN_STATES)),
            "can_watch": request.user.can("add", services.WATCH_MODEL),
        },
        status=status,
    )


@login_required
def watch_list(request: HttpRequest) -> HttpResponse:
    """重点关注名单 of the jurisdiction, with the criteria in force."""
    _require(request, "view", services.WATCH_MODEL)
    qs = (
        WatchListEntry.objects.restrict(request.user, "view")
        .select_related("case", "agency", "region")
        .filter(ended_on__isnull=True)
    )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "credit/watch.html",
        {"page": page, "limits": CreditSettings.for_province()},
    )


@login_required
@require_POST
def watch_add(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, "add", services.WATCH_MODEL)
    case = get_object_or_404(EnforcementCase.objects.restrict(request.user, "view"), pk=pk)
    form = WatchForm(request.POST)
    form.is_valid()
    try:
        services.add_to_watch_list(case, request.user, form.cleaned_data.get("reason", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("credit:propose", pk=case.pk)
    messages.success(request, _("已列入重点关注名单"))
    return redirect("credit:watch")


# The export formats: how the rows are written and what the response says it is.
_EXPORTS = {
    "csv": (exports.csv_rows, "text/csv; charset=utf-8"),
    "json": (exports.json_chunks, "application/json; charset=utf-8"),
}


def _export(request: HttpRequest, kind: str) -> StreamingHttpResponse:
    """The filtered list streamed in `kind`, audited with its filter and size; a bad filter is
    a 404 (the list page names it)."""
    _require(request, "export")
    params = _params(request)
    try:
        qs = filters.apply(
            CreditListing.objects.restrict(request.user, "view"), params, timezone.localdate()
        )
    except ValidationError as exc:
        raise Http404(" ".join(exc.messages)) from None
    qs = qs.order_by("pk")
    audit.record_read(
        f"export.{kind}",
        model=CreditListing,
        mode="export",
        query=params,
        rows=qs.count(),
        clear=sees_personal_data(request.user),
        actor=request.user,
    )
    write, content_type = _EXPORTS[kind]
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = StreamingHttpResponse(write(qs, request.user), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="credit-listings-{stamp}.{kind}"'
    return response


@login_required
def export_csv(request: HttpRequest) -> StreamingHttpResponse:
    """失信名单 CSV for the credit-information platform."""
    return _export(request, "csv")


@login_required
def export_json(request: HttpRequest) -> StreamingHttpResponse:
    """失信名单 JSON for systems that read it."""
    return _export(request, "json")


@login_required
def settings_page(request: HttpRequest) -> HttpResponse:
    """The province's limits and watch-list criteria: visible to staff, changed by the province's
    administrator (DOMAIN: configurable rules are shown in the UI)."""
    return province_settings_page(
        request,
        CreditSettingsForm,
        template="credit/settings.html",
        audit_action="credit_settings.update",
        saved_message=_("已保存；新的期限从此后开始的办理阶段起适用。"),
        done_url="credit:settings",
    )
