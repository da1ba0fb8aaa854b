"""The investigation record: inspectors in pairs, interviews, evidence checked by content, the
ledger check, statements, worker lines, recovery rolled up to the clue, and the parties."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from wageguard.cases import services
from wageguard.cases.models import CaseHistory, EnforcementCase, Evidence
from wageguard.cases.services import investigation
from wageguard.clues.models import Attachment
from wageguard.clues.services import transition as clue_transition
from wageguard.core.models import AuditEvent
from wageguard.org.rules import Role
from wageguard.parties.models import Enterprise

from .conftest import direct_case

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n% evidence\n"


def test_two_inspectors_of_the_case_bureau(inspector, colleague, make_user):
    case = direct_case(inspector)
    with pytest.raises(ValidationError) as exc:
        investigation.assign_inspectors(case, inspector, [inspector.pk])
    assert "第十六条" in exc.value.message_dict["inspector_ids"][0]
    # A clerk, or an inspector of another bureau, cannot be on the case.
    clerk = make_user("wh-clerk", Role.CLERK, "510107")
    other = make_user("jj-insp", Role.INSPECTOR, "510104")
    for stranger in (clerk, other):
        with pytest.raises(ValidationError) as exc:
            investigation.assign_inspectors(case, inspector, [inspector.pk, stranger.pk])
        assert "inspector_ids" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        investigation.assign_inspectors(case, inspector, [inspector.pk, colleague.pk], 999)
    assert "lead_id" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        investigation.assign_inspectors(case, inspector, [inspector.pk, colleague.pk], "主办")
    assert "lead_id" in exc.value.message_dict
    rows = investigation.assign_inspectors(
        case, inspector, [inspector.pk, colleague.pk], colleague.pk
    )
    assert [(r.user_id, r.lead) for r in rows] == [(colleague.pk, True), (inspector.pk, False)]
    # Replacing the set keeps exactly the new pair.
    leader = make_user("wh-leader", Role.SUPERVISOR, "510107")
    investigation.assign_inspectors(case, inspector, [leader.pk, colleague.pk])
    assert set(case.inspectors.values_list("user_id", flat=True)) == {leader.pk, colleague.pk}
    assert AuditEvent.objects.filter(action="case.assign").count() == 2
    with pytest.raises(PermissionDenied):
        investigation.assign_inspectors(case, other, [inspector.pk, colleague.pk])


def test_interview_needs_two_of_the_case_inspectors(inspector, colleague, make_user):
    case = direct_case(inspector)
    held = timezone.now() - dt.timedelta(hours=2)
    fields = dict(
        interviewee="王五",
        interviewee_role="worker",
        held_at=held,
        place="武侯区劳动监察大队",
        summary="王五陈述：五至八月工资未发。",
    )
    with pytest.raises(ValidationError) as exc:
        investigation.record_interview(case, inspector, inspector_ids=[inspector.pk], **fields)
    assert "第十六条" in exc.value.message_dict["inspector_ids"][0]  # nobody assigned yet
    investigation.assign_inspectors(case, inspector, [inspector.pk, colleague.pk])
    with pytest.raises(ValidationError) as exc:
        investigation.record_interview(case, inspector, inspector_ids=[inspector.pk], **fields)
    assert "inspector_ids" in exc.value.message_dict
    outsider = make_user("wh-other", Role.INSPECTOR, "510107")
    with pytest.raises(ValidationError):
        investigation.record_interview(
            case, inspector, inspector_ids=[inspector.pk, outsider.pk], **fields
        )
    with pytest.raises(ValidationError) as exc:
        investigation.record_interview(
            case,
            inspector,
            inspector_ids=[inspector.pk, colleague.pk],
            **{**fields, "held_at": timezone.now() + dt.timedelta(days=1)},
        )
    assert "held_at" in exc.value.message_dict
    interview = investigation.record_interview(
        case, inspector, inspector_ids=[inspector.pk, colleague.pk], **fields
    )
    assert set(interview.inspectors.values_list("pk", flat=True)) == {inspector.pk, colleague.pk}
    assert CaseHistory.objects.filter(case=case, action="interview").exists()


def test_evidence_is_checked_by_content_and_stored(investigating, inspector):
    evidence = investigation.add_evidence(
        investigating,
        inspector,
        kind="ledger",
        description="2026 年 5-8 月考勤表",
        upload=SimpleUploadedFile("考勤.pdf", PDF, content_type="application/pdf"),
    )
    evidence.refresh_from_db()
    assert evidence.content_type == "application/pdf" and evidence.size == len(PDF)
    with evidence.file.open("rb") as handle:
        assert handle.read() == PDF
    # A script renamed as a photo is refused by its bytes; nothing is stored.
    with pytest.raises(ValidationError) as exc:
        investigation.add_evidence(
            investigating,
            inspector,
            kind="photo",
            description="工地照片",
            upload=SimpleUploadedFile("photo.jpg", b"#!/bin/sh\nrm -rf /", "image/jpeg"),
        )
    assert "upload" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        investigation.add_evidence(investigating, inspector, kind="nonsense", description="x")
    assert "kind" in exc.value.message_dict
    described = investigation.add_evidence(
        investigating, inspector, kind="document", description="劳务分包合同原件已查看"
    )
    assert not described.file
    assert Evidence.objects.filter(case=investigating).count() == 2


def test_ledger_check_and_statement(investigating, inspector):
    check = investigation.record_ledger_check(
        investigating,
        inspector,
        checked_on=timezone.localdate(),
        ledger_kept=False,
        period="2026年5月至8月",
        findings="未编制工资支付台账",
    )
    assert check.ledger_kept is False
    with pytest.raises(ValidationError) as exc:
        investigation.record_ledger_check(
            investigating,
            inspector,
            checked_on=timezone.localdate() + dt.timedelta(days=1),
            ledger_kept=True,
            period="",
            findings="x",
        )
    assert "checked_on" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        investigation.record_statement(
            investigating, inspector, kind="statement", received_on=timezone.localdate()
        )
    assert "content" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        investigation.record_statement(
            investigating,
            inspector,
            kind="statement",
            received_on=timezone.localdate(),
            content="资金困难",
            adopted=False,
        )
    assert "response" in exc.value.message_dict
    statement = investigation.record_statement(
        investigating,
        inspector,
        kind="statement",
        received_on=timezone.localdate(),
        speaker="赵六",
        content="资金困难，请求延期",
        adopted=False,
        response="资金困难不是拖欠工资的法定理由",
    )
    assert statement.adopted is False
    waived = investigation.record_statement(
        investigating, inspector, kind="waived", received_on=timezone.localdate()
    )
    assert waived.adopted is None


def test_add_worker_checks_fields(investigating, inspector):
    worker = investigation.add_worker(
        investigating,
        inspector,
        worker_name="赵七",
        amount_owed=Decimal("6000"),
        period_start=dt.date(2026, 5, 1),
        period_end=dt.date(2026, 7, 31),
    )
    assert worker.months_unpaid == 3 and worker.amount_owed == Decimal("6000.00")
    with pytest.raises(ValidationError) as exc:
        investigation.add_worker(
            investigating,
            inspector,
            worker_name="赵七",
            amount_owed=Decimal("6000"),
            period_start=dt.date(2026, 7, 1),
            period_end=dt.date(2026, 5, 1),
        )
    assert "period_end" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        investigation.add_worker(investigating, inspector, worker_name="", amount_owed=Decimal("1"))
    assert "worker_name" in exc.value.message_dict
    assert investigating.workers.count() == 2


def test_conversion_carries_attachments_employer_and_recovery_rolls_up(
    verifying_clue, inspector, colleague
):
    attachment = Attachment(clue=verifying_clue)
    from wageguard.clues.services import attachments

    attachments.save_file(attachment, SimpleUploadedFile("工资条.pdf", PDF))
    attachment.save()
    clue = clue_transition(verifying_clue, "convert_to_case", inspector)
    case = EnforcementCase.objects.get(clue=clue)
    evidence = case.evidence.get()
    assert evidence.file.name == attachment.file.name  # the same stored file, no copy
    assert evidence.sha256 == attachment.sha256 and evidence.kind == "document"
    assert case.employer is not None and case.employer.name == "四川鑫达建筑工程有限公司"
    assert list(case.parties.values_list("role", flat=True)) == ["employer"]

    zhang = case.workers.get(worker_name="张三")
    with pytest.raises(ValidationError) as exc:
        investigation.record_recovery(
            zhang,
            inspector,
            amount=Decimal("21000.01"),
            recovered_on=timezone.localdate(),
            method="employer",
        )
    assert "amount" in exc.value.message_dict
    investigation.record_recovery(
        zhang,
        inspector,
        amount=Decimal("15000"),
        recovered_on=timezone.localdate(),
        method="general_contractor",
    )
    case = EnforcementCase.objects.get(pk=case.pk)
    assert case.amount_recovered == Decimal("17000.00")  # 15,000 + 李四's 2,000
    line = clue.arrears.get(worker_name="张三")
    assert line.amount_recovered == Decimal("15000.00")
    assert line.method == "general_contractor"
    assert AuditEvent.objects.filter(action="clue.recovery").exists()


def test_parties_and_persons(investigating, inspector):
    first = investigating.employer
    party = investigation.add_party(
        investigating,
        inspector,
        role="employer",
        name="四川标记实业有限公司",
        credit_code="91510100MA61R8XN8Q",
        legal_representative="赵六",
        address="成都市武侯区某路 1 号",
    )
    case = EnforcementCase.objects.get(pk=investigating.pk)
    assert case.employer_id == party.enterprise_id != first.pk
    assert case.employer_credit_code == "91510100MA61R8XN8Q"
    assert list(case.parties.values_list("role", flat=True)) == ["employer"]
    contractor = investigation.add_party(
        case, inspector, role="general_contractor", name="四川总包建设有限公司"
    )
    assert Enterprise.objects.filter(name="四川总包建设有限公司").count() == 1
    with pytest.raises(ValidationError) as exc:
        investigation.add_party(case, inspector, role="employer", name="x", credit_code="123")
    assert "credit_code" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        investigation.add_party(case, inspector, role="boss", name="x")
    assert "role" in exc.value.message_dict

    rep = investigation.add_person(
        case, inspector, role="legal_representative", name="赵六", id_number="11010519491231002X"
    )
    assert rep.enterprise_id == case.employer_id
    manager = investigation.add_person(
        case,
        inspector,
        role="responsible",
        name="钱八",
        enterprise_id=contractor.enterprise_id,
        position="项目经理",
    )
    assert manager.enterprise_id == contractor.enterprise_id
    with pytest.raises(ValidationError) as exc:
        investigation.add_person(
            case, inspector, role="responsible", name="孙九", enterprise_id=first.pk + 999
        )
    assert "enterprise_id" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        investigation.add_person(case, inspector, role="responsible", name="孙九", id_number="123")
    assert "id_number" in exc.value.message_dict


def test_closed_case_takes_no_more_investigation(investigating, inspector, supervisor):
    investigation.record_statement(
        investigating, inspector, kind="no_response", received_on=timezone.localdate()
    )
    case = services.transition(investigating, "decide", inspector)
    worker = case.workers.get()
    investigation.record_recovery(
        worker,
        inspector,
        amount=Decimal("25000"),
        recovered_on=timezone.localdate(),
        method="employer",
    )
    case = services.transition(case, "close", supervisor, report="已全额支付")
    with pytest.raises(ValidationError) as exc:
        investigation.add_evidence(case, inspector, kind="document", description="补充")
    assert "已结案" in exc.value.message_dict["action"][0]
