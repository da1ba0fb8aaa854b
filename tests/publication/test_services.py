"""Queue, batches and the workflow: permissions by role, jurisdiction, history and audit."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests import factories
from wageguard.cases.models import CriminalThresholdSetting
from wageguard.core.models import AuditEvent
from wageguard.org.rules import Role
from wageguard.parties.rules import REDACTED
from wageguard.publication import services
from wageguard.publication.models import PublicationItem
from wageguard.publication.queue import queue, queue_cases
from wageguard.publication.rules import Kind, PeriodKind, State

from .conftest import DECIDED, ID_NUMBER, MOBILE, WORKER

pytestmark = pytest.mark.django_db


def test_queue_picks_transferred_and_large_not_small(
    inspector, large_case, transferred_case, small_case, query_baseline
):
    with query_baseline("publication.queue_two_candidates"):
        entries = queue(inspector)
    cases = {e.case.pk: e for e in entries}
    assert set(cases) == {large_case.pk, transferred_case.pk}
    assert cases[transferred_case.pk].answer.kind == Kind.WAGES
    assert any("移送" in r for r in cases[transferred_case.pk].answer.reasons)
    assert any("数额较大" in r for r in cases[large_case.pk].answer.reasons)


def test_queue_query_count_does_not_grow(inspector, large_case, query_baseline):
    for i in range(6):
        factories.case(
            inspector,
            f"批量建筑公司{i}",
            [factories.worker(f"工人{i}", "30000", 5)],
            decided_on=DECIDED,
        )
    with query_baseline("publication.queue_seven_candidates"):
        assert len(queue(inspector)) == 7


def test_queue_filters_in_the_database_by_the_province_figure(inspector, large_case):
    """One worker ¥15,000 for 4 months lies between the national bounds: while Sichuan has no
    figure it is not required and the database leaves it out (the rule never sees it); once the
    province sets ¥10,000 it "meets" and is in the queue (Order 29 art. 5(1))."""
    middle = factories.case(
        inspector, "武侯中等建筑公司", [factories.worker("周八", "15000", 4)], decided_on=DECIDED
    )
    assert middle not in queue_cases(inspector)
    assert [e.case.pk for e in queue(inspector)] == [large_case.pk]
    setting = CriminalThresholdSetting.for_province("51")
    setting.individual_amount, setting.cumulative_amount = Decimal("10000"), Decimal("50000")
    setting.save()
    assert {e.case.pk for e in queue(inspector)} == {large_case.pk, middle.pk}


def test_queue_is_the_users_jurisdiction(make_user, large_case):
    other = make_user("jinjiang-pub", Role.INSPECTOR, "510104")
    assert queue(other) == []
    city = make_user("chengdu-pub", Role.SUPERVISOR, "510100")
    assert [e.case.pk for e in queue(city)] == [large_case.pk]


def test_create_batch_by_level(inspector, make_user):
    batch = services.create_batch(inspector, PeriodKind.QUARTERLY, 2026, 1)
    assert batch.period_label == "2026年第1季度"
    assert batch.region_id == "510107" and batch.state == State.DRAFT
    assert batch.due_date > dt.date(2026, 3, 31)
    with pytest.raises(ValidationError) as exc:
        services.create_batch(inspector, PeriodKind.QUARTERLY, 2026, 1)
    assert "period_kind" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.create_batch(inspector, PeriodKind.HALF_YEARLY, 2026, 1)
    assert "period_kind" in exc.value.message_dict
    province = make_user("sc-pub", Role.SUPERVISOR, "510000")
    half = services.create_batch(province, PeriodKind.HALF_YEARLY, 2026, 2)
    assert half.period_label == "2026年下半年"
    ad_hoc = services.create_batch(inspector, PeriodKind.AD_HOC)
    assert ad_hoc.period_kind == PeriodKind.AD_HOC
    assert services.create_batch(inspector, PeriodKind.AD_HOC).pk != ad_hoc.pk
    assert batch.history.get().action == "create"
    assert AuditEvent.objects.filter(action="publication.create").count() == 4


def test_clerk_cannot_open_a_batch(make_user):
    clerk = make_user("wuhou-pub-clerk", Role.CLERK, "510107")
    with pytest.raises(PermissionDenied):
        services.create_batch(clerk, PeriodKind.QUARTERLY, 2026, 1)


def test_item_snapshot_is_redacted_on_save(inspector, large_case):
    batch = services.create_batch(inspector, PeriodKind.QUARTERLY, 2026, 1)
    item = services.add_item(inspector, batch, large_case)
    assert item.unit_name == "四川鑫达建筑工程有限公司"
    assert "25,000.00" in item.facts
    for secret in (WORKER, ID_NUMBER, MOBILE):
        assert secret not in item.facts
    assert REDACTED in item.facts
    stored = PublicationItem.objects.get(pk=item.pk)
    assert WORKER not in stored.facts and ID_NUMBER not in stored.facts


def test_editor_cannot_slip_personal_data_in(inspector, large_case):
    batch = services.create_batch(inspector, PeriodKind.QUARTERLY, 2026, 1)
    item = services.add_item(inspector, batch, large_case)
    item = services.edit_item(
        inspector,
        item,
        unit_name=item.unit_name,
        credit_code="",
        address="成都市武侯区人民南路四段 1 号，联系电话 028-85551234",
        legal_representative="王五",
        facts=f"{WORKER}手机 {MOBILE}，邮箱 zts@example.com，银行卡 6222021234567890123",
        handling=f"责令支付。身份证 {ID_NUMBER[:6]} {ID_NUMBER[6:]}",
    )
    row = PublicationItem.objects.get(pk=item.pk)
    text = " ".join([row.address, row.facts, row.handling])
    for secret in (WORKER, MOBILE, "028-85551234", "zts@example.com", "6222021234567890123"):
        assert secret not in text
    assert ID_NUMBER[6:] not in text
    assert row.legal_representative == "王五"
    assert AuditEvent.objects.filter(action="publication.edit_item").exists()


def test_edit_validates_fields(inspector, large_case):
    batch = services.create_batch(inspector, PeriodKind.QUARTERLY, 2026, 1)
    item = services.add_item(inspector, batch, large_case)
    with pytest.raises(ValidationError) as exc:
        services.edit_item(inspector, item, unit_name="", facts="x", handling="y")
    assert "unit_name" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.edit_item(
            inspector, item, unit_name="a", facts="x", handling="y", credit_code="123"
        )
    assert "credit_code" in exc.value.message_dict


def test_small_case_needs_a_kind_and_undecided_cases_are_refused(inspector, small_case):
    batch = services.create_batch(inspector, PeriodKind.AD_HOC)
    with pytest.raises(ValidationError) as exc:
        services.add_item(inspector, batch, small_case)
    assert "kind" in exc.value.message_dict
    item = services.add_item(inspector, batch, small_case, kind=Kind.OTHER)
    assert item.kind == Kind.OTHER
    undecided = factories.case(inspector, "未决公司", [factories.worker("周八", "1", 1)])
    with pytest.raises(ValidationError) as exc:
        services.add_item(inspector, batch, undecided, kind=Kind.OTHER)
    assert "case" in exc.value.message_dict


def test_a_case_joins_one_batch_of_a_bureau(inspector, large_case):
    first = services.create_batch(inspector, PeriodKind.QUARTERLY, 2026, 1)
    services.add_item(inspector, first, large_case)
    second = services.create_batch(inspector, PeriodKind.AD_HOC)
    with pytest.raises(ValidationError) as exc:
        services.add_item(inspector, second, large_case)
    assert "2026年第1季度" in exc.value.message_dict["case"][0]


def test_workflow_happy_path_and_refusals(inspector, supervisor, large_case, transferred_case):
    batch = services.create_batch(inspector, PeriodKind.QUARTERLY, 2026, 1)
    with pytest.raises(ValidationError):
        services.transition(batch, "submit", inspector)  # empty
    services.add_item(inspector, batch, large_case)
    item = services.add_item(inspector, batch, transferred_case)
    with pytest.raises(ValidationError):
        services.transition(batch, "publish", supervisor)  # not approved yet
    batch = services.transition(batch, "submit", inspector)
    assert batch.state == State.SUBMITTED and batch.submitted_at
    with pytest.raises(PermissionDenied):
        services.transition(batch, "approve", inspector)
    with pytest.raises(ValidationError) as exc:
        services.edit_item(inspector, item, unit_name="x", facts="x", handling="x")
    assert "batch" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.transition(batch, "return", supervisor)
    assert "note" in exc.value.message_dict
    batch = services.transition(batch, "return", supervisor, note="事实表述过长")
    assert batch.state == State.RETURNED and batch.return_note == "事实表述过长"
    services.remove_item(inspector, PublicationItem.objects.get(pk=item.pk))
    batch = services.transition(batch, "submit", inspector)
    batch = services.transition(batch, "approve", supervisor)
    assert batch.approved_by == supervisor and batch.approved_at
    with pytest.raises(PermissionDenied):
        services.transition(batch, "publish", inspector)
    batch = services.transition(batch, "publish", supervisor)
    assert batch.state == State.PUBLISHED and batch.published_at
    actions = list(batch.history.values_list("action", flat=True))
    assert actions == [
        "create",
        "add_item",
        "add_item",
        "submit",
        "return",
        "remove_item",
        "submit",
        "approve",
        "publish",
    ]
    assert AuditEvent.objects.filter(action="publication.publish", object_id=str(batch.pk))
    # Published: the case left the queue, the removed one is back in it.
    assert [e.case.pk for e in queue(inspector)] == [transferred_case.pk]


def test_another_county_cannot_act(inspector, make_user, large_case):
    batch = services.create_batch(inspector, PeriodKind.QUARTERLY, 2026, 1)
    services.add_item(inspector, batch, large_case)
    outsider = make_user("jinjiang-pub-leader", Role.SUPERVISOR, "510104")
    for action in ("submit", "approve"):
        with pytest.raises(PermissionDenied):
            services.transition(batch, action, outsider)
    with pytest.raises(PermissionDenied):
        services.add_item(outsider, batch, large_case)


def test_only_the_batch_bureau_approves_and_publishes(
    client, inspector, supervisor, make_user, large_case
):
    """Order 29 art. 10: the county bureau answers for its publication. The city's leader sees
    the county's batch (jurisdiction) but neither approves, returns nor publishes it."""
    batch = services.create_batch(inspector, PeriodKind.QUARTERLY, 2026, 1)
    services.add_item(inspector, batch, large_case)
    batch = services.transition(batch, "submit", inspector)
    city_leader = make_user("chengdu-pub-leader", Role.SUPERVISOR, "510100")
    for action in ("approve", "return"):
        with pytest.raises(PermissionDenied) as exc:
            services.transition(batch, action, city_leader, note="意见")
        assert "公布机关" in str(exc.value)
    client.force_login(city_leader)
    page = client.get(f"/publications/{batch.pk}/").content.decode()
    assert large_case.number in page and 'value="approve"' not in page
    batch = services.transition(batch, "approve", supervisor)
    with pytest.raises(PermissionDenied):
        services.transition(batch, "publish", city_leader)
    batch.refresh_from_db()
    assert batch.state == State.APPROVED and batch.published_at is None
    assert services.transition(batch, "publish", supervisor).state == State.PUBLISHED


