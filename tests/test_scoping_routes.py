"""Every route, page and API, refuses or hides another jurisdiction's data (DESIGN: Scoping).

Objects are made in 武侯区 (510107); viewers of every role sit in 锦江区 (another county of the
same city) and in 自贡市 (another prefecture). A new route fails `test_every_route_is_covered` until
it is added to SAMPLES (with arguments pointing at 武侯区's objects) or to REFERENCE with a reason.
"""

import datetime as dt
from dataclasses import dataclass

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from tests import factories
from wageguard.campaigns import services as campaign_services
from wageguard.campaigns.coordination import services as coordination
from wageguard.campaigns.coordination.models import Assignment, AssignmentFile, GroupContact
from wageguard.campaigns.models import Campaign, LedgerEvidence
from wageguard.campaigns.sweeps.models import RandomDraw, SweepVisit
from wageguard.cases.documents import issue as issue_document
from wageguard.cases.models import (
    CaseDocument,
    Decision,
    EnforcementCase,
    Evidence,
    PoliceTransfer,
)
from wageguard.clues.models import ArrearsLine, Attachment, Clue, DivisionReminder, Supervision
from wageguard.core import audit
from wageguard.core import profiles as import_profiles
from wageguard.core.models import AuditEvent, ImportJob, ImportProfile
from wageguard.credit.models import CreditListing, WatchListEntry
from wageguard.dispatch.documents.models import DispatchDocument
from wageguard.dispatch.opinion import services as opinion_services
from wageguard.dispatch.opinion.models import OpinionItem
from wageguard.dispatch.rounds import services as rounds
from wageguard.dispatch.rounds.models import DispatchRound, ProgressReport
from wageguard.inspections import services as inspections
from wageguard.inspections.models import ChannelCheck
from wageguard.org import services
from wageguard.org.models import ApiToken, User
from wageguard.org.rules import Role
from wageguard.projects import services as project_services
from wageguard.projects.models import Evidence as ProjectEvidence
from wageguard.projects.models import MonthSummary, Project
from wageguard.projects.models import Warning as ProjectWarning
from wageguard.publication.models import PublicationBatch

from .scoping import all_routes, assert_every_route_covered, assert_hidden

pytestmark = pytest.mark.django_db

MARKERS = (
    "marker-wuhou-clerk",
    "武侯标记人",
    "武侯区人力资源和社会保障局",
    "武侯标记建筑有限公司",
)

# Routes with no jurisdiction: public entry points, one's own account, national reference data.
REFERENCE = {
    "publications:list": "public: published batches only, the same for everyone (Order 29 art. 7)",
    "publications:detail": "public: an item of a published batch only; any other is a 404",
    "publications-atom": "public feed of published items only (tests/publication/test_public.py)",
    "publications-json": "public feed of published items only (tests/publication/test_public.py)",
    "api:public_publications": "public: published items only, without personal data",
    "typical-cases:list": "public: published typical cases only, the same for everyone "
    "(tests/publication/test_typical.py)",
    "typical-cases:detail": "public: a published typical case only; any other is a 404",
    "typical-cases-atom": "public feed of published typical cases only "
    "(tests/publication/test_typical.py)",
    "typical-cases-json": "public feed of published typical cases only "
    "(tests/publication/test_typical.py)",
    "api:public_typical_cases": "public: published typical cases only, without personal data",
    "login": "public login page",
    "public-home": "public landing page: links only, no data (tests/public/test_landing.py)",
    "logout": "ends one's own session",
    "set_language": "UI language switch",
    "password_change": "one's own password",
    "password_change_done": "one's own password",
    "my-tokens": "one's own API tokens",
    "inspections:finding-list": "301 to campaigns:ledger (scoped, walked below); shows nothing",
    "inspections:finding-detail": "301 to campaigns:ledger-item (scoped, walked below)",
    "healthz": "the server's own health: database and cache answer, no data",
    "parties:enterprise": "an enterprise's identity is public reference data (its credit code); "
    "each history panel is restricted by its app: tests/parties/test_enterprise_page.py",
    "metrics": "counts for the operator's Prometheus, from allowed addresses or a token only",
    "notifications-read": "marks one's own notices read",
    "api:openapi-json": "API description, no data",
    "api:openapi-view": "API docs page, no data",
    "api:api-root": "API index",
    "regions:browse": "divisions are public reference data (GB/T 2260)",
    "regions:detail": "divisions are public reference data (GB/T 2260)",
    "regions:map": "prefecture outlines for charts: public reference geography",
    "api:region_detail": "divisions are public reference data",
    "api:region_children": "divisions are public reference data",
    "api:route_addresses": "address routing uses public reference data only",
    "api:add_workdays": "the national working-day calendar",
    "api:is_workday": "the national working-day calendar",
    "holiday-years": "the national working-day calendar",
    "clue-settings": "the province's published limits, the same for every county",
    "clues:reply-template-add": "the province's reply templates, the same for every county; "
    "changed by the province's administrator only (tests/clues/test_reply_templates.py)",
    "clues:save-filter": "one's own saved filter of the inbox; the inbox applies the viewer's "
    "jurisdiction when it is opened (tests/clues/test_saved_filters.py)",
    "clues:delete-filter": "deletes one's own saved filter only; another user's is not found",
    "clues:reply-template-remove": "the province's reply templates: see clues:reply-template-add",
    "api:public_clue_create": "public intake: routing decides the county, never the caller",
    "api:public_clue_track": "public: only with the clue's secret, same answer as unknown",
    "api:public_clue_rate": "public: only with the clue's secret",
    "api:public_clue_supplement": "public: only with the clue's secret",
    "api:clue_create": "creates a clue; routing decides the county, never the caller",
    "portal:submit": "public intake page: routing decides the county, never the caller",
    "portal:report-what": "public intake step: only this session's own draft",
    "portal:report-where": "public intake step: only this session's own draft",
    "portal:report-who": "public intake step: only this session's own draft",
    "portal:report-check": "public intake: routing decides the county, never the caller",
    "portal:report-done": "public: only the clue this session has just sent",
    "portal:route-preview": "public: names the bureau for an address, reference data only",
    "portal:track": "public: a clue only with its secret, same answer as an unknown code",
    "portal:rate": "public: only the clue this session opened with its secret",
    "portal:supplement": "public: only the clue this session opened with its secret",
    "portal:track-end": "public: forgets this session's clue",
    "portal:track-phone": "public: texts a code only to the number typed, same answer for any",
    "portal:track-code": "public: the texted code lists only that number's clues",
    "portal:track-mine": "public: only the clues this session's verified number reported",
    "api:clue_import": "creates clues from a file; routing decides each county",
    "api:rule_criminal_threshold": "a pure rule on the posted amounts and the province's "
    "published figures; reads no stored case",
    "clues:export": "a zipped .xlsx the walker cannot read: tests/clues/test_export.py reads "
    "another county's export back and finds none of 武侯区's clues",
    "cases:export": "a zipped .xlsx the walker cannot read: tests/cases/test_export.py reads "
    "another county's and another prefecture's export back and finds none of 武侯区's cases",
    "projects:export": "a zipped .xlsx the walker cannot read: tests/projects/test_exports.py "
    "reads another county's, another prefecture's and another department's export back and "
    "finds none of 武侯区's projects",
    "projects:warnings-export": "a zipped .xlsx the walker cannot read: "
    "tests/projects/test_exports.py reads another county's and another department's export "
    "back and finds none of 武侯区's warnings",
    "projects:rates-export": "a zipped .xlsx of counts over the viewer's own scope: "
    "tests/projects/test_exports.py reads 锦江区's back and finds 武侯区 neither named nor counted",
    "credit:export-csv": "streamed, the walker cannot read it: tests/credit/test_export.py reads "
    "another county's CSV and JSON back and finds none of 武侯区's listings",
    "credit:export-json": "streamed: see credit:export-csv",
    "credit:settings": "the province's published limits and criteria, the same for every county",
    "publication:settings": "the province's publication margins, the same for every county "
    "(tests/publication/test_views.py)",
    "cases:threshold-settings": "the province's criminal-threshold figures, the same for every "
    "county (tests/cases/test_threshold_settings.py)",
    "public-credit-list": "public by law (Order 45): current listings of the whole province, "
    "no personal data; tests/credit/test_pages.py",
    "projects:warning-precision": "counts per rule over the viewer's own scope (services.visible); "
    "no row of another county is named; tests/projects/test_warning_pages.py",
    "projects:warning-settings": "the province's warning rules, the same for every county; "
    "changed only by the province's administrator (tests/projects/test_warning_pages.py)",
    "projects:feed-settings": "the province's clock-in rule, the same for every county; changed "
    "only by the province's administrator (tests/projects/test_clockins.py)",
    "projects:deposit-settings": "the province's deposit rates and top-up period, the same for "
    "every county; changed only by the province's administrator (tests/projects/test_deposits.py)",
    "api:public_credit_listings": "public by law (Order 45): current listings, no personal data",
    "api:public_credit_listings_revoked": "public by law (Order 45 art. 16): the note that a "
    "listing was revoked, no personal data; tests/credit/test_order45.py",
    "campaigns:sweep-draw-public": "public (双随机、一公开): a published draw only, any other is a "
    "404, no inspector named; tests/campaigns/test_sweeps_pages.py",
}


