"""Staff case pages: the list (filters, deadlines, counts, queries), filing, the case page
(masking, threshold note, audit, queries) and jurisdiction."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from wageguard.cases import services
from wageguard.cases.models import CaseWorker, CriminalThresholdSetting, EnforcementCase
from wageguard.core.models import AuditEvent
from wageguard.org.rules import Role

from .conftest import direct_case

pytestmark = pytest.mark.django_db

ID = "11010519491231002X"


def file(user, region="510107", **over):
    return direct_case(user, region=region, **over)


def page(client, url, **params) -> str:
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def test_list_filters_by_deadline_state_and_text_nearest_deadline_first(client, inspector):
    today = timezone.localdate()
    late = file(inspector, employer_name="成都甲建筑有限公司")
    soon = file(inspector, employer_name="成都乙劳务有限公司")
    fine = file(inspector, employer_name="成都丙装饰有限公司")
    EnforcementCase.objects.filter(pk=late.pk).update(due_date=today - dt.timedelta(days=3))
    EnforcementCase.objects.filter(pk=soon.pk).update(due_date=today)
    services.transition(fine, "start_investigation", inspector)
    client.force_login(inspector)

    body = page(client, "/cases/")
    assert "共 3 件" in body
    assert body.index(late.number) < body.index(soon.number) < body.index(fine.number)
    assert 'data-sla="overdue"' in body and 'data-sla="due_soon"' in body
    assert "25000.00" in body.replace(",", "")  # owed per row, summed from the worker lines

    for sla, case in (("overdue", late), ("due_soon", soon), ("on_time", fine)):
        body = page(client, "/cases/", sla=sla)
        assert "共 1 件" in body and case.number in body, sla
    body = page(client, "/cases/", state="investigating")
    assert fine.number in body and late.number not in body
    assert "共 3 件" in page(client, "/cases/", state="open")
    body = page(client, "/cases/", q="乙劳务")
    assert soon.number in body and late.number not in body
    body = page(client, "/cases/", q=late.number)
    assert late.number in body and soon.number not in body
    body = page(client, "/cases/", sort="-due")
    assert body.index(fine.number) < body.index(late.number)
    body = page(client, "/cases/", sla="later")
    assert 'data-testid="filter-error"' in body and "时限状态须为" in body


def test_list_region_filter_for_the_city(client, make_user, inspector):
    jinjiang = make_user("jj-inspector", Role.INSPECTOR, "510104")
    ours = file(inspector)
    theirs = file(jinjiang, region="510104", employer_name="锦江某劳务有限公司")
    city = make_user("city-leader", Role.SUPERVISOR, "510100")
    client.force_login(city)
    body = page(client, "/cases/")
    assert ours.number in body and theirs.number in body
    body = page(client, "/cases/", region="510104")
    assert theirs.number in body and ours.number not in body
    # A county sees only its own cases and has no region to choose.
    client.force_login(inspector)
    body = page(client, "/cases/")
    assert ours.number in body and theirs.number not in body
    assert 'name="region"' not in body


def test_list_pages_by_50_with_a_bounded_number_of_queries(client, inspector, query_baseline):
    client.force_login(inspector)
    for _ in range(3):
        file(inspector)
    client.get("/cases/")  # warm per-process caches (settings, calendar)
    with query_baseline("cases.list_page_3_cases") as few:
        assert client.get("/cases/").status_code == 200
    for _ in range(52):
        file(inspector)
    with query_baseline("cases.list_page_55_cases") as many:
        body = page(client, "/cases/")
    assert len(many) == len(few)
    assert "共 55 件" in body and body.count("data-case=") == 50
    assert "page=2" in body
    assert page(client, "/cases/", page="2").count("data-case=") == 5


def test_list_count_is_capped(client, inspector, monkeypatch):
    from wageguard.core import paging

    monkeypatch.setattr(paging, "COUNT_CAP", 2)
    for _ in range(3):
        file(inspector)
    client.force_login(inspector)
    assert "共 2 件+" in page(client, "/cases/")


def test_filing_directly_with_pasted_worker_lines(client, inspector):
    client.force_login(inspector)
    assert 'value="510107"' in page(client, "/cases/new/")
    response = client.post(
        "/cases/new/",
        {
            "region": "510107",
            "source": "inspection",
            "employer_name": "成都检查发现建筑有限公司",
            "project_name": "武侯区某安置房项目",
            "facts": "检查发现拖欠三名农民工工资。",
            "workers": f"张三,{ID},12000,4\n李四，,8000.50,3\n\n王二麻\t\t3000\t",
        },
    )
    assert response.status_code == 302, response.content.decode()[-6000:]
    case = EnforcementCase.objects.get(employer_name="成都检查发现建筑有限公司")
    assert response["Location"] == f"/cases/{case.pk}/"
    assert case.source == "inspection" and case.region_id == "510107"
    lines = list(case.workers.values_list("worker_name", "id_number", "amount_owed"))
    assert [(n, i, str(a)) for n, i, a in lines] == [
        ("张三", ID, "12000.00"),
        ("李四", "", "8000.50"),
        ("王二麻", "", "3000.00"),
    ]


def test_filing_errors_name_the_line_and_field_and_nothing_is_filed(client, inspector):
    client.force_login(inspector)
    response = client.post(
        "/cases/new/",
        {
            "region": "510107",
            "source": "inspection",
            "employer_name": "成都检查发现建筑有限公司",
            "workers": "张三,,12000,4\n李四,,很多,3",
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert 'data-field="workers"' in body and "第 2 行 · 金额：欠薪金额应为金额" in body
    response = client.post(
        "/cases/new/", {"region": "510107", "source": "inspection", "employer_name": ""}
    )
    assert response.status_code == 400
    assert "请填写用人单位名称" in response.content.decode()
    # Another county is not a choice for a Wuhou inspector.
    response = client.post(
        "/cases/new/", {"region": "510104", "source": "inspection", "employer_name": "某公司"}
    )
    assert response.status_code == 400 and 'data-field="region"' in response.content.decode()
    assert not EnforcementCase.objects.exists()


def test_clerk_may_not_file_or_see_cases(client, make_user):
    client.force_login(make_user("clerk", Role.CLERK, "510107"))
    assert client.get("/cases/").status_code == 403
    assert client.get("/cases/new/").status_code == 403


def test_detail_masks_workers_for_roles_without_need_to_know_and_is_audited(
    client, make_user, inspector
):
    from wageguard.cases.services import investigation

    case = file(inspector)
    investigation.add_person(
        case, inspector, role="legal_representative", name="陈总", id_number="110105194912310337"
    )
    client.force_login(make_user("auditor", Role.AUDITOR, "510107"))
    body = page(client, f"/cases/{case.pk}/")
    assert "王*" in body and "1101**********002X" in body and "1101**********0337" in body
    assert "王五" not in body and ID not in body and "110105194912310337" not in body
    assert "陈总" in body  # a unit's legal representative is named, only the ID is masked
    client.force_login(inspector)
    body = page(client, f"/cases/{case.pk}/")
    assert "王五" in body and ID in body
    assert AuditEvent.objects.filter(action="case.view", object_id=str(case.pk)).count() == 2


def test_detail_threshold_answer_and_the_note_while_the_province_has_no_figures(client, inspector):
    case = file(inspector)
    client.force_login(inspector)
    body = page(client, f"/cases/{case.pk}/")
    assert 'data-testid="threshold-note"' in body
    assert "本省尚未设定拒不支付劳动报酬罪数额标准，按全国幅度判断" in body
    # 25,000 for 4 months reaches the national upper bound; no served order lapsed unpaid yet,
    # so not "meets" (Criminal Law art. 276-1): "not yet", the amount answer kept apart.
    assert 'data-answer="not_yet"' in body and 'data-amount="meets"' in body
    assert "尚未以责令改正指令书或处理决定书责令支付" in body
    assert "法释〔2013〕3号" in body  # the reasons are listed
    CriminalThresholdSetting.objects.update_or_create(
        province_code="51",
        defaults={"individual_amount": 10000, "cumulative_amount": 50000},
    )
    body = page(client, f"/cases/{case.pk}/")
    assert 'data-testid="threshold-note"' not in body
    assert "个人 10,000.00 元" in body


def test_case_and_clue_link_each_other(client, inspector, verifying_clue):
    from wageguard.clues.services import transition as clue_transition

    clue_transition(verifying_clue, "convert_to_case", inspector)
    case = EnforcementCase.objects.get(clue=verifying_clue)
    client.force_login(inspector)
    body = page(client, f"/cases/{case.pk}/")
    assert f'href="/clues/{verifying_clue.pk}/"' in body
    body = page(client, f"/clues/{verifying_clue.pk}/")
    assert f'href="/cases/{case.pk}/"' in body and case.number in body


def test_detail_queries_do_not_grow_with_the_case(client, inspector, colleague, query_baseline):
    from wageguard.cases.services import investigation

    case = services.transition(file(inspector), "start_investigation", inspector)
    investigation.assign_inspectors(case, inspector, [inspector.pk, colleague.pk])
    client.force_login(inspector)
    client.get(f"/cases/{case.pk}/")

    def record(i: int) -> None:
        investigation.record_interview(
            case,
            inspector,
            interviewee=f"工人{i}",
            interviewee_role="worker",
            held_at=timezone.now(),
            place="工地",
            inspector_ids=[inspector.pk, colleague.pk],
            summary="询问欠薪情况",
        )
        investigation.record_ledger_check(
            case,
            inspector,
            checked_on=timezone.localdate(),
            ledger_kept=False,
            period="2026-05",
            findings="未编制",
        )
        investigation.record_recovery(  # each recovery is listed under its worker
            case.workers.first(),
            inspector,
            amount=Decimal("100"),
            recovered_on=timezone.localdate(),
            method="employer",
        )

    record(0)
    with query_baseline("cases.detail_page_one_record") as few:
        assert client.get(f"/cases/{case.pk}/").status_code == 200
    CaseWorker.objects.bulk_create(
        [CaseWorker(case=case, worker_name=f"工人{i}", amount_owed=1000) for i in range(30)]
    )
    for i in range(1, 6):
        record(i)
    with query_baseline("cases.detail_page_six_records") as many:
        body = page(client, f"/cases/{case.pk}/")
    assert body.count("data-worker=") == 31 and body.count("data-recovery=") == 6
    assert len(many) == len(few)


def test_another_county_gets_404_on_the_page(client, make_user, inspector):
    """Every form's 404 from another county is in test_action_contract.py."""
    case = file(inspector)
    intruder = make_user("jj-leader", Role.SUPERVISOR, "510104")
    client.force_login(intruder)
    assert client.get(f"/cases/{case.pk}/").status_code == 404
    # The province sees it.
    client.force_login(make_user("province", Role.TASKFORCE, "510000"))
    assert client.get(f"/cases/{case.pk}/").status_code == 200


