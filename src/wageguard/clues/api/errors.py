"""A service's ValidationError as the API's 422 naming the field."""

from django.core.exceptions import ValidationError
from django.http import HttpRequest

from wageguard.core.api.errors import ApiError


def invalid(exc: ValidationError) -> ApiError:
    field, messages = next(iter(exc.message_dict.items()))
    return ApiError(
        422, "validation_error", f"{field}: {messages[0]}", None if field == "__all__" else field
    )


def client(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR", "")
