"""API schemas derived from the Django forms that declare an action's input: the pydantic type
of one form field (`field_spec`), and the body of a shared transitions route.

A workflow app declares each action's input once, as a Django form (its `actions` registry); the
route's schema is the action's name plus the union of the forms' fields, each optional and
described per action. Whether an action needs a field stays that action's form's rule, whose
message names the field, the same on the page and in the API."""

from collections.abc import Iterable
from decimal import Decimal
from typing import Any, Literal

from django import forms
from ninja import Field, Schema
from pydantic import create_model

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


def transition_schema(
    name: str, doc: str, action_type: Any, actions: Iterable[tuple[str, type[forms.Form]]]
) -> type[Schema]:
    """`name` must be unique across the API (the spec collapses same-named schemas);
    `action_type` is the Literal of the route's own action names."""
    uses: dict[str, list[tuple[str, forms.Field]]] = {}
    for action, form in actions:
        for field_name, field in form.base_fields.items():
            uses.setdefault(field_name, []).append((action, field))
    fields = {field_name: _api_field(pairs) for field_name, pairs in uses.items()}
    return create_model(
        name,
        __base__=InputSchema,
        __doc__=doc,
        action=(action_type, Field(..., description="办理操作")),
        **fields,
    )
