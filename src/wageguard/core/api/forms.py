"""API schemas derived from the Django forms that declare an action's input: the pydantic type
of one form field (`field_spec`), and the body of a shared transitions route.

A workflow app declares each action's input once, as a Django form (its `actions` registry); the
route's schema is the action's name plus the union of the forms' fields, each optional and
described per action. Whether an action needs a field stays that action's form's rule, whose
message names the field, the same on the page and in the API.

A route that creates what a page form creates takes `form_schema(...)` as its body, binds the
page's form with it (`form_data`) and takes its `cleaned` data: the same checks and the same
words as the page."""

from collections.abc import Iterable
from decimal import Decimal
from typing import Any, Literal

from django import forms
from django.core.exceptions import ValidationError
from ninja import Field, Schema
from pydantic import create_model
from pydantic.fields import FieldInfo

from wageguard.core import dates
from wageguard.core.forms import is_multiline

from .types import Block, InputSchema, Line, date_in, datetime_in


def _policy(field: forms.Field) -> dates.DateRange:
    """The form field's date kind; a plain Django date field (none in the project: the edge
    contract test refuses them) is held to the search range, the widest plausible one."""
    return getattr(field, "policy", dates.SEARCH)


def _text_type(field: forms.Field) -> Any:
    return Block if is_multiline(field) else Line


def _values(field: forms.ChoiceField) -> list[str]:
    return [str(value) for value, _label in field.choices if value != ""]


def _is_yes_no(field: forms.Field) -> bool:
    """A choice typed to True/False (a yes/no select), which the API takes as a boolean."""
    if not isinstance(field, forms.TypedChoiceField):
        return False
    for value in _values(field):
        try:
            return isinstance(field.coerce(value), bool)
        except (TypeError, ValueError):
            return False
    return False


def field_spec(field: forms.Field, optional: bool = False, max_items: int = 100) -> tuple[Any, Any]:
    """The pydantic type and default of one form field: the same type the form's `clean` gives,
    so a service gets the same data from the page and from the API. `optional` makes a required
    field optional (a route shared by actions that each need their own fields)."""
    required = field.required and not optional
    info: dict = {"description": str(field.label or "")}
    if _is_yes_no(field):
        kind: Any = bool
    elif isinstance(field, forms.BooleanField):
        # A confirmation box: absent means not confirmed, as an unticked box on the page.
        return bool, Field(False, **info)
    elif isinstance(field, forms.TypedMultipleChoiceField):
        return list[int], Field(default_factory=list, max_length=max_items, **info)
    elif isinstance(field, forms.MultipleChoiceField):
        values = _values(field)
        item = Literal[tuple(values)] if values else str  # type: ignore[valid-type]
        return list[item], Field(default_factory=list, max_length=max_items, **info)
    elif isinstance(field, forms.TypedChoiceField):
        kind = int
    elif isinstance(field, forms.ChoiceField):
        values = _values(field)
        if not values:
            kind = str
        elif required:
            kind = Literal[tuple(values)]  # type: ignore[valid-type]
        else:
            return Literal[(*values, "")], Field("", **info)  # type: ignore[valid-type]
    elif isinstance(field, forms.DateTimeField):
        kind = datetime_in(_policy(field))
    elif isinstance(field, forms.DateField):
        kind = date_in(_policy(field))
    elif isinstance(field, forms.DecimalField):
        kind = Decimal
        info.update(max_digits=field.max_digits, decimal_places=field.decimal_places)
        if field.min_value is not None:
            info["ge"] = field.min_value
    elif isinstance(field, forms.IntegerField):
        kind = int
        if field.min_value is not None:
            info["ge"] = field.min_value
        if field.max_value is not None:
            info["le"] = field.max_value
    else:
        kind = _text_type(field)
        if field.max_length:
            info["max_length"] = field.max_length
        if not required:
            return kind, Field("", **info)
    if required:
        return kind, Field(..., **info)
    return kind | None, Field(None, **info)


def _describe(action: str, field: forms.Field) -> str:
    choices = getattr(field, "choices", None) if isinstance(field, forms.ChoiceField) else None
    values = "，".join(str(value) for value, _label in choices or () if value)
    return f"{action}：{field.label}" + (f"（{values}）" if values else "")


def _api_field(uses: list[tuple[str, forms.Field]]) -> tuple[type, Any]:
    """One field the actions share: its type from the first form that declares it, its
    description from every action that reads it."""
    first = uses[0][1]
    description = "；".join(_describe(action, field) for action, field in uses)
    if isinstance(first, forms.ModelChoiceField):
        return int | None, Field(None, description=description)
    if isinstance(first, forms.DateTimeField):
        return datetime_in(_policy(first)) | None, Field(None, description=description)
    if isinstance(first, forms.DateField):
        return date_in(_policy(first)) | None, Field(None, description=description)
    if isinstance(first, forms.BooleanField):
        return bool, Field(False, description=description)
    limit = max((getattr(field, "max_length", None) or 0 for _a, field in uses), default=0)
    return _text_type(first), Field("", max_length=limit or None, description=description)


def _with_examples(
    fields: dict[str, tuple[Any, Any]], examples: dict[str, Any] | None
) -> dict[str, tuple[Any, Any]]:
    """Each field's example for the spec (a client's first request, and the explicit examples
    schemathesis sends before it generates its own)."""
    for field_name, value in (examples or {}).items():
        kind, info = fields[field_name]
        fields[field_name] = (kind, FieldInfo.merge_field_infos(info, examples=[value]))
    return fields


def transition_schema(
    name: str,
    doc: str,
    action_type: Any,
    actions: Iterable[tuple[str, type[forms.Form]]],
    examples: dict[str, Any] | None = None,
) -> type[Schema]:
    """`name` must be unique across the API (the spec collapses same-named schemas);
    `action_type` is the Literal of the route's own action names; `examples` one example value
    per field (`action` included)."""
    uses: dict[str, list[tuple[str, forms.Field]]] = {}
    for action, form in actions:
        for field_name, field in form.base_fields.items():
            uses.setdefault(field_name, []).append((action, field))
    fields = {
        "action": (action_type, Field(..., description="办理操作")),
        **{field_name: _api_field(pairs) for field_name, pairs in uses.items()},
    }
    return create_model(name, __base__=InputSchema, __doc__=doc, **_with_examples(fields, examples))


def form_schema(
    name: str,
    doc: str,
    form: type[forms.Form],
    examples: dict[str, Any] | None = None,
    **overrides: tuple[Any, Any],
) -> type[Schema]:
    """The body of a route that takes what a page form takes: one field per form field, typed by
    `field_spec`; `overrides` replace a field whose page widget says nothing useful to a client
    (a select filled per user becomes an id or a code). `name` must be unique across the API."""
    fields = {
        field_name: overrides.get(field_name) or field_spec(field)
        for field_name, field in form.base_fields.items()
        if not isinstance(field, forms.FileField)
    } | dict(overrides)
    return create_model(name, __base__=InputSchema, __doc__=doc, **_with_examples(fields, examples))


def form_data(payload: Schema) -> dict[str, Any]:
    """A request body as a page form's data: absent values left out, so the form sees what a
    page that left the field empty would send."""
    return {key: value for key, value in payload.dict().items() if value is not None}


def cleaned(form: forms.BaseForm) -> dict[str, Any]:
    """The bound form's cleaned data, or its refusal as the ValidationError the API answers with
    a 422 naming the first field at fault: the page's validation, word for word."""
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    return form.cleaned_data
