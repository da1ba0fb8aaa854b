"""Issue 14: the province's reply templates (答复常用语), kept on the clue settings page by the
province's administrator, offered on the clue's forms with a reply text."""

import pytest
from django.urls import reverse

from wageguard.clues.models import ReplyTemplate
from wageguard.core.models import AuditEvent
from wageguard.org.bootstrap import create_agencies
from wageguard.org.rules import Role

from .conftest import submit

pytestmark = pytest.mark.django_db

TEXT = "经核查，用人单位已足额支付拖欠的工资，请您核对。如有疑问请拨打 12333。"


@pytest.fixture(autouse=True)
def _agencies(db):
    create_agencies("51")


def _add(client, **over):
    data = {"tpl-title": "已足额支付", "tpl-text": TEXT, **over}
    return client.post(reverse("clues:reply-template-add"), data)


def test_province_admin_keeps_templates_and_reply_form_offers_them(client, make_user, raw):
    client.force_login(make_user("sc-admin", Role.ADMIN, "510000"))
    response = _add(client)
    assert response.status_code == 302 and response["Location"].endswith("#reply-templates")
    assert ReplyTemplate.objects.get().text == TEXT
    assert AuditEvent.objects.filter(action="clue_reply_template.add").count() == 1
    duplicate = _add(client, **{"tpl-text": "另一段"})
    assert duplicate.status_code == 400 and "已有同名的常用语" in duplicate.content.decode()
    assert "另一段" in duplicate.content.decode()  # the input kept
    page = client.get(reverse("clue-settings")).content.decode()
    assert "已足额支付" in page and 'data-testid="reply-template-form"' in page

    inspector = make_user("wuhou-inspector", Role.INSPECTOR, "510107")
    client.force_login(inspector)
    clue = submit(raw)
    page = client.get(f"/clues/{clue.pk}/").content.decode()
    # The refusal form's written reply (不予受理) has a reply text: the templates are offered.
    assert 'data-insert-into="id_reject-reply_text"' in page
    assert f'<option value="{TEXT}">已足额支付</option>' in page


def test_other_staff_read_but_do_not_change_them(client, make_user):
    client.force_login(make_user("wuhou-inspector", Role.INSPECTOR, "510107"))
    assert _add(client).status_code == 403
    assert not ReplyTemplate.objects.exists()
    page = client.get(reverse("clue-settings")).content.decode()
    assert 'data-testid="reply-templates"' in page
    assert 'data-testid="reply-template-form"' not in page