def test_a_case_outside_the_bureau_cannot_join(inspector, make_user):
    jinjiang = make_user("jinjiang-pub-insp", Role.INSPECTOR, "510104")
    foreign = factories.case(
        jinjiang,
        "锦江建筑公司",
        [factories.worker("吴九", "30000", 4)],
        region="510104",
        decided_on=DECIDED,
    )
    batch = services.create_batch(inspector, PeriodKind.QUARTERLY, 2026, 1)
    with pytest.raises(PermissionDenied):
        services.add_item(inspector, batch, foreign)


@pytest.mark.parametrize(
    ("response", "queued"),
    [("pending", True), ("accepted", True), ("filed", True), ("not_filed", False)],
)
def test_a_transfer_the_police_declined_is_queued_only_if_the_arrears_qualify(
    inspector, transferred_case, large_case, response, queued
):
    """Issue 9 item 16: small arrears, transferred: queued while the transfer stands; once the
    police declined to file, only a case whose arrears qualify (large_case) stays."""
    transferred_case.transfers.update(response=response)
    large_case.transfers.create(
        transferred_on=dt.date(2026, 3, 10),
        police_agency="成都市公安局武侯区分局",
        threshold_answer="meets",
        conduct="order_ignored",
        response="not_filed",
    )
    entries = {e.case.pk: e for e in queue(inspector)}
    assert (transferred_case.pk in entries) is queued
    assert large_case.pk in entries  # decided, amount is large: queued on its own
    assert any("不予立案" in r for r in entries[large_case.pk].answer.reasons)
    if not queued:
        batch = services.create_batch(inspector, PeriodKind.AD_HOC)
        with pytest.raises(ValidationError) as exc:
            services.add_item(inspector, batch, transferred_case)
        assert "《重大劳动保障违法行为社会公布办法》" in exc.value.message_dict["case"][0]
