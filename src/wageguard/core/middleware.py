"""Request id and the current request, so that log lines and audit events of one request match."""

import contextvars
import logging
import re
import uuid
from collections.abc import Callable

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _

_current_request: contextvars.ContextVar[HttpRequest | None] = contextvars.ContextVar(
    "wageguard_request", default=None
)
_SAFE_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


def current_request() -> HttpRequest | None:
    """The request being served in this thread, for audit rows written deep inside services."""
    return _current_request.get()


def client_address(request: HttpRequest | None) -> str:
    if request is None:
        return ""
    return request.META.get("REMOTE_ADDR", "") or ""


class RequestIdMiddleware:
    """Takes a proxy's X-Request-ID when it is well formed, otherwise makes one."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        request.request_id = incoming if _SAFE_ID.match(incoming) else uuid.uuid4().hex
        token = _current_request.set(request)
        try:
            response = self.get_response(request)
        finally:
            _current_request.reset(token)
        response["X-Request-ID"] = request.request_id
        return response


class RequestIdLogFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        request = _current_request.get()
        record.request_id = getattr(request, "request_id", "-") if request else "-"
        return True


# Where whole files of rows are uploaded for a background import (core.imports).
IMPORT_PATHS = ("/imports/",)


class BodyLimitMiddleware:
    """Refuses a request whose declared body is larger than `WAGEGUARD_MAX_BODY_BYTES` before
    anything reads it: Django would stream a 150 MB multipart upload to temporary files first and
    only then let the form say it is too big. The proxy caps it too (deploy/nginx.conf); this is
    the cap that holds when the app is served without one. A body sent without a length is
    capped by the proxy and by Django's DATA_UPLOAD_MAX_MEMORY_SIZE."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = settings.WAGEGUARD_MAX_BODY_BYTES
        if request.path.startswith(IMPORT_PATHS):
            limit = settings.WAGEGUARD_MAX_IMPORT_BYTES  # a province's month of payroll rows
        if length > limit:
            message = _("提交的内容过大（上限 %(mb)d MB），请减少或压缩附件后重试") % {
                "mb": limit // (1024 * 1024)
            }
            if request.path.startswith("/api/"):
                body = {"code": "too_large", "message": message, "field": None}
                return JsonResponse(body, status=413)
            response = HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")
            return response
        return self.get_response(request)


def small_body(request: HttpRequest, limit: int = 64 * 1024) -> bool:
    """Whether reading this request's body is cheap: a refusal may then keep what was typed."""
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0) <= limit
    except ValueError:
        return False


class DatabaseUnavailableMiddleware:
    """While the database is unreachable (a restart, a failover) a request answers 503 with
    Retry-After, not a 500: the worker's phone and an integration both know to try again, and
    nothing was half-written (the request's transaction never began or was rolled back)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, (OperationalError, InterfaceError)):
            return None
        logging.getLogger(__name__).warning("database unavailable: %s", type(exception).__name__)
        message = _("系统正在恢复，请稍后再试，您填写的内容没有提交")
        if request.path.startswith("/api/"):
            body = {"code": "unavailable", "message": message, "field": None}
            response: HttpResponse = JsonResponse(body, status=503)
        else:
            response = HttpResponse(message, status=503, content_type="text/plain; charset=utf-8")
        response["Retry-After"] = "5"
        return response


class ApiJsonErrorsMiddleware:
    """Under /api/ every error answers the API's JSON shape, never an HTML page: ninja's own 405
    ("Method not allowed" as text/html), Django's CSRF and 400 pages and any other HTML a lower
    layer produced are replaced by `{"code", "message", "field"}` with the same status and
    headers (Allow on a 405)."""

    PREFIX = "/api/"

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            response.status_code < 400
            or not request.path.startswith(self.PREFIX)
            or response.get("Content-Type", "").startswith("application/json")
            or getattr(response, "streaming", False)
        ):
            return response
        return self.as_json(response)

    @staticmethod
    def as_json(response: HttpResponse) -> HttpResponse:
        status = response.status_code
        words = {
            400: ("bad_request", _("请求无效或过大")),
            403: ("forbidden", _("无权执行此操作")),
            404: ("not_found", _("对象不存在或不在您的辖区内")),
            405: ("method_not_allowed", _("此接口不支持该请求方法")),
        }
        if status >= 500:
            code, message = "server_error", _("服务器内部错误，请稍后重试")
        else:
            code, message = words.get(status, (f"http_{status}", _("请求无法处理")))
        answer = JsonResponse({"code": code, "message": message, "field": None}, status=status)
        for header in ("Allow", "Retry-After", "WWW-Authenticate"):
            if header in response:
                answer[header] = response[header]
        return answer