@dataclass
class Wuhou:
    clerk: User
    token: ApiToken
    event_pk: int
    clue: Clue
    check: ChannelCheck
    line: ArrearsLine
    attachment: Attachment
    listed: Supervision
    case: EnforcementCase
    evidence: Evidence
    document: CaseDocument
    decision: Decision
    transfer: PoliceTransfer
    project: Project
    project_evidence: ProjectEvidence
    import_job: ImportJob
    warning: ProjectWarning
    import_profile: ImportProfile
    campaign: Campaign
    ledger_evidence: LedgerEvidence
    assignment: Assignment
    assignment_file: AssignmentFile
    dispatch_round: DispatchRound
    report: ProgressReport
    opinion: OpinionItem
    dispatch_document: DispatchDocument


@pytest.fixture
def wuhou(make_user) -> Wuhou:
    admin = make_user("wuhou-admin-x", Role.ADMIN, "510107")
    clerk = services.create_user(
        admin,
        username="marker-wuhou-clerk",
        password="Marker-2026-pass",
        full_name="武侯标记人",
        agency=admin.agency,
        role=Role.CLERK,
    )
    token, _key = services.create_token(clerk, clerk, "marker")
    event = audit.record("test.marker", obj=clerk, actor=admin, after={"who": "marker-wuhou-clerk"})
    clue = factories.clue_intake(
        {
            "employer_name": "武侯标记建筑有限公司",
            "work_address": "成都市武侯区人民南路四段 1 号",
            "description": "标记线索",
        },
        public=False,
    ).clue
    # A failed test call of 武侯区's 12333 line, recorded by 成都市: a check and a ledger item.
    check = inspections.record_check(
        make_user("chengdu-checker-x", Role.SUPERVISOR, "510100"),
        kind="test_call",
        channel="hotline_12333",
        agency=admin.agency,
        performed_at=timezone.now(),
        contact="028-12333",
        answered=False,
        handled_correctly=None,
        notes="武侯标记人 未接听",
    )
    line = ArrearsLine.objects.create(clue=clue, worker_name="武侯标记人", amount_owed=1000)
    attachment = Attachment.objects.create(
        clue=clue,
        file=ContentFile("%PDF-1.4 武侯标记建筑有限公司".encode(), name="marker.pdf"),
        original_name="marker.pdf",
        content_type="application/pdf",
        size=30,
        sha256="0" * 64,
    )
    listed = Supervision.objects.create(
        clue=clue, kind="listed", by_agency=clue.agency.parent, level="city", note="marker"
    )
    case = factories.case(
        make_user("wuhou-inspector-x", Role.INSPECTOR, "510107"),
        "武侯标记建筑有限公司",
        [factories.worker("武侯标记人", "25000", 4)],
    )
    evidence = Evidence.objects.create(
        case=case,
        kind="document",
        description="武侯标记建筑有限公司 工资表",
        file=ContentFile("%PDF-1.4 武侯标记建筑有限公司".encode(), name="marker.pdf"),
        original_name="marker.pdf",
        content_type="application/pdf",
        size=30,
    )
    document = issue_document(case, "order", None)
    today = timezone.localdate()
    decision = Decision.objects.create(
        case=case, kind="order", issued_on=today, deadline=today, article="x", document=document
    )
    transfer = PoliceTransfer.objects.create(
        case=case,
        transferred_on=today,
        police_agency="武侯标记建筑有限公司",
        threshold_answer="meets",
        conduct="order_ignored",
    )
    # A draft publication batch of 武侯区's bureau holding the case (the publication routes).
    publication = factories.publication_batch(admin.agency)
    factories.publication_item(publication, case)
    # A construction project in 武侯区 built by the marker company, with a photo of its board.
    project = project_services.register(
        make_user("wuhou-projects-x", Role.INSPECTOR, "510107"),
        {
            "name": "武侯标记建筑有限公司 安置房项目",
            "code": "WUHOU-MARKER-1",
            "site_address": "成都市武侯区人民南路四段 9 号",
            "developer_name": "武侯标记建筑有限公司",
            "general_contractor_name": "武侯标记建筑有限公司",
            "state": "construction",
        },
    ).project
    # A month of its wages due and not all paid (the payroll month list).
    MonthSummary.objects.create(
        project=project,
        month=dt.date(2026, 1, 1),
        due_on=dt.date(2026, 2, 28),
        on_attendance=3,
        not_paid_on_time=1,
    )
    project_evidence = ProjectEvidence.objects.create(
        project=project,
        system="notice",
        file=ContentFile("%PDF-1.4 武侯标记建筑有限公司".encode(), name="marker.pdf"),
        original_name="marker.pdf",
        content_type="application/pdf",
        size=30,
        sha256="0" * 64,
    )
    # An open red warning on that project, naming the marker company.
    warning = ProjectWarning.objects.create(
        project=project,
        rule="account_missing",
        level="red",
        level_rank=0,
        summary="武侯标记建筑有限公司 未开设专用账户",
        region_id="510107",
        agency_id=project.agency_id,
        department=project.department,
        issued_on=today,
        due_on=today,
        last_seen_on=today,
    )
    # A finished import by 武侯区's bureau, with a file of refused rows naming the marker.
    import_job = ImportJob.objects.create(
        kind="projects",
        state=ImportJob.State.DONE,
        original_name="武侯标记建筑有限公司.xlsx",
        sha256="1" * 64,
        created_by=clerk,
        agency_id=clerk.agency_id,
        file=ContentFile(b"x", name="marker.xlsx"),
        errors_file=ContentFile("武侯标记建筑有限公司".encode(), name="errors.csv"),
    )
    # An import profile of 武侯区's bureau, named for the marker company.
    import_profile = import_profiles.create(
        make_user("wuhou-importer-x", Role.INSPECTOR, "510107"),
        kind="payments",
        name="武侯标记建筑有限公司 代发",
        bank="武侯标记建筑有限公司",
        mapping={"paid_on": "记账日期"},
    )
    # 武侯区's own campaign, and evidence on the check's ledger item.
    campaign = campaign_services.create_campaign(
        make_user("wuhou-leader-x", Role.SUPERVISOR, "510107"),
        name="武侯标记人专项行动",
        kind="winter",
        region="510107",
        start_date=timezone.localdate(),
        end_date=timezone.localdate(),
        targets=[],
        milestones=[],
    )
    ledger_evidence = LedgerEvidence.objects.create(
        item=check.ledger_item,
        file=ContentFile(b"%PDF-1.4 ledger", name="ledger.pdf"),
        original_name="武侯标记人整改.pdf",
        content_type="application/pdf",
        size=15,
        sha256="0" * 64,
        uploaded_by=admin,
    )
    # 武侯区's leading group with a contact, and an assignment of 武侯区's bureau to its transport
    # department about the marker company, linked to the check's ledger item, with a reply file.
    leader = User.objects.get(username="wuhou-leader-x")
    wuhou_region = admin.agency.region
    member = coordination.add_member(
        leader, wuhou_region, agency=factories.agency("510107", "transport"), role="member"
    )
    coordination.add_contact(
        leader, wuhou_region, member=member, name="武侯标记人", post="科长", phone="13800138000"
    )
    assignment = factories.assignment(
        leader,
        "transport",
        subject="武侯标记建筑有限公司 欠薪交办",
        ledger_item=check.ledger_item,
    )
    assignment_file = AssignmentFile.objects.create(
        assignment=assignment,
        file=ContentFile(b"%PDF-1.4 reply", name="reply.pdf"),
        original_name="武侯标记人答复.pdf",
        content_type="application/pdf",
        size=14,
        sha256="0" * 64,
        uploaded_by=leader,
    )
    # A dispatch round of the province, and 成都's progress report naming the marker company.
    dispatch_round = rounds.create_round(
        make_user("province-rounds-x", Role.TASKFORCE, "510000"),
        title="全省冬季调度",  # the province's: every prefecture sees it
        start=today,
        end=today,
        due_date=today,
        cadence="weekly",
    )
    report = rounds.submit(
        make_user("chengdu-rounds-x", Role.SUPERVISOR, "510100"),
        ProgressReport.objects.get(round=dispatch_round, region_id="510100"),
        "武侯标记建筑有限公司 欠薪已化解",
        {"clues_received": "武侯标记人"},
    )
    # The round's report as archived (the province's: every prefecture's figures and reports).
    dispatch_document = DispatchDocument.objects.create(
        round=dispatch_round,
        kind="report",
        format="docx",
        file=ContentFile("PK 武侯标记建筑有限公司".encode(), name="report.docx"),
        size=10,
        sha256="0" * 64,
        computed_at=timezone.now(),
    )
    # A public opinion item about the marker company, entered by 武侯区's inspector.
    opinion = opinion_services.create(
        User.objects.get(username="wuhou-inspector-x"),
        opinion_services.OpinionData(
            source="weibo",
            source_url="https://weibo.com/marker",
            title="武侯标记建筑有限公司 讨薪舆情",
            summary="武侯标记人 反映",
            seen_at=timezone.now(),
            region=wuhou_region,
        ),
    )
    return Wuhou(
        clerk,
        token,
        event.pk,
        clue,
        check,
        line,
        attachment,
        listed,
        case,
        evidence,
        document,
        decision,
        transfer,
        project,
        project_evidence,
        import_job,
        warning,
        import_profile,
        campaign,
        ledger_evidence,
        assignment,
        assignment_file,
        dispatch_round,
        report,
        opinion,
        dispatch_document,
    )


