"""The ledger's workflow: the responsible bureau rectifies with evidence, a second person above
verifies and closes (or returns), supervision comes from above only and only rises; the
provincial department's items are closed by another member; every change is history and audit."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from wageguard.campaigns import rules, services
from wageguard.campaigns.models import LedgerItem
from wageguard.campaigns.rules import Action, LedgerState
from wageguard.core.models import AuditEvent
from wageguard.inspections import services as inspections

from .conftest import call_data, png

pytestmark = pytest.mark.django_db


def test_rectify_with_evidence_then_a_second_person_above_closes(people, item):
    wuhou = people["wuhou_inspector"]
    assert services.available_actions(wuhou, item) == [Action.RECTIFY]
    item = services.transition(wuhou, item, "rectify", "已安排专人值守 12333 热线", png())
    assert item.state == LedgerState.RECTIFIED and item.rectified_by == wuhou
    assert item.evidence.count() == 1
    # The responsible bureau cannot sign off its own problem, not even its leader.
    assert Action.VERIFY_CLOSE not in services.available_actions(people["wuhou_supervisor"], item)
    with pytest.raises(PermissionDenied):
        services.transition(people["wuhou_supervisor"], item, "verify_close", "自己销号")
    item = services.transition(people["chengdu_supervisor"], item, "verify_close", "复测已接通")
    assert item.state == LedgerState.CLOSED and item.closed_by == people["chengdu_supervisor"]
    events = AuditEvent.objects.filter(object_type="campaigns.ledgeritem", object_id=str(item.pk))
    assert list(events.order_by("seq").values_list("action", flat=True)) == [
        "ledger.open",
        "ledger.rectify",
        "ledger.verify_close",
    ]
    assert list(item.history.order_by("at", "pk").values_list("action", flat=True)) == [
        "open",
        "rectify",
        "verify_close",
    ]
    # Closed is final for the workflow: only notification and accountability remain.
    assert set(rules.WORKFLOW.allowed(LedgerState.CLOSED)) == {Action.NOTIFY, Action.ACCOUNT}
    with pytest.raises(ValidationError):
        services.transition(people["province_taskforce"], item, "return", "again")


def test_closing_without_evidence_is_refused_naming_what_is_missing(people, item):
    item = services.transition(people["wuhou_inspector"], item, "rectify", "已整改")
    with pytest.raises(ValidationError) as info:
        services.transition(people["chengdu_supervisor"], item, "verify_close", "同意")
    assert "evidence" in info.value.message_dict
    assert "佐证" in info.value.message_dict["evidence"][0]
    item.refresh_from_db()
    assert item.state == LedgerState.RECTIFIED
    services.add_evidence(people["wuhou_inspector"], item, file=png(), note="复测截图")
    item = services.transition(people["chengdu_supervisor"], item, "verify_close", "同意")
    assert item.state == LedgerState.CLOSED


def test_a_file_that_is_not_an_image_or_pdf_is_refused(people, item):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("整改.png", b"<script>alert(1)</script>", content_type="image/png")
    with pytest.raises(ValidationError) as info:
        services.transition(people["wuhou_inspector"], item, "rectify", "已整改", fake)
    assert "file" in info.value.message_dict
    item.refresh_from_db()
    assert item.state == LedgerState.OPEN and not item.evidence.exists()


def test_return_reopens_with_the_same_due_date(people, item):
    due = item.due_date
    item = services.transition(people["wuhou_inspector"], item, "rectify", "已整改", png())
    item = services.transition(people["province_taskforce"], item, "return", "复测仍无人接听")
    assert item.state == LedgerState.OPEN and item.due_date == due
    assert item.close_note == "复测仍无人接听" and item.closed_at is None


def test_the_rectifier_never_verifies_even_at_the_top(people):
    province = people["province_taskforce"].agency
    check = inspections.record_check(people["province_taskforce"], **call_data(province))
    item = services.transition(
        people["province_supervisor"], check.ledger_item, "rectify", "已整改", png()
    )
    with pytest.raises(PermissionDenied):
        services.transition(people["province_supervisor"], item, "verify_close", "自己销号")
    item = services.transition(people["province_taskforce"], item, "verify_close", "同意销号")
    assert item.state == LedgerState.CLOSED


def test_supervision_comes_from_a_level_above_and_only_rises(people, item):
    # Not the county itself, not a neighbour, not another prefecture.
    for who in ("wuhou_supervisor", "jinjiang_supervisor", "zigong_supervisor"):
        with pytest.raises(PermissionDenied):
            services.transition(people[who], item, "supervise", "抓紧整改")
    item = services.transition(people["province_taskforce"], item, "supervise", "省级挂牌督办")
    assert item.supervision_level == rules.SupervisionLevel.PROVINCE
    item = services.transition(people["chengdu_supervisor"], item, "supervise", "市级督办")
    assert item.supervision_level == rules.SupervisionLevel.PROVINCE
    assert [s.level for s in item.supervisions.order_by("pk")] == [2, 2]
    assert [s.by for s in item.supervisions.order_by("pk")] == [
        people["province_taskforce"],
        people["chengdu_supervisor"],
    ]
    # Supervision is for open items.
    item = services.transition(people["wuhou_inspector"], item, "rectify", "已整改", png())
    with pytest.raises(ValidationError):
        services.transition(people["chengdu_supervisor"], item, "supervise", "again")


def test_notification_and_accountability_from_above_accumulate(people, item):
    with pytest.raises(PermissionDenied):
        services.transition(people["wuhou_supervisor"], item, "notify", "自己通报自己")
    item = services.transition(people["chengdu_supervisor"], item, "notify", "全市通报")
    item = services.transition(people["province_taskforce"], item, "notify", "全省通报")
    assert item.notified and item.notification_note.count("\n") == 1
    assert "全市通报" in item.notification_note and "全省通报" in item.notification_note
    item = services.transition(people["chengdu_supervisor"], item, "account", "约谈分管领导")
    assert "约谈分管领导" in item.accountability_note and item.state == LedgerState.OPEN


def test_only_the_responsible_bureau_rectifies_and_uploads(people, item):
    for who in ("chengdu_supervisor", "jinjiang_supervisor", "zigong_supervisor"):
        with pytest.raises(PermissionDenied):
            services.transition(people[who], item, "rectify", "x")
        with pytest.raises(PermissionDenied):
            services.add_evidence(people[who], item, file=png())
    with pytest.raises(ValidationError) as info:
        services.transition(people["wuhou_inspector"], item, "rectify", "   ")
    assert "note" in info.value.message_dict
    item.refresh_from_db()
    assert item.state == LedgerState.OPEN


def test_restrict_hides_other_counties_items(people, item):
    assert not LedgerItem.objects.restrict(people["jinjiang_supervisor"]).exists()
    assert not LedgerItem.objects.restrict(people["zigong_supervisor"]).exists()
    assert not LedgerItem.objects.restrict(people["chengdu_clerk"]).exists()
    for viewer in ("wuhou_inspector", "chengdu_supervisor", "province_taskforce"):
        assert LedgerItem.objects.restrict(people[viewer]).count() == 1


def test_sla_rules():
    d = dt.date
    today, soon = d(2025, 3, 10), d(2025, 3, 12)
    assert rules.sla_status("open", d(2025, 3, 7), today, soon, None) == "overdue"
    assert rules.sla_status("open", d(2025, 3, 10), today, soon, None) == "due_soon"
    assert rules.sla_status("open", d(2025, 3, 13), today, soon, None) == "on_time"
    assert rules.sla_status("closed", d(2025, 3, 7), today, soon, d(2025, 3, 8)) == "done_late"
    assert rules.sla_status("rectified", d(2025, 3, 7), today, soon, d(2025, 3, 7)) == (
        "done_on_time"
    )
    assert rules.WORKFLOW.next("rectified", "verify_close") == "closed"
    assert rules.WORKFLOW.next("open", "verify_close") is None
    assert rules.closing_rate(0, 0) is None and rules.closing_rate(1, 4) == 25.0
