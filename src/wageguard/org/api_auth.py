"""API authentication: the browser session (with CSRF) or `Authorization: Bearer <token>`."""

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.utils import timezone
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer, SessionAuth

from wageguard.core import audit

from .models import ApiToken


class BearerToken(HttpBearer):
    """Every use of a token is audited: an integration acts with its user's rights and name.

    A presented token that is wrong or revoked is refused outright rather than falling back to the
    browser session, so a revoked integration never keeps working by accident.
    """

    def authenticate(self, request: HttpRequest, token: str):
        if not token.startswith(ApiToken.PREFIX):
            raise AuthenticationError()
        row = (
            ApiToken.objects.active()
            .select_related("user__agency__region")
            .filter(key_hash=ApiToken.hash_key(token))
            .first()
        )
        if row is None or not row.user.is_active:
            raise AuthenticationError()
        now = timezone.now()
        ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
        request.user = row.user
        request.api_token = row
        audit.record(
            "token.use",
            obj=row,
            actor=row.user,
            request=request,
            after={"method": request.method, "path": request.path},
        )
        return row.user


class Session(SessionAuth):
    def authenticate(self, request: HttpRequest, key):
        user = super().authenticate(request, key)
        if user is None or isinstance(user, AnonymousUser):
            return None
        return user


AUTH = [BearerToken(), Session()]
