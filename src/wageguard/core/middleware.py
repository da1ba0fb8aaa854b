"""Request id and the current request, so that log lines and audit events of one request match."""

import contextvars
import logging
import re
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

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
