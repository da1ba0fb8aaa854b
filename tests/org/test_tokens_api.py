"""Integration tokens: shown once, stored hashed, revocable, every use audited; `/api/v1/me`."""

import io
import re

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.urls import reverse

from wageguard.core.models import AuditEvent
from wageguard.org import services
from wageguard.org.models import ApiToken
from wageguard.org.rules import Role

pytestmark = pytest.mark.django_db


def _bearer(key: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_cli_token_prints_key_last_and_stores_only_its_hash(make_user, client):
    make_user("hotline", Role.CLERK, "510107")
    out = io.StringIO()
    call_command("token", "create", "--user", "hotline", stdout=out)
    key = out.getvalue().strip().splitlines()[-1]
    assert key.startswith("wg_") and len(key) > 40
    row = ApiToken.objects.get(user__username="hotline")
    assert row.key_hash == ApiToken.hash_key(key) and key not in (row.key_hash, row.key_prefix)
    me = client.get("/api/v1/me", **_bearer(key))
    assert me.status_code == 200
    body = me.json()
    assert body["username"] == "hotline" and body["agency"]["region"] == "510107"
    assert body["jurisdiction"] == ["510107"]
    use = AuditEvent.objects.filter(action="token.use").latest("seq")
    assert use.actor_name == "hotline" and use.after["path"] == "/api/v1/me"


def test_revoked_or_wrong_token_is_refused_with_json_error(make_user, client):
    user = make_user("hotline", Role.CLERK, "510107")
    token, key = services.create_token(None, user, "12333")
    services.revoke_token(None, token)
    for header in (_bearer(key), _bearer("wg_forged"), {}):
        response = client.get("/api/v1/me", **header)
        assert response.status_code == 401
        assert response.json()["code"] == "unauthorized"


def test_session_auth_on_api(make_user, client):
    client.force_login(make_user("w", Role.INSPECTOR, "510107"))
    assert client.get("/api/v1/me").json()["role"] == Role.INSPECTOR


def test_admin_creates_and_revokes_tokens_only_in_jurisdiction(make_user, client):
    admin = make_user("w-admin", Role.ADMIN, "510107")
    target = make_user("w-clerk", Role.CLERK, "510107", is_integration=True)
    foreign = make_user("jj-clerk", Role.CLERK, "510104", is_integration=True)
    client.force_login(admin)
    page = client.post(reverse("token-create", args=[target.pk]), {"name": "12333 对接"})
    key = page.content.decode().split('data-testid="token">')[1].split("<")[0]
    assert client.get("/api/v1/me", **_bearer(key)).json()["username"] == "w-clerk"
    assert ApiToken.objects.get(user=target).created_by == admin  # the actor is recorded
    assert client.post(reverse("token-create", args=[foreign.pk]), {"name": "x"}).status_code == 404
    token = ApiToken.objects.get(user=target)
    client.post(reverse("token-revoke", args=[token.pk]))
    assert client.get("/api/v1/me", **_bearer(key)).status_code == 401
    foreign_token, _ = services.create_token(None, foreign, "x")
    assert client.post(reverse("token-revoke", args=[foreign_token.pk])).status_code == 404
    foreign_token.refresh_from_db()
    assert foreign_token.revoked_at is None


def test_openapi_spec_and_docs_are_served_locally(client, make_user):
    spec = client.get("/api/v1/openapi.json")
    assert spec.status_code == 200
    assert spec.json()["openapi"].startswith("3.")
    client.force_login(make_user("w", Role.INSPECTOR, "510107"))
    docs = client.get("/api/v1/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in docs
    # Every script and stylesheet from this server: no CDN (the CSRF token in the page is random
    # text, so a search for "cdn" in the whole page fails now and then).
    addresses = re.findall(r'(?:src|href)="([^"]*)"', docs)
    assert addresses and all(a.startswith("/") and not a.startswith("//") for a in addresses)


def test_an_administrator_cannot_mint_a_token_for_a_person(make_user, client):
    """Issue 10, finding 2: a county administrator minted an inspector's token and read, as the
    inspector, what the pages refuse the administrator."""
    admin = make_user("w-admin", Role.ADMIN, "510107")
    inspector = make_user("w-insp", Role.INSPECTOR, "510107")
    client.force_login(admin)
    page = client.get(reverse("user-edit", args=[inspector.pk])).content.decode()
    assert reverse("token-create", args=[inspector.pk]) not in page
    response = client.post(reverse("token-create", args=[inspector.pk]), {"name": "x"})
    assert response.status_code == 403
    assert not ApiToken.objects.filter(user=inspector).exists()
    with pytest.raises(PermissionDenied, match="本人"):
        services.create_token(admin, inspector, "x")
    assert not AuditEvent.objects.filter(action="token.create").exists()


def test_a_person_mints_and_revokes_their_own_token(make_user, client):
    inspector = make_user("w-insp", Role.INSPECTOR, "510107")
    client.force_login(inspector)
    assert "我的接口令牌" in client.get(reverse("my-tokens")).content.decode()
    page = client.post(reverse("token-create", args=[inspector.pk]), {"name": "脚本"})
    key = page.content.decode().split('data-testid="token">')[1].split("<")[0]
    assert client.get("/api/v1/me", **_bearer(key)).json()["username"] == "w-insp"
    token = ApiToken.objects.get(user=inspector)
    assert token.created_by == inspector
    assert client.post(reverse("token-revoke", args=[token.pk])).status_code == 302
    assert client.get("/api/v1/me", **_bearer(key)).status_code == 401
    # Nobody else's: another inspector's token is not theirs to revoke.
    other = make_user("w-insp2", Role.INSPECTOR, "510107")
    other_token, _ = services.create_token(other, other, "x")
    assert client.post(reverse("token-revoke", args=[other_token.pk])).status_code == 404
    assert client.post(reverse("token-create", args=[other.pk]), {"name": "x"}).status_code == 404