def case_action_samples(w: Wuhou) -> dict[str, tuple]:
    """The case API's actions, each with a body the service would accept from a local user."""
    case = {"case_id": w.case.pk}
    today = timezone.localdate().isoformat()
    return {
        "api:case_transition": ("post", case, {"action": "start_investigation"}),
        "api:case_inspectors": ("post", case, {"inspector_ids": [w.clerk.pk]}),
        "api:case_interviews": (
            "post",
            case,
            {
                "interviewee": "x",
                "interviewee_role": "worker",
                "held_at": timezone.now().isoformat(),
                "inspector_ids": [],
                "summary": "x",
            },
        ),
        "api:case_evidence": ("post", case),
        "api:case_ledger_checks": (
            "post",
            case,
            {"checked_on": today, "ledger_kept": True, "findings": "intruder"},
        ),
        "api:case_statements": ("post", case, {"kind": "waived", "received_on": today}),
        "api:case_workers": ("post", case, {"worker_name": "intruder", "amount_owed": "1"}),
        "api:case_worker_recovery": (
            "post",
            {**case, "worker_id": w.case.workers.get().pk},
            {"amount": "1", "recovered_on": today, "method": "employer"},
        ),
        "api:case_workers_recover_all": (
            "post",
            case,
            {"recovered_on": today, "method": "employer", "confirmed": True},
        ),
        "api:case_worker_recovery_withdraw": (
            "post",
            {**case, "worker_id": w.case.workers.get().pk},
            {"recovery_id": 1, "reason": "intruder"},
        ),
        "api:case_parties": ("post", case, {"role": "developer", "name": "intruder"}),
        "api:case_persons": ("post", case, {"role": "responsible", "name": "intruder"}),
        "api:case_incident": ("post", case, {"occurred_on": today, "note": "intruder"}),
        "api:case_project": ("post", case, {"project_id": w.project.pk, "note": "intruder"}),
        "api:case_deposit_drawdown": (
            "post",
            case,
            {"amount": "1.00", "paid_on": "2026-01-05", "notice_number": "intruder"},
        ),
        "api:case_liability": (
            "post",
            case,
            {
                "basis": "724-30-3",
                "liable_id": w.project.general_contractor_id,
                "ordered": True,
                "reason": "intruder",
            },
        ),
        "api:case_incident_withdraw": ("post", case, {"reason": "intruder"}),
        "api:case_measures": ("post", case, {"kind": "order", "deadline": today}),
        "api:case_measure_outcome": (
            "post",
            {**case, "measure_id": w.decision.pk},
            {"complied": True, "on": today},
        ),
        "api:case_document_service": (
            "post",
            {**case, "document_id": w.decision.document_id},
            {"service_method": "direct", "served_on": today},
        ),
        "api:case_transfers": ("post", case, {"police_agency": "x", "conduct": "absconded"}),
        "api:case_transfer_response": (
            "post",
            {**case, "transfer_id": w.transfer.pk},
            {"response": "accepted", "on": today},
        ),
        "api:case_transfer_follow_ups": (
            "post",
            {**case, "transfer_id": w.transfer.pk},
            {"on": today, "note": "intruder"},
        ),
    }


