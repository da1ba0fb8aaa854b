"""The edge contract (issue 10, findings 5 and 7): every form and every API input cleans its text
with `core.text` and holds each date to a `core.dates` policy. A new form, schema or route
parameter that forgets either fails here, not in a county's ledger (NetBox's contract tests in
utilities/testing are the model).
"""

import datetime as dt
import importlib
import pkgutil
import types
import typing
from typing import Annotated, Any, get_args, get_origin

import pytest
from django import forms
from pydantic import BaseModel

import wageguard
from wageguard.core import dates
from wageguard.core.api.types import CleanText, InputSchema
from wageguard.core.forms import CleanInput, DateField, DateTimeField


def _import_everything() -> None:
    for module in pkgutil.walk_packages(wageguard.__path__, "wageguard."):
        if ".migrations" in module.name or module.name.endswith((".wsgi", ".asgi", ".cli")):
            continue
        importlib.import_module(module.name)


def _subclasses(cls: type) -> set[type]:
    found = set()
    for sub in cls.__subclasses__():
        found.add(sub)
        found |= _subclasses(sub)
    return found


@pytest.fixture(scope="module")
def project_forms(django_db_blocker) -> list[type[forms.BaseForm]]:
    with django_db_blocker.unblock():
        _import_everything()
    found = [cls for cls in _subclasses(forms.BaseForm) if cls.__module__.startswith("wageguard.")]
    assert len(found) > 40  # the walk found the project's forms
    return sorted(found, key=lambda cls: f"{cls.__module__}.{cls.__qualname__}")


def test_every_form_cleans_its_text(project_forms):
    missing = [
        f"{cls.__module__}.{cls.__qualname__}"
        for cls in project_forms
        if not issubclass(cls, CleanInput)
    ]
    assert not missing, f"forms not built on core.forms.Form/ModelForm/CleanInput: {missing}"


def test_every_form_date_has_a_policy(project_forms):
    missing = [
        f"{cls.__module__}.{cls.__qualname__}.{name}"
        for cls in project_forms
        for name, field in cls.base_fields.items()
        if isinstance(field, forms.DateField | forms.DateTimeField)
        and not isinstance(field, DateField | DateTimeField)
    ]
    assert not missing, f"date fields without a core.dates policy (core.forms.DateField): {missing}"


# -- the API ----------------------------------------------------------------------------------


def _operations():
    from wageguard.api.v1 import api

    for bound in api._get_bound_routers():
        for path, view in bound.path_operations.items():
            for operation in view.operations:
                yield f"{'/'.join(operation.methods)} {bound.prefix}{path}", operation


def _problems(annotation: Any, marks: tuple, owner_cleans: bool, where: str, seen: set) -> list:
    """Every str under `annotation` must be cleaned (a CleanText mark, or an InputSchema owner);
    every date must carry a DateRange mark."""
    origin = get_origin(annotation)
    if origin is Annotated:
        base, *extra = get_args(annotation)
        return _problems(base, marks + tuple(extra), owner_cleans, where, seen)
    if origin in (typing.Union, types.UnionType, list, tuple, set, dict):
        return [
            problem
            for arg in get_args(annotation)
            for problem in _problems(arg, marks, owner_cleans, where, seen)
        ]
    if origin is typing.Literal:
        return []
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return _model_problems(annotation, where, seen)
    if annotation is str:
        cleaned = owner_cleans or any(isinstance(mark, CleanText) for mark in marks)
        return [] if cleaned else [f"{where}: text not cleaned (InputSchema, Line or Block)"]
    if annotation in (dt.date, dt.datetime):
        ranged = any(isinstance(mark, dates.DateRange) for mark in marks)
        return [] if ranged else [f"{where}: date without a policy (core.api.types.date_in)"]
    return []


def _model_problems(model: type[BaseModel], where: str, seen: set) -> list:
    if model in seen:
        return []
    seen.add(model)
    owner_cleans = issubclass(model, InputSchema)
    problems = []
    for name, info in model.model_fields.items():
        problems += _problems(
            info.annotation, tuple(info.metadata), owner_cleans, f"{where} {name}", seen
        )
    return problems


def test_every_api_input_cleans_text_and_ranges_dates():
    operations = list(_operations())
    assert len(operations) > 40
    problems = []
    for where, operation in operations:
        for model in operation.signature.models:
            problems += _model_problems(model, where, set())
    assert not problems, "\n".join(problems)


def test_the_contract_walk_sees_a_forgotten_field():
    """The walk itself: a plain str and a plain date on a ninja Schema are reported."""
    from ninja import Schema

    class Forgotten(Schema):
        name: str
        day: dt.date | None = None

    problems = _model_problems(Forgotten, "x", set())
    assert len(problems) == 2


def test_the_cleaning_runs_on_an_input_schema():
    from wageguard.core.api.types import Block

    class Sample(InputSchema):
        name: str
        note: Block = ""
        tags: list[str] = []

    sample = Sample(name="张\x00三\n", note="a\r\nb\x0b", tags=["\u202ex"])
    assert (sample.name, sample.note, sample.tags) == ("张三", "a\nb", ["x"])


def test_the_cleaning_runs_on_a_form():
    from django.http import QueryDict

    from wageguard.core.forms import Form

    class Sample(Form):
        note = forms.CharField(max_length=3)
        note_detail = forms.CharField(widget=forms.Textarea)
        secret = forms.CharField(widget=forms.PasswordInput, strip=False)

    data = QueryDict(mutable=True)
    data.update({"note": "甲\x00乙\x0b丙", "note_detail": "一\r\n二\x1f", "secret": " p\x01 "})
    form = Sample(data)
    # Length is checked on the cleaned text ("甲乙 丙" is 4 > 3: refused, and shown cleaned).
    assert not form.is_valid() and "note" in form.errors
    assert form["note"].value() == "甲乙 丙"
    assert form.cleaned_data["note_detail"] == "一\n二"
    assert form.cleaned_data["secret"] == " p\x01 "  # a password is checked exactly as typed


def test_an_api_limit_holds_for_the_raw_value():
    """The spec's maxLength is what a client reads: a value over it is refused even when the
    cleaning would have brought it under (schemathesis checks this)."""
    from ninja import Field
    from pydantic import ValidationError

    class Sample(InputSchema):
        name: str = Field(..., max_length=3)

    assert Sample(name="ab\x00").name == "ab"
    with pytest.raises(ValidationError):
        Sample(name="ab\x00\x00")