def test_case_page_shows_the_credit_list_answer_and_links_the_proposal(
    client, inspector, make_user
):
    case = file(inspector)
    client.force_login(inspector)
    body = page(client, f"/cases/{case.pk}/")
    assert 'data-testid="credit"' in body and 'data-answer="not_eligible"' in body
    assert f'href="/credit/propose/{case.pk}/"' in body
    client.force_login(make_user("auditor", Role.AUDITOR, "510107"))
    body = page(client, f"/cases/{case.pk}/")
    assert 'data-testid="credit"' in body and "/credit/propose/" not in body


def test_filing_from_a_ledger_item_carries_its_facts(client, inspector, make_user):
    from wageguard.inspections import services as inspections

    check = inspections.record_check(
        make_user("city-checker", Role.SUPERVISOR, "510100"),
        kind="test_call",
        channel="hotline_12333",
        agency=inspector.agency,
        performed_at=timezone.now(),
        contact="028-12333",
        answered=False,
        handled_correctly=None,
        notes="暗访发现工地公示欠薪",
    )
    finding = check.ledger_item
    client.force_login(inspector)
    body = page(client, "/cases/new/", ledger_item=finding.pk)
    assert 'data-testid="ledger_item"' in body and finding.description[:20] in body
    response = client.post(
        f"/cases/new/?ledger_item={finding.pk}",
        {
            "region": "510107",
            "source": "inspection",
            "employer_name": "成都暗访发现劳务有限公司",
            "facts": finding.description,
            "ledger_item": finding.pk,
        },
    )
    assert response.status_code == 302
    case = EnforcementCase.objects.get(employer_name="成都暗访发现劳务有限公司")
    assert case.history.get(action="file").note.startswith("来自问题台账")
    # Another county's item is not offered.
    client.force_login(make_user("jj-insp", Role.INSPECTOR, "510104"))
    assert 'data-testid="ledger_item"' not in page(client, "/cases/new/", ledger_item=finding.pk)