def publication_samples(w: Wuhou) -> dict[str, tuple]:
    batch = PublicationBatch.objects.get(agency=w.clerk.agency_id)
    item = {"pk": batch.pk, "item_id": batch.items.get().pk}
    return {
        "publication:batches": ("get", None),
        "publication:create": ("post", None),
        "publication:queue": ("get", None),
        "publication:detail": ("get", {"pk": batch.pk}),
        "publication:transition": ("post", {"pk": batch.pk}),
        "publication:item-add": ("post", {"pk": batch.pk}),
        "publication:item-edit": ("post", item),
        "publication:item-remove": ("post", item),
    }


def publicity_samples(w: Wuhou) -> dict[str, tuple]:
    """A draft typical case of a decided 武侯区 case and a publicity entry of 武侯区's bureau,
    both naming the marker company, made once per test."""
    from wageguard.publication.publicity import services as publicity
    from wageguard.publication.publicity.models import PublicityEntry
    from wageguard.publication.typical import services as typical_services
    from wageguard.publication.typical.models import TypicalCase

    typical = TypicalCase.objects.first()
    if typical is None:
        inspector = User.objects.get(username="wuhou-inspector-x")
        decided = factories.case(
            inspector,
            "武侯标记建筑有限公司",
            [factories.worker("武侯标记人", "25000", 4)],
            decided_on=timezone.localdate(),
        )
        typical = typical_services.create(
            inspector,
            decided,
            title="武侯标记建筑有限公司 欠薪典型案例",
            summary="武侯标记建筑有限公司拖欠工资，已责令支付。",
            lessons="",
        )
        publicity.record(
            inspector,
            channel="wechat",
            held_on=timezone.localdate(),
            title="武侯标记建筑有限公司 案例宣传",
            typical_case=typical,
        )
    entry = PublicityEntry.objects.get(typical_case=typical)
    return {
        "publication:typical-list": ("get", None),
        # The viewer's own bureau's decided cases only.
        "publication:typical-new": ("get", None),
        "publication:typical-detail": ("get", {"pk": typical.pk}),
        "publication:typical-edit": ("post", {"pk": typical.pk}),
        "publication:typical-transition": ("post", {"pk": typical.pk}),
        # The viewer's own division's entries and counts (one level below it).
        "publication:publicity-log": ("get", None),
        "publication:publicity-add": ("post", None),
        "publication:publicity-remove": ("post", {"pk": entry.pk}),
        "api:publicity_log": ("get", None),
    }


