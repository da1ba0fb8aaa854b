"""Intake, routing, working-day deadlines, the workflow, merging and the reporter's rating."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from wageguard.clues import services
from wageguard.clues.models import ArrearsLine, Clue, ClueHistory, Message, Supervision
from wageguard.clues.rules import Action, Channel, State
from wageguard.clues.sms import LogBackend
from wageguard.clues.validation import clean_intake
from wageguard.core.models import AuditEvent
from wageguard.org.bootstrap import create_agencies
from wageguard.org.models import Notification
from wageguard.org.rules import Role

from .conftest import at

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _agencies(db):
    create_agencies("51")


def submit(raw, **kw):
    return services.intake(clean_intake(raw, public=kw.pop("public", True)), **kw)


def test_public_intake_routes_to_the_county_and_sets_the_acceptance_deadline(
    raw, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        result = submit(raw())
    clue = result.clue
    assert result.created and len(result.secret) == 8
    assert clue.region_id == "510107" and clue.agency.name == "武侯区人力资源和社会保障局"
    assert clue.state == State.RECEIVED and clue.check_secret(result.secret)
    assert not clue.check_secret("WRONG123")
    assert clue.tracking_code.startswith("XS") and len(clue.tracking_code) == 12
    assert clue.accept_due == clue.due_date
    message = Message.objects.get(clue=clue)
    # The worker's phone got the secret; the stored record never holds it (issue 10, finding 9).
    assert clue.tracking_code in message.text and result.secret not in message.text
    assert "查询密码 ********" in message.text
    assert any(result.secret in text for _phone, text in LogBackend.outbox)
    assert message.status == "sent"
    assert AuditEvent.objects.filter(action="clue.create", object_id=str(clue.pk)).exists()


@pytest.mark.parametrize(
    ("received", "due"),
    [
        # Before National Day 2026: Oct 1-7 off, Saturday Oct 10 is a make-up working day.
        (at(2026, 9, 29), dt.date(2026, 10, 12)),
        # Before Spring Festival 2026: Feb 15-23 off, Saturdays Feb 14 and Feb 28 worked.
        (at(2026, 2, 12), dt.date(2026, 2, 26)),
        # An ordinary week: Monday + 5 working days.
        (at(2026, 6, 1), dt.date(2026, 6, 8)),
    ],
)
def test_acceptance_deadline_counts_working_days(raw, make_user, received, due):
    clerk = make_user("w-clerk", Role.CLERK, "510107")
    clue = submit(
        raw(), public=False, channel=Channel.HOTLINE_12333, actor=clerk, received_at=received
    ).clue
    assert clue.received_at == received and clue.channel == Channel.HOTLINE_12333
    assert clue.due_date == due and not clue.due_provisional


def test_reply_deadline_starts_at_acceptance(raw, make_user, settings):
    inspector = make_user("w-insp", Role.INSPECTOR, "510107")
    clue = submit(raw()).clue
    clue = services.transition(clue, Action.ACCEPT, inspector)
    from django.utils import timezone

    from wageguard.core.calendar import add_workdays

    assert clue.due_date == add_workdays(timezone.localdate(), 10).date


def test_unrouted_and_out_of_province_addresses_go_to_triage(raw):
    city = submit(raw(work_address="成都市高新区天府大道中段")).clue
    assert city.region_id == "510100" and "分拣" in city.routing_note
    outside = submit(raw(work_address="北京市朝阳区建国路 1 号")).clue
    assert outside.region_id == "510000" and "省外" in outside.routing_note
    nowhere = submit(raw(work_address="某工地")).clue
    assert nowhere.region_id == "510000"


def test_bad_fields_are_named_and_nothing_is_stored(raw):
    cases = {
        "id_number": "510107199001011230",
        "phone": "12345",
        "employer_credit_code": "91510107ABCDEFGH1X",
        "amount_owed": "很多",
        "period_start": "2026-13",
        "employer_name": "",
    }
    for field, value in cases.items():
        with pytest.raises(ValidationError) as err:
            submit(raw(**{field: value}))
        assert field in err.value.message_dict, field
    assert not Clue.objects.exists()


def test_full_workflow_with_recovery_and_reply(raw, make_user, django_capture_on_commit_callbacks):
    inspector = make_user("w-insp", Role.INSPECTOR, "510107")
    clue = submit(raw()).clue
    clue = services.transition(clue, Action.ACCEPT, inspector)
    clue = services.transition(clue, Action.START_VERIFICATION, inspector)
    assert clue.assignee == inspector
    line = services.add_arrears_line(
        inspector, clue, worker_name="张三", amount_owed=Decimal("12000")
    )
    services.record_recovery(inspector, line, Decimal("12000"), dt.date(2026, 9, 1), "employer")
    with pytest.raises(ValidationError):
        services.transition(clue, Action.REPLY, inspector, reply_text="x")
    clue = services.transition(
        clue, Action.RESOLVE, inspector, resolution="paid_in_full", note="已足额支付"
    )
    with pytest.raises(ValidationError) as err:
        services.transition(clue, Action.REPLY, inspector)
    assert "reply_text" in err.value.message_dict
    with django_capture_on_commit_callbacks(execute=True):
        clue = services.transition(
            clue, Action.REPLY, inspector, reply_text="已督促用人单位足额支付。"
        )
    assert clue.state == State.REPLIED and clue.replied_on is not None
    assert ArrearsLine.objects.get(pk=line.pk).amount_recovered == Decimal("12000")
    clue = services.transition(clue, Action.CLOSE, inspector)
    assert clue.state == State.CLOSED
    actions = list(ClueHistory.objects.filter(clue=clue).values_list("action", flat=True))
    # The recovery is in the history too (issue 14), beside the state changes.
    assert actions == [
        "received",
        "accept",
        "start_verification",
        "recovery",
        "resolve",
        "reply",
        "close",
    ]
    assert Message.objects.filter(clue=clue).count() == 2


def test_rejection_needs_a_legal_reason(raw, make_user):
    clerk = make_user("w-clerk", Role.CLERK, "510107")
    clue = submit(raw()).clue
    with pytest.raises(ValidationError) as err:
        services.transition(clue, Action.REJECT, clerk, reason="不想办")
    assert "reason" in err.value.message_dict
    clue = services.transition(
        clue, Action.REJECT, clerk, reason="time_barred", violation_ended_on="2020-01-01"
    )
    assert clue.state == State.REJECTED and "两年" in clue.reply_text
    # The written refusal names its articles (若干规定 art. 18; Decree 423 art. 20).
    assert "若干规定》第十八条" in clue.reply_text
    assert "《劳动保障监察条例》第二十条" in clue.reply_text


def test_roles_and_jurisdiction_are_enforced(raw, make_user):
    clue = submit(raw()).clue
    clerk = make_user("w-clerk", Role.CLERK, "510107")
    other = make_user("jj-insp", Role.INSPECTOR, "510104")
    city = make_user("cd-sup", Role.SUPERVISOR, "510100")
    with pytest.raises(PermissionDenied):
        services.transition(clue, Action.ACCEPT, other)
    services.transition(clue, Action.ACCEPT, clerk)
    with pytest.raises(PermissionDenied):
        services.transition(clue, Action.START_VERIFICATION, clerk)  # clerks do intake only
    services.transition(clue, Action.START_VERIFICATION, city)  # the city may act below it
    assert Clue.objects.restrict(other).count() == 0
    assert Clue.objects.restrict(city).count() == 1


def test_transfer_keeps_receipt_time_and_deadline(raw, make_user):
    clerk = make_user("w-clerk", Role.CLERK, "510107")
    clue = submit(raw()).clue
    received, due = clue.received_at, clue.due_date
    with pytest.raises(ValidationError) as err:
        services.transition(clue, Action.TRANSFER, clerk, region="510104")
    assert "reason" in err.value.message_dict
    clue = services.transition(
        clue, Action.TRANSFER, clerk, region="510104", reason="实际工地在锦江区"
    )
    assert clue.region_id == "510104" and clue.agency.region_id == "510104"
    assert clue.received_at == received and clue.due_date == due


def test_merge_keeps_every_reporter_and_each_gets_the_reply(
    raw, make_user, django_capture_on_commit_callbacks
):
    inspector = make_user("w-insp", Role.INSPECTOR, "510107")
    first, second = submit(raw()).clue, submit(raw()).clue
    services.transition(second, Action.MERGE, inspector, into=first.tracking_code)
    second.refresh_from_db()
    assert second.state == State.MERGED and second.merged_into == first
    for action, data in (
        (Action.ACCEPT, {}),
        (Action.START_VERIFICATION, {}),
        (Action.RESOLVE, {"resolution": "paid_in_part"}),
    ):
        first = services.transition(first, action, inspector, **data)
    with django_capture_on_commit_callbacks(execute=True):
        services.transition(
            first, Action.REPLY, inspector, reply_text="已部分支付，余款本月底前付清。"
        )
    second.refresh_from_db()
    assert second.reply_text == "已部分支付，余款本月底前付清。"
    assert Message.objects.filter(clue=second, text__contains="已答复").exists()
    services.transition(second, Action.UNMERGE, inspector)
    second.refresh_from_db()
    assert second.state == State.RECEIVED and second.merged_into is None


def test_urgent_clue_notifies_county_leader_and_prefecture_supervisor(raw, make_user):
    leader = make_user("w-leader", Role.SUPERVISOR, "510107")
    prefecture = make_user("cd-sup", Role.SUPERVISOR, "510100")
    bystander = make_user("jj-sup", Role.SUPERVISOR, "510104")
    clue = submit(raw(workers_owed=25, description="二十多名工人聚集在项目部讨薪")).clue
    assert clue.urgent and len(clue.urgent_reasons) >= 2
    assert Notification.objects.filter(user=leader).exists()
    assert Notification.objects.filter(user=prefecture).exists()
    assert not Notification.objects.filter(user=bystander).exists()
    assert Supervision.objects.filter(clue=clue, kind="urgent").count() == 2


def test_not_resolved_rating_reopens_and_flags(raw, make_user):
    inspector = make_user("w-insp", Role.INSPECTOR, "510107")
    clue = submit(raw()).clue
    for action, data in (
        (Action.ACCEPT, {}),
        (Action.START_VERIFICATION, {}),
        (Action.MARK_UNSUBSTANTIATED, {"note": "未发现欠薪"}),
        (Action.REPLY, {"reply_text": "经核查，未发现欠薪。"}),
    ):
        clue = services.transition(clue, action, inspector, **data)
    with pytest.raises(ValidationError):
        services.rate(clue, 7)
    clue = services.rate(clue, 1, "钱还没拿到", resolved=False)
    assert clue.state == State.VERIFYING and clue.reopened_count == 1 and clue.rating == 1


def test_sms_statuses_are_written_back_in_batches(
    raw, settings, django_capture_on_commit_callbacks
):
    from wageguard.clues import sms

    settings.WAGEGUARD_SMS_STATUS_BATCH = 3
    sms.flush_statuses()
    sms._last_flush = __import__("time").monotonic()
    made = []
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            made.append(submit(raw()).clue)
    assert set(Message.objects.filter(clue__in=made).values_list("status", flat=True)) == {"queued"}
    with django_capture_on_commit_callbacks(execute=True):
        made.append(submit(raw()).clue)
    assert set(Message.objects.filter(clue__in=made).values_list("status", flat=True)) == {"sent"}


def test_the_log_gateway_never_writes_the_secret(raw, caplog, django_capture_on_commit_callbacks):
    import logging

    with (
        caplog.at_level(logging.INFO, logger="wageguard.sms"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        result = submit(raw())
    logged = " ".join(r.getMessage() for r in caplog.records)
    assert result.clue.tracking_code in logged and result.secret not in logged
    assert "查询密码 ********" in logged
