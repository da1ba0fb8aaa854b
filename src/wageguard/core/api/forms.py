"""The body of a shared transitions route, derived from the forms of the actions it takes.

A workflow app declares each action's input once, as a Django form (its `actions` registry); the
route's schema is the action's name plus the union of the forms' fields, each optional and
described per action. Whether an action needs a field stays that action's form's rule, whose
message names the field, the same on the page and in the API."""

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django import forms
from ninja import Field, Schema
from pydantic import create_model


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
    if isinstance(first, forms.DateField):
        return dt.date | None, Field(None, description=description)
    if isinstance(first, forms.BooleanField):
        return bool, Field(False, description=description)
    limit = max((getattr(field, "max_length", None) or 0 for _a, field in uses), default=0)
    return str, Field("", max_length=limit or None, description=description)


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
        __base__=Schema,
        __doc__=doc,
        action=(action_type, Field(..., description="办理操作")),
        **fields,
    )