def credit_samples(w: Wuhou) -> dict[str, tuple]:
    """A current listing of 武侯区's case and a watch-list entry, made once per test."""
    today = timezone.localdate()
    listing = CreditListing.objects.filter(case=w.case).first() or factories.credit_listing(
        w.case, w.clerk, decision_document=w.document
    )
    if not WatchListEntry.objects.filter(case=w.case).exists():
        WatchListEntry.objects.create(
            enterprise=listing.enterprise,
            case=w.case,
            region=w.case.region,
            agency=w.case.agency,
            unit_name=w.case.employer_name,
            added_on=today,
            added_by=w.clerk,
        )
    own = {"pk": listing.pk}
    removal = {"action": "apply_removal", "arrears_paid": True, "commitment": True}
    return {
        "credit:list": ("get", None),
        "credit:detail": ("get", own),
        "credit:transition": ("post", own),
        "credit:document": ("get", {**own, "kind": "decision"}),
        "credit:propose": ("get", {"pk": w.case.pk}),
        "credit:watch": ("get", None),
        "credit:watch-add": ("post", {"pk": w.case.pk}),
        "api:rule_credit_list_eligibility": ("post", None, {"case": w.case.pk}),
        "api:credit_listing_list": ("get", None),
        "api:credit_listing_propose": ("post", None, {"case": w.case.pk}),
        "api:credit_listing_detail": ("get", {"listing_id": listing.pk}),
        "api:credit_listing_transition": ("post", {"listing_id": listing.pk}, removal),
    }


def sweep_samples(w: Wuhou) -> dict[str, tuple]:
    """武侯区's sweep of its marker project, a team, a visit that found arrears (a ledger item
    and a photo) and a random draw, made once per test."""
    from wageguard.campaigns.sweeps import rules as sweep_rules
    from wageguard.campaigns.sweeps import services as sweeps
    from wageguard.campaigns.sweeps.models import RandomDraw, SweepPhoto, SweepTarget

    draw = RandomDraw.objects.filter(sweep__campaign=w.campaign).first()
    if draw is None:
        leader = User.objects.get(username="wuhou-leader-x")
        inspector = User.objects.get(username="wuhou-inspector-x")
        mate = User.objects.get(username="wuhou-projects-x")
        sweep = sweeps.create_sweep(
            leader,
            w.campaign,
            name="武侯标记人排查",
            region="510107",
            start_date=w.campaign.start_date,
            end_date=w.campaign.end_date,
        )
        sweeps.add_project_targets(leader, sweep)
        team = sweeps.form_team(
            leader, sweep, name="武侯标记人检查组", region="510107", members=[inspector, mate]
        )
        sweeps.assign(leader, sweep, team, limit=10)
        draw = sweeps.random_draw(
            leader, sweep, region="510107", n_targets=1, n_inspectors=2, seed=1
        )
        target = SweepTarget.objects.get(sweep=sweep)
        sweeps.assign(leader, sweep, team, target_ids=[target.pk])
        visit = sweeps.record_visit(
            inspector,
            target,
            client_key="marker-visit-1",
            systems=dict.fromkeys(sweep_rules.SYSTEMS, "yes"),
            wages_monthly=True,
            arrears_workers=2,
            arrears_amount=1000,
            remarks="武侯标记人反映欠薪",
        ).visit
        SweepPhoto.objects.create(
            visit=visit,
            file=ContentFile(b"%PDF-1.4 sweep", name="sweep.pdf"),
            original_name="武侯标记人现场.pdf",
            content_type="application/pdf",
            size=14,
            sha256="0" * 64,
            uploaded_by=inspector,
        )
    sweep = draw.sweep
    target = sweep.targets.get()
    visit = target.visits.get()
    photo = visit.photos.get()
    body = {"client_key": "intruder-key", "wages_monthly": True}
    return {
        "campaigns:sweep-list": ("get", None),
        "campaigns:sweep-mine": ("get", None),
        "campaigns:sweep-targets": ("get", None),
        "campaigns:sweep-new": ("get", {"campaign_pk": w.campaign.pk}),
        "campaigns:sweep-detail": ("get", {"pk": sweep.pk}),
        "campaigns:sweep-plan": ("post", {"pk": sweep.pk, "what": "projects"}),
        "campaigns:sweep-coverage": ("get", {"pk": sweep.pk}),
        "campaigns:sweep-visit": ("get", {"pk": target.pk}),
        "campaigns:sweep-visit-detail": ("get", {"pk": visit.pk}),
        "campaigns:sweep-visit-arrears": ("post", {"pk": visit.pk}),
        "campaigns:sweep-visit-photo": ("get", {"pk": visit.pk, "photo_pk": photo.pk}),
        "campaigns:sweep-draw": ("get", {"pk": draw.pk}),
        "campaigns:sweep-draw-publish": ("post", {"pk": draw.pk}),
        "api:sweep_list": ("get", None),
        "api:sweep_target_list": ("get", None),
        "api:sweep_detail": ("get", {"sweep_id": sweep.pk}),
        "api:sweep_visit": ("post", {"sweep_id": sweep.pk, "target_id": target.pk}, body),
    }


