"""Case API actions under /api/v1/cases/{id}/...: one endpoint per action of `cases.actions`,
made here from its declaration (route, input schema derived from the action's form, answer).
Each reads the case through `restrict` (another jurisdiction's case is a 404, and so is a row of
another case), and changes it only through the action's service, which checks the role's
permission (403) and the rules (422 naming the field). Workflow steps share `/transition` and
measures share `/measures`, the body naming which (`action`, `kind`)."""

import inspect
from typing import Any, Literal

from django import forms
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, File, Form, Router, Schema, UploadedFile
from pydantic import create_model

from wageguard.core.api.forms import field_spec
from wageguard.core.api.types import InputSchema

from ..actions import ACTIONS, CaseAction
from ..models import EnforcementCase

actions_router = Router(tags=["cases"])
MAX_ITEMS = 100


def _camel(name: str) -> str:
    return "".join(part.capitalize() for part in name.split("_"))


def _fields(form: forms.Form, optional: bool = False) -> dict[str, tuple[Any, Any]]:
    return {
        name: field_spec(field, optional, max_items=MAX_ITEMS)
        for name, field in form.fields.items()
        if not isinstance(field, forms.FileField)
    }


def input_schema(action: CaseAction) -> type[Schema]:
    """`Case<Name>In`, derived from the action's form."""
    fields = _fields(action.unbound_form())
    return create_model(f"Case{_camel(action.name)}In", __base__=InputSchema, **fields)


def group_schema(name: str, key: str, members: list[CaseAction]) -> type[Schema]:
    """The body of a shared route: the member's name under `key`, and the fields of every
    member's form, each optional (a member takes only its own)."""
    fields: dict[str, tuple[Any, Any]] = {}
    for action in members:
        for field, spec in _fields(action.unbound_form(), optional=True).items():
            fields.setdefault(field, spec)
    values = tuple(action.api.value for action in members)
    fields = {key: (Literal[values], Field(...)), **fields}  # type: ignore[valid-type]
    return create_model(f"Case{_camel(name)}In", __base__=InputSchema, **fields)


def _case(request: HttpRequest, case_id: int) -> EnforcementCase:
    return get_object_or_404(EnforcementCase.objects.restrict(request.user, "view"), pk=case_id)


def _row_param(path: str) -> str | None:
    """The row's id parameter of a path ("workers/{int:worker_id}/recovery" -> worker_id)."""
    if "{" not in path:
        return None
    return path.split("{", 1)[1].split("}", 1)[0].split(":")[-1]


def execute(request: HttpRequest, action: CaseAction, case_id: int, row_id: int | None, data):
    """Finds the case (and the row) within the viewer's jurisdiction and runs the service."""
    case = _case(request, case_id)
    target = case
    if action.row is not None:
        target = get_object_or_404(action.row.objects.filter(case=case), pk=row_id)
    return action.api_out(action.run(target, request.user, data))


def _endpoint(name: str, params: list[tuple[str, Any, Any]], run) -> Any:
    """A view whose signature ninja reads from `params` (name, annotation, default)."""

    def view(request: HttpRequest, **kwargs):
        return run(request, **kwargs)

    empty = inspect.Parameter.empty
    view.__signature__ = inspect.Signature(
        [inspect.Parameter("request", inspect.Parameter.POSITIONAL_OR_KEYWORD)]
        + [
            inspect.Parameter(
                n, inspect.Parameter.KEYWORD_ONLY, annotation=a, default=empty if d is ... else d
            )
            for n, a, d in params
        ]
    )
    view.__name__ = name
    return view


def _register(action: CaseAction) -> None:
    schema = input_schema(action)
    row = _row_param(action.api.path)
    multipart = any(isinstance(f, forms.FileField) for f in action.unbound_form().fields.values())
    params: list[tuple[str, Any, Any]] = [("case_id", int, ...)]
    if row:
        params.append((row, int, ...))
    if multipart:
        params += [("payload", Form[schema], ...), ("upload", File[UploadedFile], None)]
    else:
        params.append(("payload", schema, ...))

    def run(request: HttpRequest, case_id: int, payload: Schema, upload=None, **rest):
        data = payload.dict()
        if multipart:
            data["upload"] = upload
        return execute(request, action, case_id, rest.get(row) if row else None, data)

    actions_router.post(
        f"/{{int:case_id}}/{action.api.path}",
        response=action.out,
        url_name=action.api.name,
        summary=str(action.api.summary or action.label),
        description=action.api.description,
        operation_id=action.api.name,
    )(_endpoint(action.api.name, params, run))


def _register_group(members: list[CaseAction]) -> None:
    route = members[0].api
    by_value = {action.api.value: action for action in members}
    schema = group_schema(route.group, route.key, members)

    def run(request: HttpRequest, case_id: int, payload: Schema):
        body = payload.dict()
        action = by_value[body[route.key]]
        own = action.unbound_form().fields
        data = {k: v for k, v in body.items() if k in own}
        return execute(request, action, case_id, None, data)

    actions_router.post(
        f"/{{int:case_id}}/{route.path}",
        response=members[0].out,
        url_name=route.name,
        summary=str(route.summary),
        description=route.description,
        operation_id=route.name,
    )(_endpoint(route.name, [("case_id", int, ...), ("payload", schema, ...)], run))


def _build() -> None:
    groups: dict[str, list[CaseAction]] = {}
    for action in ACTIONS:
        if action.api.group:
            groups.setdefault(action.api.group, []).append(action)
        else:
            _register(action)
    for members in groups.values():
        _register_group(members)


_build()
