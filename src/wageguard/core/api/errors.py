"""One JSON error shape for the whole API: `{"code", "message", "field"}` (DESIGN: Errors).

The API never answers HTML: validation errors are 422 naming the field with a message in the UI
language (pydantic's English replaced), a URL no route matches is a JSON 404, a method the route
does not take a JSON 405 (`core.middleware.ApiJsonErrorsMiddleware`), and an unhandled exception
a JSON 500 (`handler500`; ninja leaves it to Django, which logs it through `core.logs`)."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import defaults
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from wageguard.core.throttle import Throttled


class ErrorOut(Schema):
    """The body of every 4xx answer; `field` names the input at fault, when one is."""

    code: str
    message: str
    field: str | None = None


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


# pydantic's error types, in words a user reads (its own messages are English only).
_MESSAGES = {
    "missing": gettext_lazy("此项必填"),
    "string_too_long": gettext_lazy("不能超过 %(max_length)s 个字"),
    "string_too_short": gettext_lazy("不能少于 %(min_length)s 个字"),
    "too_long": gettext_lazy("最多 %(max_length)s 项"),
    "too_short": gettext_lazy("至少 %(min_length)s 项"),
    "string_type": gettext_lazy("须为文本"),
    "date_parsing": gettext_lazy("请使用 YYYY-MM-DD 格式的日期"),
    "date_type": gettext_lazy("请使用 YYYY-MM-DD 格式的日期"),
    "date_from_datetime_parsing": gettext_lazy("请使用 YYYY-MM-DD 格式的日期"),
    "date_from_datetime_inexact": gettext_lazy("请使用 YYYY-MM-DD 格式的日期"),
    "datetime_parsing": gettext_lazy("请使用 YYYY-MM-DDTHH:MM 格式的时间"),
    "datetime_type": gettext_lazy("请使用 YYYY-MM-DDTHH:MM 格式的时间"),
    "datetime_from_date_parsing": gettext_lazy("请使用 YYYY-MM-DDTHH:MM 格式的时间"),
    "int_parsing": gettext_lazy("须为整数"),
    "int_type": gettext_lazy("须为整数"),
    "int_from_float": gettext_lazy("须为整数"),
    "decimal_parsing": gettext_lazy("须为数字"),
    "decimal_type": gettext_lazy("须为数字"),
    "float_parsing": gettext_lazy("须为数字"),
    "float_type": gettext_lazy("须为数字"),
    "finite_number": gettext_lazy("须为数字"),
    "decimal_max_digits": gettext_lazy("数字位数过多"),
    "decimal_max_places": gettext_lazy("小数位数过多"),
    "decimal_whole_digits": gettext_lazy("数字位数过多"),
    "greater_than_equal": gettext_lazy("不能小于 %(ge)s"),
    "greater_than": gettext_lazy("须大于 %(gt)s"),
    "less_than_equal": gettext_lazy("不能大于 %(le)s"),
    "less_than": gettext_lazy("须小于 %(lt)s"),
    "literal_error": gettext_lazy("取值无效，可选：%(expected)s"),
    "enum": gettext_lazy("取值无效，可选：%(expected)s"),
    "bool_parsing": gettext_lazy("须为 true 或 false"),
    "bool_type": gettext_lazy("须为 true 或 false"),
    "list_type": gettext_lazy("须为数组"),
    "dict_type": gettext_lazy("须为对象"),
    "model_type": gettext_lazy("须为对象"),
    "model_attributes_type": gettext_lazy("须为对象"),
    "json_invalid": gettext_lazy("JSON 格式错误"),
}


def validation_message(error: dict) -> str:
    """One pydantic error in words: our own validators' reasons as raised, pydantic's own
    errors by type, anything else a general "input invalid"."""
    kind = str(error.get("type", ""))
    ctx = error.get("ctx") or {}
    if kind in {"value_error", "assertion_error"}:
        reason = ctx.get("error")
        if reason is not None and str(reason):
            return str(reason)
        return str(error.get("msg", "")).removeprefix("Value error, ") or _("输入无效")
    template = _MESSAGES.get(kind)
    if template is None:
        # A custom error of our own (PydanticCustomError) carries its words; pydantic's own
        # messages are English, so an unmapped one reads as a general refusal.
        message = str(error.get("msg", ""))
        return message if message and not message.isascii() else _("输入无效")
    try:
        return str(template) % {key: value for key, value in ctx.items()}
    except (KeyError, TypeError, ValueError):
        return _("输入无效")


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
        message = validation_message(first) if first else _("输入无效")
        if field:
            message = f"{field}: {message}"
        return body(api, request, 422, "validation_error", message, field)

    @api.exception_handler(AuthenticationError)
    def _auth(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return body(api, request, 401, "unauthorized", _("需要登录或有效的接口令牌"), None)

    @api.exception_handler(Throttled)
    def _throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
        return body(api, request, 429, "rate_limited", exc.message, None)

    @api.exception_handler(Http404)
    def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return body(api, request, 404, "not_found", _("对象不存在或不在您的辖区内"), None)

    @api.exception_handler(PermissionDenied)
    def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return body(api, request, 403, "forbidden", str(exc) or _("无权执行此操作"), None)

    @api.exception_handler(DjangoValidationError)
    def _django_validation(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        """Services raise Django's ValidationError; the first message and its field go out."""
        if hasattr(exc, "error_dict"):
            field, errors = next(iter(exc.error_dict.items()))
            message = errors[0].messages[0] if errors else _("输入无效")
            field = None if field == "__all__" else field
        else:
            field, message = None, exc.messages[0] if exc.messages else _("输入无效")
        return body(api, request, 422, "validation_error", message, field)

    @api.exception_handler(SuspiciousOperation)
    def _suspicious(request: HttpRequest, exc: SuspiciousOperation) -> HttpResponse:
        """A body over DATA_UPLOAD_MAX_MEMORY_SIZE and the like: a bad request, in our shape."""
        return body(api, request, 400, "bad_request", _("请求无效或过大"), None)

    @api.exception_handler(HttpError)
    def _http(request: HttpRequest, exc: HttpError) -> HttpResponse:
        return body(api, request, exc.status_code, f"http_{exc.status_code}", str(exc), None)


API_PREFIX = "/api/"


def handler500(request: HttpRequest) -> HttpResponse:
    """An unhandled exception (ninja leaves it to Django, which logs it) answers the API's JSON
    shape under /api/; elsewhere the Chinese error page (templates/500.html)."""
    if request.path.startswith(API_PREFIX):
        return JsonResponse(
            {"code": "server_error", "message": _("服务器内部错误，请稍后重试"), "field": None},
            status=500,
        )
    return defaults.server_error(request)


def handler404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """Django's 404 for a URL no route matches (`/api/v1/clues/abc` where an id is an int): under
    /api/ it answers the API's JSON shape like every other 404, elsewhere the usual page."""
    if request.path.startswith(API_PREFIX):
        return JsonResponse(
            {"code": "not_found", "message": _("对象不存在或不在您的辖区内"), "field": None},
            status=404,
        )
    return defaults.page_not_found(request, exception)
