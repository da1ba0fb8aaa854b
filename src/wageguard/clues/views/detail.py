"""The clue page: facts, timeline, duplicates, workflow forms, arrears and attachments.

Every change goes through `services`; every response showing the clue's personal data is one
audited read (`_detail`).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Sum
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wageguard.core import audit
from wageguard.core.deadlines import Clock
from wageguard.core.files import served_name
from wageguard.core.forms import apply_errors, focus_first_error
from wageguard.org.rules import sees_personal_data
from wageguard.projects.models import Project

from .. import filters, services, sms, timeline
from ..actions import ACTIONS, available_actions
from ..forms.arrears import ArrearsLineForm, RecoveryForm
from ..forms.workflow import ActionForm
from ..models import ArrearsLine, Attachment, Clue
from ..rules import Action, is_complaint, outcome_label
from ..services import duplicates, phrases
from ..validation import clean_arrears_line
from . import supervision as views_supervision
from .access import audit_read, get_clue, masker, require


def _timeline(clue: Clue, show_phone, names: dict[int, str]) -> list[dict]:
    """State history (in words, never codes), SMS and supervision in one list, oldest first.
    `names`: the workers' names by arrears line, as the viewer may read them."""
    rows = list(clue.history.all())
    regions = timeline.region_names(rows)
    items = [
        {
            "at": h.at,
            "kind": "history",
            "action": h.action,
            "label": timeline.label(h.action),
            "words": timeline.words(h.action, h.data, regions, names),
            "actor": h.actor_name,
            "from_state": h.from_state,
            "to_state": h.to_state,
            "note": h.note,
            "data": h.data,
            "public": h.public,
        }
        for h in rows
    ]
    items += [
        {
            "at": m.sent_at,
            "kind": "message",
            "label": _("短信"),
            "actor": show_phone(m.phone),
            # The intake SMS carries the reporter's secret: staff never need to read it.
            "note": sms.redacted(m.text),
            "status": m.status,
        }
        for m in clue.messages.all()
    ]
    items += [
        {
            "at": s.created_at,
            "kind": "supervision",
            "label": s.get_kind_display(),
            "actor": s.by_agency.name,
            "note": s.note,
            "due_date": s.due_date,
            "report": s.report,
        }
        for s in clue.supervisions.select_related("by_agency")
    ]
    return sorted(items, key=lambda i: i["at"])


def _action_forms(request: HttpRequest, clue: Clue, bound: ActionForm | None = None):
    """A form for each action the user may take now; a refused one comes back with its errors
    and what was typed, first and focused, also when the clue moved on and no longer offers it."""
    user = request.user
    forms = [
        bound
        if bound is not None and bound.action == spec.name
        else spec.form(prefix=spec.name, clue=clue, user=user)
        for spec in available_actions(clue, user)
    ]
    if bound is not None:
        focus_first_error(bound)
        if bound not in forms:
            forms.insert(0, bound)
    return forms


def _recovery_form(line: ArrearsLine, data=None) -> RecoveryForm:
    """The recovery form of one arrears line: its own prefix, so a refused one comes back
    under its line with what was typed, and no two lines' fields share an id."""
    return RecoveryForm(
        data, prefix=f"rec-{line.pk}", initial={"recovered_on": timezone.localdate()}
    )