def samples(w: Wuhou) -> dict[str, tuple]:
    """route name -> (method, URL kwargs[, JSON body]) aimed at 武侯区's objects."""
    return {
        "api:clue_list": ("get", None),
        "api:clue_detail": ("get", {"clue_id": w.clue.pk}),
        "api:clue_transition": ("post", {"clue_id": w.clue.pk}, {"action": "accept"}),
        "api:supervision_list": ("get", None),
        "api:supervision_create": ("post", None, {"clue_id": w.clue.pk, "note": "intruder"}),
        "api:supervision_report": (
            "post",
            {"supervision_id": w.listed.pk},
            {"report": "intruder"},
        ),
        "api:supervision_review": (
            "post",
            {"supervision_id": w.listed.pk},
            {"decision": "close", "note": "intruder"},
        ),
        "api:case_list": ("get", None),
        "api:case_detail": ("get", {"case_id": w.case.pk}),
        "api:case_recoveries": ("get", {"case_id": w.case.pk}),
        **case_action_samples(w),
        **publication_samples(w),
        **publicity_samples(w),
        **credit_samples(w),
        **sweep_samples(w),
        "cases:list": ("get", None),
        "cases:new": ("get", None),
        "cases:detail": ("get", {"pk": w.case.pk}),
        "cases:act": ("post", {"pk": w.case.pk, "what": "start_investigation"}),
        "cases:act-item": (
            "post",
            {"pk": w.case.pk, "what": "recovery", "item": w.case.workers.get().pk},
        ),
        "cases:evidence": ("get", {"pk": w.case.pk, "evidence_id": w.evidence.pk}),
        "cases:document": ("get", {"pk": w.case.pk, "doc_id": w.document.pk}),
        "cases:document-receipt": ("get", {"pk": w.case.pk, "doc_id": w.document.pk}),
        # The viewer's own agency's templates only: the page names no other agency's.
        "cases:templates": ("get", None),
        "cases:template-builtin": ("get", {"kind": "order"}),
        "cases:template-current": ("get", {"kind": "order"}),
        "home": ("get", None),
        "agency-list": ("get", None),
        "agency-detail": ("get", {"pk": w.clerk.agency_id}),
        "agency-create": ("get", None),
        "user-list": ("get", None),
        "user-create": ("get", None),
        "user-edit": ("get", {"pk": w.clerk.pk}),
        "token-create": ("post", {"pk": w.clerk.pk}),
        "token-revoke": ("post", {"pk": w.token.pk}),
        "audit:list": ("get", None),
        "audit:detail": ("get", {"pk": w.event_pk}),
        "api:me": ("get", None),
        "inspections:overview": ("get", None),
        "api:project_list": ("get", None),
        "api:payroll_month_list": ("get", None),
        "api:project_detail": ("get", {"project_id": w.project.pk}),
        "api:project_upsert": (
            "post",
            None,
            {
                "code": "WUHOU-MARKER-1",
                "name": "intruder",
                "site_address": "成都市武侯区人民南路四段 9 号",
                "developer_name": "intruder",
                "general_contractor_name": "intruder",
            },
        ),
        "api:feed_push": (
            "post",
            {"kind": "roster"},
            {
                "rows": [
                    {
                        "project_code": "WUHOU-MARKER-1",
                        "name": "intruder",
                        "id_number": "11010519491231002X",
                    }
                ]
            },
        ),
        "projects:list": ("get", None),
        "api:warning_list": ("get", None),
        # The viewer's own KPIs (no Wuhou record is named in them); asking for 武侯区 from
        # elsewhere is a 403: tests/dispatch/test_kpis.py.
        "api:kpis": ("get", None),
        "projects:warnings": ("get", None),
        "projects:warning": ("get", {"pk": w.warning.pk}),
        "projects:warning-act": ("post", {"pk": w.warning.pk, "name": "handle"}),
        "api:warning_transition": (
            "post",
            {"warning_id": w.warning.pk},
            {"action": "dismiss", "note": "intruder"},
        ),
        "imports:upload": ("get", {"kind": "projects"}),
        "imports:template": ("get", {"kind": "projects"}),
        "imports:job": ("get", {"pk": w.import_job.pk}),
        "imports:errors": ("get", {"pk": w.import_job.pk}),
        "imports:profiles": ("get", None),
        "imports:profile-new": ("get", None),
        "imports:profile-edit": ("get", {"pk": w.import_profile.pk}),
        "imports:profile-delete": ("post", {"pk": w.import_profile.pk}),
        "projects:new": ("get", None),
        "projects:rates": ("get", None),
        "projects:payroll-months": ("get", None),
        "projects:detail": ("get", {"pk": w.project.pk}),
        "projects:edit": ("get", {"pk": w.project.pk}),
        "projects:act": ("post", {"pk": w.project.pk, "name": "suspend"}),
        "projects:evidence": ("get", {"pk": w.project.pk, "evidence_pk": w.project_evidence.pk}),
        "clues:inbox": ("get", None),
        "clues:overview": ("get", None),
        "clues:overview-print": ("get", None),
        "clues:overview-export": ("get", None),
        # 催办 of 武侯区: only 成都市 (its parent) may; refused elsewhere, nothing recorded.
        "clues:overview-remind": ("post", {"code": "510107"}),
        "clues:assign": ("post", None),
        "clues:detail": ("get", {"pk": w.clue.pk}),
        "clues:reveal": ("post", {"pk": w.clue.pk}),
        "clues:transition": ("post", {"pk": w.clue.pk}),
        "clues:new": ("get", None),
        "clues:supervise": ("post", {"pk": w.clue.pk}),
        "clues:supervision-report": ("post", {"pk": w.clue.pk, "supervision_id": w.listed.pk}),
        "clues:supervision-review": ("post", {"pk": w.clue.pk, "supervision_id": w.listed.pk}),
        "clues:supervisions": ("get", None),
        "clues:arrears-add": ("post", {"pk": w.clue.pk}),
        "clues:recovery": ("post", {"pk": w.clue.pk, "line": w.line.pk}),
        "clues:attachment": ("get", {"pk": w.clue.pk, "attachment_id": w.attachment.pk}),
        "inspections:check-list": ("get", None),
        "inspections:check-create": ("get", None),
        "inspections:check-detail": ("get", {"pk": w.check.pk}),
        "dispatch:kpis": ("get", None),
        "dispatch:opinion-list": ("get", None),
        "dispatch:opinion-new": ("get", None),
        "dispatch:opinion-item": ("get", {"pk": w.opinion.pk}),
        "dispatch:opinion-act": ("post", {"pk": w.opinion.pk, "name": "verify"}),
        "campaigns:list": ("get", None),
        "campaigns:new": ("get", None),
        "campaigns:detail": ("get", {"pk": w.campaign.pk}),
        "campaigns:ledger": ("get", None),
        "campaigns:ledger-export": ("get", None),
        "campaigns:ledger-new": ("get", None),
        "campaigns:ledger-item": ("get", {"pk": w.check.ledger_item_id}),
        "campaigns:ledger-act": ("post", {"pk": w.check.ledger_item_id, "name": "rectify"}),
        "campaigns:ledger-evidence": (
            "get",
            {"pk": w.check.ledger_item_id, "evidence_pk": w.ledger_evidence.pk},
        ),
        "api:campaign_list": ("get", None),
        "api:campaign_detail": ("get", {"campaign_id": w.campaign.pk}),
        "api:ledger_list": ("get", None),
        "api:ledger_item": ("get", {"item_id": w.check.ledger_item_id}),
        "api:opinion_list": ("get", None),
        "api:opinion_item": ("get", {"item_id": w.opinion.pk}),
        # Entering an item for 武侯区 from elsewhere: 403 (role or jurisdiction), none created.
        "api:opinion_create": (
            "post",
            None,
            {
                "source": "weibo",
                "source_url": "https://weibo.com/intruder",
                "title": "intruder",
                "summary": "intruder",
                "seen_at": timezone.now().isoformat(),
                "risk": "low",
                "region": "510107",
            },
        ),
        "api:opinion_transition": (
            "post",
            {"item_id": w.opinion.pk},
            {"action": "verify", "note": "intruder"},
        ),
        "api:ledger_transition": (
            "post",
            {"item_id": w.check.ledger_item_id},
            {"action": "rectify", "note": "intruder"},
        ),
        "api:channel_checks": ("get", None),
        "api:channel_check": ("get", {"check_id": w.check.pk}),
        **coordination_samples(w),
        **round_samples(w),
        **meeting_samples(w),
    }


