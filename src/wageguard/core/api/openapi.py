"""The 4xx answers of every route, declared in the spec from what the route can really return.

The error handlers in `errors` answer every failure with the same `ErrorOut` body, so which codes
a route can return follows from its shape, not from its code:
- behind authentication: 401 (no or bad credentials) and 403 (no permission, CSRF);
- a path id or a body: 404 (ids in either are read through `restrict()`, and a row outside the
  caller's jurisdiction is not found);
- any input: 422; a body: 400 (unparseable or too large);
- a throttled route: 429.
Deriving them here keeps the spec truthful without a `response={...}` on every route, and lets
schemathesis check status-code conformance.
"""

from collections.abc import Iterable
from http import HTTPStatus
from typing import Any

from ninja import NinjaAPI
from ninja.openapi.schema import REF_TEMPLATE, OpenAPISchema
from ninja.operation import Operation
from ninja.schema import NinjaGenerateJsonSchema

from .errors import ErrorOut

BODY_SOURCES = {"body", "form", "file"}


def error_codes(operation: Operation, throttled: bool = False) -> list[int]:
    """The 4xx codes this operation can answer, from its auth, parameters and throttling."""
    sources = {getattr(m, "__ninja_param_source__", None) for m in operation.models}
    codes: set[int] = set()
    if operation.auth_callbacks:
        codes |= {401, 403}
    if "path" in sources or sources & BODY_SOURCES:
        codes.add(404)
    if sources & BODY_SOURCES:
        codes.add(400)
    if sources - {None}:
        codes.add(422)
    if throttled:
        codes.add(429)
    return sorted(codes)


class _Schema(OpenAPISchema):
    """ninja's generator with each operation's error answers added to its declared ones."""

    def responses(self, operation: Operation) -> dict[int, Any]:
        result = super().responses(operation)
        api: WageGuardAPI = self.api  # type: ignore[assignment]
        throttled = getattr(operation, "url_name", None) in api.throttled_routes
        codes = error_codes(operation, throttled)
        if codes:
            self.schemas[ErrorOut.__name__] = ErrorOut.model_json_schema(
                ref_template=REF_TEMPLATE,
                schema_generator=NinjaGenerateJsonSchema,
                mode="serialization",
            )
        ref = {"$ref": REF_TEMPLATE.format(model=ErrorOut.__name__)}
        for code in codes:
            result.setdefault(
                code,
                {
                    "description": HTTPStatus(code).phrase,
                    "content": {self.api.renderer.media_type: {"schema": ref}},
                },
            )
        return result


class WageGuardAPI(NinjaAPI):
    """A NinjaAPI whose spec declares each route's error answers (see the module docstring).

    `throttled_routes` names (by `url_name`) the routes that count requests per client and may
    answer 429; nothing in a route's signature shows that.
    """

    def __init__(self, *args: Any, throttled_routes: Iterable[str] = (), **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.throttled_routes = frozenset(throttled_routes)

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        return _Schema(api=self, path_prefix=path_prefix)
