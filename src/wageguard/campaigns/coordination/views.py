"""Pages: assignments (the department's inbox, or the bureau's list of what it assigned; a new
assignment; the detail page with the actions allowed now; reply files) and the leading group of
a division with its member units and contacts."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, Prefetch, Value, When
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wageguard.core import audit
from wageguard.core.deadlines import soon_limit
from wageguard.core.files import served_name
from wageguard.core.forms import apply_errors
from wageguard.org.models import Agency, AgencyKind
from wageguard.org.rules import sees_personal_data
from wageguard.org.settings_page import province_settings_page
from wageguard.parties.rules import mask_phone
from wageguard.regions.models import Region

from ..models import LedgerItem
from . import rules, services
from .actions import ACTIONS, HISTORY_LABELS, available_actions
from .filters import filter_assignments
from .forms import (
    AssignForm,
    AssignmentFilterForm,
    AssignmentSettingsForm,
    ContactForm,
    MemberForm,
    RemoveContactForm,
    RemoveMemberForm,
)
from .models import Assignment, AssignmentFile, GroupContact, LeadingGroup
from .rules import AssignmentState

PAGE_SIZE = 50
MODEL = services.MODEL
GROUP = services.GROUP_MODEL
LEDGER = "campaigns.ledgeritem"
SETTINGS = "campaigns.assignmentsettings"
OPEN_SLAS = {rules.Sla.OVERDUE, rules.Sla.DUE_SOON, rules.Sla.ON_TIME}


def _require(request: HttpRequest, action: str, label: str) -> None:
    if not request.user.can(action, label):
        raise PermissionDenied


def _is_department(user) -> bool:
    return user.agency_id is not None and user.agency.kind != AgencyKind.HRSS


def _clock() -> tuple:
    today = timezone.localdate()
    return today, soon_limit(today, services.settings_row().reminder_workdays)


def _sla(a: Assignment, today, soon) -> tuple[str, str]:
    """(state for `{% sla_badge %}` or "", label of an answered one's timeliness)."""
    answered_on = timezone.localdate(a.answered_at) if a.answered_at else None
    sla = rules.sla_status(a.state, a.due_date, today, soon, answered_on)
    if sla in OPEN_SLAS:
        return str(sla), ""
    return "", str(rules.Sla(sla).label)


def _query_string(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode() + "&" if params else ""


# --- assignments ---------------------------------------------------------------------------


@login_required
def assignment_list(request: HttpRequest) -> HttpResponse:
    """The department's inbox (what was assigned to its agency) or, for an HRSS bureau, the
    assignments of its jurisdiction, the most urgent first."""
    _require(request, "view", MODEL)
    user = request.user
    today, soon = _clock()
    visible = Assignment.objects.restrict(user, "view")
    department = _is_department(user)
    agencies = (
        []
        if department
        else Agency.objects.restrict(user, "view")
        .exclude(kind=AgencyKind.HRSS)
        .filter(active=True)
        .order_by("region_id", "kind")
    )
    form = AssignmentFilterForm(request.GET or None, agencies=agencies)
    if form.is_valid():
        qs = filter_assignments(visible, form.cleaned_data, today)
    else:
        qs = visible.none() if form.is_bound else visible
    # Waiting first, the most urgent on top; then answers to confirm; then what is done.
    qs = (
        qs.select_related("agency", "assigned_by_agency", "escalated_to")
        .annotate(
            state_rank=Case(
                When(state=AssignmentState.ASSIGNED, then=Value(0)),
                When(state=AssignmentState.ANSWERED, then=Value(1)),
                default=Value(2),
            )
        )
        .order_by("state_rank", "due_date", "pk")
    )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    cfg = services.settings_row()
    return render(
        request,
        "campaigns/coordination/list.html",
        {
            "form": form,
            "page_obj": page,
            "rows": [(a, *_sla(a, today, soon)) for a in page],
            "department": department,
            "can_assign": services.may_assign(user),
            "can_read_group": user.can("view", GROUP),
            "query_string": _query_string(request),
            "settings": cfg,
        },
    )


@login_required
def assignment_new(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not services.may_assign(user):
        raise PermissionDenied
    initial = {}
    linked = None
    if request.method == "GET" and request.GET.get("ledger_item", "").isdigit():
        linked = (
            LedgerItem.objects.restrict(user, "view")
            .select_related("agency")
            .filter(pk=int(request.GET["ledger_item"]))
            .first()
        )
        if linked is not None:
            initial = {"ledger_item": linked.pk, "details": linked.description}
    data = request.POST if request.method == "POST" else None
    form = AssignForm(data, initial=initial, actor=user)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                assignment = services.assign(user, **form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("已交办"))
                return redirect("campaigns:assignment", pk=assignment.pk)
        status = 422
    return render(
        request,
        "campaigns/coordination/new.html",
        {"form": form, "linked": linked},
        status=status,
    )


def _assignment(request: HttpRequest, pk: int) -> Assignment:
    return get_object_or_404(
        Assignment.objects.restrict(request.user, "view").select_related(
            "agency__region",
            "assigned_by_agency",
            "assigned_by",
            "answered_by",
            "decided_by",
            "escalated_to",
            "ledger_item__agency",
            "project",
            "enterprise",
        ),
        pk=pk,
    )


def _detail(
    request: HttpRequest, a: Assignment, forms, open_action: str = "", status: int = 200
) -> HttpResponse:
    today, soon = _clock()
    sla, answered = _sla(a, today, soon)
    user = request.user
    return render(
        request,
        "campaigns/coordination/detail.html",
        {
            "a": a,
            "sla": sla,
            "answered_label": answered,
            "actions": forms,
            "open_action": open_action,
            "files": list(a.files.select_related("uploaded_by")),
            "steps": list(a.steps.select_related("to_agency")),
            "history": [
                (row, HISTORY_LABELS.get(row.action, row.action))
                for row in a.history.order_by("-at", "-pk")[:50]
            ],
            # The linked ledger item: a read-only summary for everyone who sees the assignment;
            # a link to its page only for those who may read the ledger.
            "ledger_link": a.ledger_item_id is not None
            and user.can("view", LEDGER)
            and LedgerItem.objects.restrict(user, "view").filter(pk=a.ledger_item_id).exists(),
            "project_link": a.project_id is not None and user.can("view", "projects.project"),
        },
        status=status,
    )


@login_required
def assignment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, "view", MODEL)
    a = _assignment(request, pk)
    forms = [(act, act.form(prefix=act.name)) for act in available_actions(a, request.user)]
    return _detail(request, a, forms)


@login_required
@require_POST
def assignment_act(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    """The one view for every action in the registry; a refusal re-renders the page with the
    error in place and the input kept."""
    _require(request, "view", MODEL)
    a = _assignment(request, pk)
    action = ACTIONS.get(name)
    if action is None:
        raise Http404
    allowed = available_actions(a, request.user)
    if action not in allowed:
        raise PermissionDenied
    form = action.form(request.POST, request.FILES, prefix=action.name)
    if form.is_valid():
        try:
            action.run(a, request.user, form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("已完成：%(action)s") % {"action": action.label})
            return redirect("campaigns:assignment", pk=a.pk)
    forms = [(x, form if x.name == action.name else x.form(prefix=x.name)) for x in allowed]
    return _detail(request, a, forms, open_action=action.name, status=422)


@login_required
def assignment_file(request: HttpRequest, pk: int, file_pk: int) -> FileResponse:
    _require(request, "view", MODEL)
    a = get_object_or_404(Assignment.objects.restrict(request.user, "view"), pk=pk)
    row = get_object_or_404(AssignmentFile, pk=file_pk, assignment=a)
    audit.record("assignment.file_download", obj=a, after={"file": row.pk})
    response = FileResponse(row.file.open("rb"), content_type=row.content_type)
    response["Content-Disposition"] = content_disposition_header(
        False, served_name(row.original_name, row.content_type)
    )
    return response


@login_required
def assignment_settings(request: HttpRequest) -> HttpResponse:
    """交办参数: the province's default reply period and reminder margin; read by everyone who
    works with assignments, changed by the province's administrator. A change applies to
    assignments made after it (a stored deadline never moves)."""
    user = request.user
    if _is_department(user) or not (user.can("view", MODEL) or user.can("change", SETTINGS)):
        raise PermissionDenied
    return province_settings_page(
        request,
        AssignmentSettingsForm,
        template="campaigns/coordination/settings.html",
        audit_action="assignment_settings.update",
        saved_message=_("已保存；此后交办的事项按新的期限计算。"),
        done_url="campaigns:assignment-settings",
    )


# --- the leading group ---------------------------------------------------------------------


def _group_regions(user) -> list[Region]:
    """The divisions whose group `user` may read: their own and those below it, in code order;
    the province's staff see the province and its prefectures (the counties' groups are one
    click below, through the prefecture's)."""
    if user.agency_id is None:
        return []
    own = user.agency.region
    below = Region.objects.filter(parent=own).order_by("code")
    return [own, *below]


@login_required
def group_page(request: HttpRequest) -> HttpResponse:
    """The leading group of the user's division (or, with `?region=`, of one below it): member
    units with their roles and duties, and their contacts. Phones are masked for roles without
    need to know."""
    _require(request, "view", GROUP)
    user = request.user
    regions = _group_regions(user)
    code = request.GET.get("region", "")
    if code:
        if not user.in_jurisdiction(code):
            raise Http404
        region = get_object_or_404(Region, code=code)
    elif regions:
        region = regions[0]
    else:
        raise Http404
    group = _group_of(region, LeadingGroup.objects.restrict(user, "view"))
    return _group_render(request, region, group, regions)


def _group_render(request, region, group, regions, forms=None, status=200) -> HttpResponse:
    user = request.user
    can_keep = services.may_keep_group(user, region.code)
    full = sees_personal_data(user)
    members = []
    for m in group.members.all() if group else []:
        contacts = [(c, c.phone if full else mask_phone(c.phone)) for c in m.contacts.all()]
        members.append((m, contacts))
    forms = forms or {}
    if can_keep:
        forms.setdefault("member", MemberForm(prefix="member", region=region))
        forms.setdefault(
            "contact",
            ContactForm(prefix="contact", members=[m for m, _c in members]),
        )
    children = [r for r in regions if r.code != region.code]
    return render(
        request,
        "campaigns/coordination/group.html",
        {
            "region": region,
            "group": group,
            "group_name": group.name if group else services.group_name(region),
            "members": members,
            "can_keep": can_keep,
            "forms": forms,
            "children": children,
            "parent_code": region.parent_id
            if region.parent_id and user.in_jurisdiction(region.parent_id)
            else "",
        },
        status=status,
    )


# name -> (form, service, the form's prefix on the page: None for the remove buttons).
GROUP_ACTIONS = {
    "add_member": (MemberForm, services.add_member, "member"),
    "remove_member": (RemoveMemberForm, services.remove_member, None),
    "add_contact": (ContactForm, services.add_contact, "contact"),
    "remove_contact": (RemoveContactForm, services.remove_contact, None),
}


def _group_of(region: Region, base=None) -> LeadingGroup | None:
    return (
        (base if base is not None else LeadingGroup.objects)
        .select_related("office", "region")
        .prefetch_related(
            Prefetch("members__contacts", queryset=GroupContact.objects.order_by("pk")),
            "members__agency",
        )
        .filter(region=region)
        .first()
    )


@login_required
@require_POST
def group_act(request: HttpRequest, name: str) -> HttpResponse:
    """Edits of the user's own division's group (add or remove a member unit or a contact); a
    refusal re-renders the page with the error in place and the input kept."""
    _require(request, "view", GROUP)
    user = request.user
    if name not in GROUP_ACTIONS:
        raise Http404
    if user.agency_id is None or not services.may_keep_group(user, user.agency.region_id):
        raise PermissionDenied
    region = user.agency.region
    form_class, service, prefix = GROUP_ACTIONS[name]
    group = _group_of(region)
    if form_class is MemberForm:
        form = MemberForm(request.POST, prefix=prefix, region=region)
    elif form_class is ContactForm:
        members = list(group.members.all()) if group else []
        form = ContactForm(request.POST, prefix=prefix, members=members)
    else:
        form = form_class(request.POST)
    if form.is_valid():
        try:
            service(user, region, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("已保存"))
            return redirect("campaigns:group")
    if prefix is None:
        # A remove button has no input to keep: its refusal is a message above the list.
        for errors in form.errors.values():
            messages.error(request, "；".join(errors))
        return redirect("campaigns:group")
    return _group_render(
        request, region, group, _group_regions(user), forms={prefix: form}, status=422
    )