def meeting_samples(w: Wuhou) -> dict[str, tuple]:
    """The meeting screen: the province's only; a prefecture or county is refused (403) or finds
    no round (404), never 成都's figures."""
    return {
        "dispatch:meeting-latest": ("get", None),
        "dispatch:meeting": ("get", {"pk": w.dispatch_round.pk}),
        "dispatch:meeting-page": ("get", {"pk": w.dispatch_round.pk, "page": "510100"}),
    }


def round_samples(w: Wuhou) -> dict[str, tuple]:
    """Progress reports: a county sees none, another prefecture only its own (404 on 成都's)."""
    today = timezone.localdate().isoformat()
    return {
        "dispatch:rounds": ("get", None),
        # Only the province's own bureau may start a round: 403 for everyone walked here.
        "dispatch:round-new": ("get", None),
        # 自贡 sees the round with its own row; 成都's report (the marker) is never listed.
        "dispatch:round": ("get", {"pk": w.dispatch_round.pk}),
        "dispatch:round-next": ("post", {"pk": w.dispatch_round.pk}),
        "dispatch:report": ("get", {"pk": w.report.pk}),
        "dispatch:report-return": ("post", {"pk": w.report.pk}),
        "api:dispatch_round_list": ("get", None),
        # 自贡 reads the round with its own report only; a county gets a 404.
        "api:dispatch_round_detail": ("get", {"round_id": w.dispatch_round.pk}),
        # Starting a round is the province's: 403 for everyone walked here, nothing created.
        "api:dispatch_round_create": (
            "post",
            None,
            {
                "title": "intruder",
                "start": today,
                "end": today,
                "due_date": today,
                "cadence": "weekly",
            },
        ),
        # 成都's submitted report: not seen elsewhere (404), so never returned.
        "api:dispatch_report_transition": (
            "post",
            {"round_id": w.dispatch_round.pk, "report_id": w.report.pk},
            {"action": "return", "note": "intruder"},
        ),
        # The province's documents: 404 for a prefecture (which sees the round) and a county.
        "dispatch:round-document": (
            "get",
            {"pk": w.dispatch_round.pk, "doc_id": w.dispatch_document.pk},
        ),
        "dispatch:round-document-generate": (
            "post",
            {"pk": w.dispatch_round.pk, "kind": "bulletin"},
        ),
    }


def coordination_samples(w: Wuhou) -> dict[str, tuple]:
    own = {"pk": w.assignment.pk}
    return {
        "campaigns:assignments": ("get", None),
        "campaigns:assignment-new": ("get", None),
        # The province's assignment settings, the same for every county; no department's.
        "campaigns:assignment-settings": ("get", None),
        "campaigns:assignment": ("get", own),
        "campaigns:assignment-act": ("post", {**own, "name": "answer"}),
        "campaigns:assignment-file": ("get", {**own, "file_pk": w.assignment_file.pk}),
        # The viewer's own division's group: 武侯区's is never shown to another county.
        "campaigns:group": ("get", None),
        # Removing a contact the viewer's own group does not hold: refused, 武侯区's kept.
        "campaigns:group-act": ("post", {"name": "remove_contact"}),
        "api:assignment_list": ("get", None),
        "api:assignment_detail": ("get", {"assignment_id": w.assignment.pk}),
        "api:assignment_transition": (
            "post",
            {"assignment_id": w.assignment.pk},
            {"action": "answer", "note": "intruder"},
        ),
    }


def test_every_route_is_covered(wuhou):
    assert_every_route_covered(samples(wuhou), REFERENCE)


