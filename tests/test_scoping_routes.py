"""Every route, page and API, refuses or hides another jurisdiction's data (DESIGN: Scoping).

Objects are made in 武侯区 (510107); viewers of every role sit in 锦江区 (another county of the
same city) and in 自贡市 (another prefecture). A new route fails `test_every_route_is_covered` until
it is added to SAMPLES (with arguments pointing at 武侯区's objects) or to REFERENCE with a reason.
"""

from dataclasses import dataclass

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from wageguard.cases.documents import issue as issue_document
from wageguard.cases.models import CaseDocument, EnforcementCase, Evidence
from wageguard.cases.services import file_case
from wageguard.clues.models import ArrearsLine, Attachment, Clue, Supervision
from wageguard.clues.services import intake
from wageguard.clues.validation import clean_intake
from wageguard.core import audit
from wageguard.inspections import services as inspections
from wageguard.inspections.models import ChannelCheck
from wageguard.org import services
from wageguard.org.models import ApiToken, User
from wageguard.org.rules import Role

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
    "login": "public login page",
    "logout": "ends one's own session",
    "set_language": "UI language switch",
    "password_change": "one's own password",
    "password_change_done": "one's own password",
    "notifications-read": "marks one's own notices read",
    "api:openapi-json": "API description, no data",
    "api:openapi-view": "API docs page, no data",
    "api:api-root": "API index",
    "regions:browse": "divisions are public reference data (GB/T 2260)",
    "regions:detail": "divisions are public reference data (GB/T 2260)",
    "api:region_detail": "divisions are public reference data",
    "api:region_children": "divisions are public reference data",
    "api:route_addresses": "address routing uses public reference data only",
    "api:add_workdays": "the national working-day calendar",
    "api:is_workday": "the national working-day calendar",
    "holiday-years": "the national working-day calendar",
    "clue-settings": "the province's published limits, the same for every county",
    "api:public_clue_create": "public intake: routing decides the county, never the caller",
    "api:public_clue_detail": "public: only with the clue's secret, same answer as unknown",
    "api:public_clue_rate": "public: only with the clue's secret",
    "api:clue_create": "creates a clue; routing decides the county, never the caller",
    "portal:submit": "public intake page: routing decides the county, never the caller",
    "portal:route-preview": "public: names the bureau for an address, reference data only",
    "portal:track": "public: a clue only with its secret, same answer as an unknown code",
    "portal:rate": "public: only the clue this session opened with its secret",
    "portal:track-end": "public: forgets this session's clue",
    "api:clue_import": "creates clues from a file; routing decides each county",
    "api:rule_criminal_threshold": "a pure rule on the posted amounts and the province's "
    "published figures; reads no stored case",
    "clues:export": "a zipped .xlsx the walker cannot read: tests/clues/test_export.py reads "
    "another county's export back and finds none of 武侯区's clues",
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
    token, _key = services.create_token(admin, clerk, "marker")
    event = audit.record("test.marker", obj=clerk, actor=admin, after={"who": "marker-wuhou-clerk"})
    clue = intake(
        clean_intake(
            {
                "employer_name": "武侯标记建筑有限公司",
                "work_address": "成都市武侯区人民南路四段 1 号",
                "description": "标记线索",
            },
            public=False,
        )
    ).clue
    # A failed test call of 武侯区's 12333 line, recorded by 成都市: a check and an open finding.
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
    case = file_case(
        make_user("wuhou-inspector-x", Role.INSPECTOR, "510107"),
        region="510107",
        employer_name="武侯标记建筑有限公司",
        workers=[{"worker_name": "武侯标记人", "amount_owed": "25000", "months_unpaid": 4}],
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
    return Wuhou(
        clerk, token, event.pk, clue, check, line, attachment, listed, case, evidence, document
    )


def samples(w: Wuhou) -> dict[str, tuple]:
    """route name -> (method, URL kwargs[, JSON body]) aimed at 武侯区's objects."""
    return {
        "api:clue_list": ("get", None),
        "api:clue_detail": ("get", {"clue_id": w.clue.pk}),
        "api:clue_transition": ("post", {"clue_id": w.clue.pk}, {"action": "accept"}),
        "api:case_list": ("get", None),
        "api:case_detail": ("get", {"case_id": w.case.pk}),
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
        "clues:inbox": ("get", None),
        "clues:overview": ("get", None),
        "clues:assign": ("post", None),
        "clues:detail": ("get", {"pk": w.clue.pk}),
        "clues:transition": ("post", {"pk": w.clue.pk}),
        "clues:new": ("get", None),
        "clues:supervise": ("post", {"pk": w.clue.pk}),
        "clues:supervision-report": ("post", {"pk": w.clue.pk, "supervision_id": w.listed.pk}),
        "clues:arrears-add": ("post", {"pk": w.clue.pk}),
        "clues:recovery": ("post", {"pk": w.clue.pk, "line": w.line.pk}),
        "clues:attachment": ("get", {"pk": w.clue.pk, "attachment_id": w.attachment.pk}),
        "inspections:check-list": ("get", None),
        "inspections:check-create": ("get", None),
        "inspections:check-detail": ("get", {"pk": w.check.pk}),
        "inspections:finding-list": ("get", None),
        "inspections:finding-detail": ("get", {"pk": w.check.finding.pk}),
        "inspections:finding-act": ("post", {"pk": w.check.finding.pk, "action": "rectify"}),
        "api:channel_checks": ("get", None),
        "api:channel_check": ("get", {"check_id": w.check.pk}),
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
    wuhou.listed.refresh_from_db()
    assert wuhou.listed.reported_at is None
    assert Supervision.objects.filter(clue=wuhou.clue, kind="listed").count() == 1
    wuhou.check.finding.refresh_from_db()
    assert wuhou.check.finding.state == "open"
    assert not ApiToken.objects.filter(user=wuhou.clerk, name="intruder").exists()
    wuhou.token.refresh_from_db()
    assert wuhou.token.revoked_at is None


def test_the_province_and_the_city_do_see_it(client, make_user, wuhou):
    """The same pages do show the data one level up, so the hiding above is scoping, not a bug."""
    for role, region in ((Role.ADMIN, "510000"), (Role.ADMIN, "510100")):
        client.force_login(make_user(f"up-{region}", role, region))
        page = client.get("/users/?q=marker").content.decode()
        assert "marker-wuhou-clerk" in page
        assert client.get(f"/users/{wuhou.clerk.pk}/").status_code == 200