def _detail(
    request: HttpRequest,
    clue: Clue,
    *,
    bound=None,
    line_form=None,
    recovery_bound: tuple[int, RecoveryForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    name, id_number, phone = masker(user)
    sees = sees_personal_data(user)
    audit_read(request, "clue.view", "detail", [clue.pk], [clue.pk] if sees else [], obj=clue)
    clock = Clock.now(filters.STAGE)
    lines = list(clue.arrears.all())
    totals = clue.arrears.aggregate(owed=Sum("amount_owed"), recovered=Sum("amount_recovered"))
    can_change = user.can("change", "clues.clue")
    recovery_forms = {line.pk: _recovery_form(line) for line in lines} if can_change else {}
    if recovery_bound is not None:
        focus_first_error(recovery_bound[1])
        recovery_forms[recovery_bound[0]] = recovery_bound[1]
    offered = available_actions(clue, user)
    action_forms = _action_forms(request, clue, bound)
    can_merge = any(spec.name == Action.MERGE for spec in offered)
    return render(
        request,
        "clues/detail.html",
        {
            "clue": clue,
            "linked_project": Project.objects.restrict(user, "view")
            .filter(pk=clue.project_id)
            .only("pk", "name")
            .first()
            if clue.project_id
            else None,
            "sla": clock.of(clue),
            "outcome_label": outcome_label(clue.outcome) if clue.outcome else "",
            "routing_words": timeline.routing_words(clue.routing_confidence),
            "period_words": timeline.period_words(clue.period_start, clue.period_end),
            "complaint": is_complaint(clue.channel),
            # Both limits where they differ: the stage's (reply) and the investigation's.
            "investigation_differs": bool(
                clue.investigation_due and clue.investigation_due != clue.due_date
            ),
            "reporter": {
                "name": name(clue.reporter_name),
                "id_number": id_number(clue.id_number),
                "phone": phone(clue.phone),
            },
            "lines": [
                (
                    line,
                    name(line.worker_name),
                    id_number(line.id_number),
                    recovery_forms.get(line.pk),
                )
                for line in lines
            ],
            "totals": totals,
            "timeline": _timeline(clue, phone, {line.pk: name(line.worker_name) for line in lines}),
            "attachments": list(clue.attachments.all()),
            "merged_clues": list(clue.merged_clues.only("pk", "tracking_code")),
            "suggestions": duplicates.suggestions(clue, user),
            "action_forms": action_forms,
            # The province's reply templates, offered on the forms with a reply text.
            "reply_templates": phrases.of_province(clue.region.province_code)
            if any("reply_text" in form.fields for form in action_forms)
            else [],
            "cautious": [spec.name for spec in offered if spec.cautious],
            "can_change": can_change,
            "can_merge": can_merge,
            "line_form": line_form or (ArrearsLineForm(prefix="line") if can_change else None),
            "recovery_form": can_change,
            **views_supervision.context(user, clue),
        },
        status=status,
    )


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    require(request, "view")
    return _detail(request, get_clue(request, pk))


@login_required
@require_POST
def transition(request: HttpRequest, pk: int) -> HttpResponse:
    """One workflow action from the detail page; service errors appear next to their field."""
    clue = get_clue(request, pk)
    action = request.POST.get("action", "")
    if action not in ACTIONS:
        raise Http404
    spec = ACTIONS.get(action)
    if not request.user.can(spec.needs, "clues.clue"):
        raise PermissionDenied
    form = spec.form(request.POST, prefix=action, clue=clue, user=request.user)
    if form.is_valid():
        try:
            services.transition(clue, action, request.user, **form.cleaned_data)
        except ValidationError as exc:
            # A refusal of the step itself (the state moved on) goes above the form, the rest
            # under their fields: the form comes back in place with what was typed (issue 14).
            form.add_service_errors(exc.message_dict)
        else:
            messages.success(request, _("已%(action)s") % {"action": spec.label})
            return redirect("clues:detail", pk=pk)
    return _detail(request, get_clue(request, pk), bound=form, status=400)


@login_required
@require_POST
def arrears_add(request: HttpRequest, pk: int) -> HttpResponse:
    require(request, "change")
    clue = get_clue(request, pk)
    form = ArrearsLineForm(request.POST, prefix="line")
    if form.is_valid():
        try:
            line = clean_arrears_line(form.cleaned_data)
            services.add_arrears_line(request.user, clue, **line)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                name = field.split(".")[-1]
                form.add_error(name if name in form.fields else None, errors)
        else:
            messages.success(request, _("已添加欠薪明细"))
            return redirect("clues:detail", pk=pk)
    return _detail(request, clue, line_form=form, status=400)


@login_required
@require_POST
def recovery(request: HttpRequest, pk: int, line: int) -> HttpResponse:
    require(request, "change")
    clue = get_clue(request, pk)
    row = get_object_or_404(ArrearsLine.objects.select_related("clue"), pk=line, clue=clue)
    form = _recovery_form(row, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.record_recovery(
                request.user, row, data["amount_recovered"], data["recovered_on"], data["method"]
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("已登记追回 %(name)s") % {"name": row.worker_name})
            return redirect("clues:detail", pk=pk)
    # Refused: the clue page again with this line's form open, its input and the error in it.
    return _detail(request, clue, recovery_bound=(row.pk, form), status=400)


@login_required
def attachment(request: HttpRequest, pk: int, attachment_id: int) -> FileResponse:
    """Streams a stored file to staff who may see the clue; never by a public URL."""
    require(request, "view")
    clue = get_clue(request, pk)
    item = get_object_or_404(Attachment.objects.filter(clue=clue), pk=attachment_id)
    try:
        handle = item.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    audit.record("clue.attachment", obj=clue, actor=request.user, after={"attachment": item.pk})
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=served_name(item.original_name, item.content_type),
        content_type=item.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
