"""Staff entry from other channels and listed supervision from the detail page."""

import pytest
from django.urls import reverse

from wageguard.clues import services
from wageguard.clues.models import Clue, Supervision
from wageguard.clues.validation import clean_intake
from wageguard.org.bootstrap import create_agencies
from wageguard.org.rules import Role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _agencies(db):
    create_agencies("51")


def test_hotline_clerk_registers_a_call_with_its_receipt_time(client, make_user):
    clerk = make_user("w-clerk", Role.CLERK, "510107")
    client.force_login(clerk)
    assert client.get(reverse("clues:new")).status_code == 200
    response = client.post(
        reverse("clues:new"),
        {
            "channel": "hotline_12333",
            "received_at": "2026-09-29T10:00",
            "sector": "construction",
            "employer_name": "四川鑫达建筑工程有限公司",
            "work_address": "成都市武侯区人民南路四段 12 号",
            "description": "来电反映拖欠工资",
            "phone": "13800001111",
        },
    )
    clue = Clue.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "clues:detail", args=[clue.pk]
    )
    assert clue.channel == "hotline_12333" and clue.created_by == clerk
    assert str(clue.due_date) == "2026-10-12"  # 5 working days over National Day


def test_staff_form_names_the_bad_field(client, make_user):
    client.force_login(make_user("w-clerk", Role.CLERK, "510107"))
    response = client.post(
        reverse("clues:new"),
        {
            "channel": "window",
            "sector": "other",
            "employer_name": "某公司",
            "work_address": "成都市武侯区",
            "description": "x",
            "id_number": "123",
        },
    )
    assert response.status_code == 200 and 'data-field="id_number"' in response.content.decode()
    assert not Clue.objects.exists()


def test_auditor_cannot_register(client, make_user):
    client.force_login(make_user("aud", Role.AUDITOR, "510107"))
    assert client.get(reverse("clues:new")).status_code == 403


def test_listed_supervision_from_the_detail_page(client, make_user, raw):
    clue = services.intake(clean_intake(raw(), public=True)).clue
    prefecture = make_user("cd-sup", Role.SUPERVISOR, "510100")
    county = make_user("w-insp", Role.INSPECTOR, "510107")
    client.force_login(county)
    assert (
        'data-testid="list-supervision"'
        not in client.get(reverse("clues:detail", args=[clue.pk])).content.decode()
    )
    client.force_login(prefecture)
    assert (
        'data-testid="list-supervision"'
        in client.get(reverse("clues:detail", args=[clue.pk])).content.decode()
    )
    client.post(reverse("clues:supervise", args=[clue.pk]), {"note": "五日内查清"})
    row = Supervision.objects.get(clue=clue, kind="listed")
    client.force_login(county)
    page = client.get(reverse("clues:detail", args=[clue.pk])).content.decode()
    assert 'data-testid="listed-report"' in page
    client.post(
        reverse("clues:supervision-report", args=[clue.pk, row.pk]), {"report": "已督促支付"}
    )
    row.refresh_from_db()
    assert row.report == "已督促支付" and row.reported_at is not None


def test_receipt_time_before_2000_is_refused_by_name(client, make_user):
    client.force_login(make_user("w-clerk", Role.CLERK, "510107"))
    response = client.post(
        reverse("clues:new"),
        {
            "channel": "letter",
            "received_at": "1899-12-31T10:00",
            "sector": "other",
            "employer_name": "某公司",
            "work_address": "成都市武侯区",
            "description": "来信",
        },
    )
    assert response.status_code == 200 and 'data-field="received_at"' in response.content.decode()
    assert not Clue.objects.exists()
