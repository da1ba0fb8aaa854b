"""Clue limits are shown to all staff and changed only by the province's administrator."""

import pytest
from django.urls import reverse

from wageguard.clues.models import ClueSettings
from wageguard.core.models import AuditEvent
from wageguard.org.rules import Role

pytestmark = pytest.mark.django_db


def form(**over):
    data = {
        "accept_days": 5,
        "reply_days": 10,
        "supervision_days": 5,
        "reopen_days": 15,
        "due_soon_days": 2,
        "duplicate_window_days": 90,
        "urgent_workers": 10,
        "urgent_amount": "500000",
        "urgent_keywords": "跳楼,堵路",
        "festival_window_days": 30,
        "public_id_required": "on",
    }
    data.update(over)
    return data


def test_inspector_reads_the_limits(client, make_user):
    client.force_login(make_user("w", Role.INSPECTOR, "510107"))
    page = client.get(reverse("clue-settings"))
    assert page.status_code == 200 and "核查答复时限" in page.content.decode()
    assert client.post(reverse("clue-settings"), form(reply_days=3)).status_code == 403
    assert ClueSettings.for_province().reply_days == 10


def test_only_the_province_admin_changes_them(client, make_user):
    client.force_login(make_user("cd-admin", Role.ADMIN, "510100"))
    assert client.post(reverse("clue-settings"), form(reply_days=8)).status_code == 403
    client.force_login(make_user("sc-admin", Role.ADMIN, "510000"))
    bad = client.post(reverse("clue-settings"), form(accept_days=7))
    assert bad.status_code == 200 and 'data-field="accept_days"' in bad.content.decode()
    ok = client.post(reverse("clue-settings"), form(reply_days=8, urgent_workers=20))
    assert ok.status_code == 302
    row = ClueSettings.for_province()
    assert row.reply_days == 8 and row.urgency.workers == 20
    event = AuditEvent.objects.filter(action="clue_settings.update").latest("seq")
    assert event.before["reply_days"] == 10 and event.after["reply_days"] == 8


def test_the_province_decides_whether_the_public_must_give_an_id_number(client, make_user):
    client.force_login(make_user("w", Role.INSPECTOR, "510107"))
    html = client.get(reverse("clue-settings")).content.decode()
    assert "网上反映须填写身份证号码" in html and 'name="public_id_required"' in html
    assert ClueSettings.for_province().public_id_required  # required unless the province says
    client.force_login(make_user("sc-admin", Role.ADMIN, "510000"))
    data = form()
    del data["public_id_required"]  # the box unticked
    assert client.post(reverse("clue-settings"), data).status_code == 302
    assert not ClueSettings.for_province().public_id_required
    event = AuditEvent.objects.filter(action="clue_settings.update").latest("seq")
    assert event.before["public_id_required"] is True
    assert event.after["public_id_required"] is False