@pytest.mark.parametrize(
    ("role", "region"),
    [
        (Role.ADMIN, "510104"),
        (Role.AUDITOR, "510104"),
        (Role.SUPERVISOR, "510104"),
        (Role.INSPECTOR, "510104"),
        (Role.ADMIN, "510300"),
        (Role.AUDITOR, "510300"),
        (Role.TASKFORCE, "510300"),
    ],
)
def test_other_jurisdiction_sees_nothing(client, make_user, wuhou, role, region):
    viewer = make_user(f"viewer-{role}-{region}", role, region)
    client.force_login(viewer)
    routes = all_routes()
    for name, (method, kwargs, *body) in samples(wuhou).items():
        assert name in routes, f"sample for unknown route {name}"
        assert_hidden(
            client,
            name,
            kwargs,
            MARKERS,
            method=method,
            data={"name": "intruder"} if method == "post" else None,
            json_body=body[0] if body else None,
        )
    wuhou.clue.refresh_from_db()
    assert wuhou.clue.state == "received"
    wuhou.case.refresh_from_db()
    assert wuhou.case.state == "filed"
    assert wuhou.case.workers.get().amount_recovered == 0
    assert wuhou.case.decisions.get().state == "issued"
    assert wuhou.case.transfers.get().response == "pending"
    assert CreditListing.objects.get(case=wuhou.case).state == "listed"
    assert WatchListEntry.objects.filter(case=wuhou.case).count() == 1
    assert not wuhou.case.parties.filter(role="developer").exists()
    assert not wuhou.case.inspectors.exists() and not wuhou.case.statements.exists()
    wuhou.listed.refresh_from_db()
    assert wuhou.listed.reported_at is None
    assert Supervision.objects.filter(clue=wuhou.clue, kind="listed").count() == 1
    assert not DivisionReminder.objects.exists()
    wuhou.check.ledger_item.refresh_from_db()
    assert wuhou.check.ledger_item.state == "open"
    assert wuhou.check.ledger_item.evidence.count() == 1
    wuhou.warning.refresh_from_db()
    assert wuhou.warning.state == "issued"
    _assert_coordination_untouched(wuhou)
    wuhou.report.refresh_from_db()
    assert wuhou.report.state == "submitted"
    assert not DispatchRound.objects.filter(previous=wuhou.dispatch_round).exists()
    assert DispatchRound.objects.count() == 1
    assert list(OpinionItem.objects.values_list("pk", "state")) == [(wuhou.opinion.pk, "new")]
    assert DispatchDocument.objects.count() == 1  # nothing generated
    wuhou.import_profile.refresh_from_db()
    assert wuhou.import_profile.name == "武侯标记建筑有限公司 代发"
    assert not ApiToken.objects.filter(user=wuhou.clerk, name="intruder").exists()
    wuhou.token.refresh_from_db()
    assert wuhou.token.revoked_at is None
    assert not wuhou.project.roster.exists()
    sweep_visit = SweepVisit.objects.get(client_key="marker-visit-1")
    assert sweep_visit.clue_id is None and sweep_visit.case_id is None
    assert SweepVisit.objects.count() == 1
    assert RandomDraw.objects.get().published_at is None
    _assert_publicity_untouched()
    # Revealing another county's row is refused before anything is shown or recorded as shown.
    assert not AuditEvent.objects.filter(action="clue.reveal").exists()


def _assert_publicity_untouched() -> None:
    from wageguard.publication.publicity.models import PublicityEntry
    from wageguard.publication.typical.models import TypicalCase

    typical = TypicalCase.objects.get()
    assert typical.state == "draft" and typical.title == "武侯标记建筑有限公司 欠薪典型案例"
    assert PublicityEntry.objects.get().typical_case_id == typical.pk


def _assert_coordination_untouched(w: Wuhou) -> None:
    w.assignment.refresh_from_db()
    assert w.assignment.state == "assigned" and not w.assignment.reply
    assert list(GroupContact.objects.values_list("name", flat=True)) == ["武侯标记人"]


# What a department user may use: their own inbox and what is in it, their own account, and the
# public reference and public pages (REFERENCE). Every other route refuses them outright.
DEPARTMENT_ROUTES = {
    "home",
    "api:me",
    "campaigns:assignments",
    "campaigns:assignment",
    "campaigns:assignment-act",
    "campaigns:assignment-file",
    "api:assignment_list",
    "api:assignment_detail",
    "api:assignment_transition",
}


# Lists that answer every signed-in user and hold nothing for a department (their role reads no
# clue, case, listing, project, warning or agency: restrict gives none).
DEPARTMENT_EMPTY_LISTS = {
    "agency-list",
    "api:clue_list",
    "api:supervision_list",
    "api:case_list",
    "api:credit_listing_list",
    "api:project_list",
    "api:payroll_month_list",
    "api:warning_list",
}


@pytest.mark.parametrize("kind", ["housing", "police"])
def test_a_department_user_sees_nothing_else(client, make_user, wuhou, kind):
    """A department of 武侯区 itself (same county as every marker): refused on every route but
    its inbox, which holds nothing of another department's (the marker assignment went to the
    transport department)."""
    viewer = make_user(f"wuhou-dept-{kind}", Role.DEPARTMENT, "510107", kind=kind)
    client.force_login(viewer)
    for name, (method, kwargs, *body) in samples(wuhou).items():
        status = assert_hidden(
            client,
            name,
            kwargs,
            MARKERS,
            method=method,
            data={"name": "intruder"} if method == "post" else None,
            json_body=body[0] if body else None,
        )
        if name in DEPARTMENT_ROUTES or status in (302, 401, 403, 404, 405):
            continue
        # Anything else that answers is a list, and it is empty.
        assert name in DEPARTMENT_EMPTY_LISTS, f"{name} answers a department: {status}"
        if name.startswith("api:"):
            answer = client.get(reverse(name)).json()
            assert answer["items"] == [] and answer["count"] == 0, name
    _assert_coordination_untouched(wuhou)
    wuhou.check.ledger_item.refresh_from_db()
    assert wuhou.check.ledger_item.state == "open"
    # The navigation offers the inbox and nothing else.
    page = client.get("/").content.decode()
    assert "/campaigns/assignments/" in page
    for other in (
        "/clues/",
        "/cases/",
        "/projects/",
        "/regions/",
        "/agencies/",
        "/campaigns/ledger/",
    ):
        assert f'href="{other}' not in page, other


def test_the_province_and_the_city_do_see_it(client, make_user, wuhou):
    """The same pages do show the data one level up, so the hiding above is scoping, not a bug."""
    for role, region in ((Role.ADMIN, "510000"), (Role.ADMIN, "510100")):
        client.force_login(make_user(f"up-{region}", role, region))
        page = client.get("/users/?q=marker").content.decode()
        assert "marker-wuhou-clerk" in page
        assert client.get(f"/users/{wuhou.clerk.pk}/").status_code == 200


def test_the_city_supervisor_reveals_a_countys_row(client, make_user, wuhou):
    """The reveal route refused to other counties above does work one level up, audited."""
    Clue.objects.filter(pk=wuhou.clue.pk).update(phone="13800138000", reporter_name="武侯反映人")
    client.force_login(make_user("city-sup", Role.SUPERVISOR, "510100"))
    response = client.post(f"/clues/{wuhou.clue.pk}/reveal/", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "13800138000" in response.content.decode() and "武侯反映人" in response.content.decode()
    event = AuditEvent.objects.get(action="clue.reveal")
    assert event.after["clear_ids"] == [wuhou.clue.pk]
