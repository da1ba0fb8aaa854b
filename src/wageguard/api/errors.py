"""One JSON error shape for the whole API: `{"code", "message", "field"}` (DESIGN: Errors)."""

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError


class ApiError(Exception):
    """Raised by API code for a 4xx that names a field; services raise Django's ValidationError."""

    def __init__(self, status: int, code: str, message: str, field: str | None = None):
        super().__init__(message)
        self.status, self.code, self.message, self.field = status, code, message, field


def _field_of(loc: list) -> str | None:
    # ninja locations look like ["body", "payload", "addresses", 0]; the field is the last name.
    names = [
        str(p)
        for p in loc
        if isinstance(p, str) and p not in {"body", "query", "path", "header", "payload"}
    ]
    return names[-1] if names else None


def install(api: NinjaAPI) -> None:
    def body(api_: NinjaAPI, request: HttpRequest, status: int, code: str, message: str, field):
        return api_.create_response(
            request, {"code": code, "message": message, "field": field}, status=status
        )

    @api.exception_handler(ApiError)
    def _api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
        return body(api, request, exc.status, exc.code, exc.message, exc.field)

    @api.exception_handler(NinjaValidationError)
    def _validation(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        first = exc.errors[0] if exc.errors else {}
        field = _field_of(list(first.get("loc", [])))
        message = first.get("msg", "输入无效")
        if field:
            message = f"{field}: {message}"
        return body(api, request, 422, "validation_error", message, field)

    @api.exception_handler(AuthenticationError)
    def _auth(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return body(api, request, 401, "unauthorized", "需要登录或有效的接口令牌", None)

    @api.exception_handler(HttpError)
    def _http(request: HttpRequest, exc: HttpError) -> HttpResponse:
        return body(api, request, exc.status_code, f"http_{exc.status_code}", str(exc), None)
