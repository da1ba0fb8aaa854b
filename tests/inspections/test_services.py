"""Recording checks, the ledger item a failed check opens, and jurisdiction (the ledger's workflow:
tests/campaigns)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from wageguard.campaigns.models import LedgerItem
from wageguard.campaigns.rules import LedgerState
from wageguard.core import calendar
from wageguard.core.models import AuditEvent
from wageguard.inspections import rules, services
from wageguard.inspections.models import ChannelCheck

from .conftest import call_data

pytestmark = pytest.mark.django_db


def test_failed_call_opens_ledger_item_due_ten_working_days_later_over_spring_festival(
    people, frozen_now
):
    # Friday 2025-01-24: 26 Jan (Sun) and 8 Feb (Sat) are make-up working days, 28 Jan - 4 Feb off.
    frozen_now(2025, 1, 24, 16, 30)
    checker = people["chengdu_supervisor"]
    wuhou = people["wuhou_inspector"].agency
    check = services.record_check(checker, **call_data(wuhou, notes="响铃 60 秒无人接听"))
    assert check.result == rules.CheckResult.FAILED and not check.passed
    assert check.region_id == "510107" and check.performed_by == checker
    finding = check.ledger_item
    assert finding.agency == wuhou and finding.region_id == "510107"
    assert finding.state == LedgerState.OPEN
    assert finding.due_date == dt.date(2025, 2, 13)
    assert finding.due_date == calendar.add_workdays(dt.date(2025, 1, 24), 10).date
    assert not finding.due_provisional
    assert "无人接听" in finding.description and "响铃 60 秒" in finding.description
    actions = list(
        AuditEvent.objects.filter(object_id__in=[str(check.pk), str(finding.pk)])
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions == ["channel_check.create", "ledger.open"]


def test_due_date_in_an_unknown_year_is_provisional(people, frozen_now):
    frozen_now(2100, 3, 1, 9, 0)
    check = services.record_check(
        people["chengdu_supervisor"], **call_data(people["wuhou_inspector"].agency)
    )
    assert check.ledger_item.due_provisional


def test_answered_but_mishandled_fails_and_correct_handling_passes(people):
    checker, wuhou = people["chengdu_supervisor"], people["wuhou_inspector"].agency
    wrong = services.record_check(
        checker, **call_data(wuhou, answered=True, handled_correctly=False, response_seconds=12)
    )
    assert wrong.result == "failed" and wrong.ledger_item.state == LedgerState.OPEN
    assert "未正确处理" in wrong.ledger_item.description
    right = services.record_check(
        checker,
        **call_data(
            wuhou,
            kind="undercover_visit",
            channel="window",
            contact="武侯区人社局一楼窗口",
            answered=True,
            handled_correctly=True,
        ),
    )
    assert right.result == "passed"
    assert not LedgerItem.objects.filter(channel_check=right).exists()
    assert LedgerItem.objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"answered": True, "handled_correctly": None}, "handled_correctly"),
        ({"answered": False, "handled_correctly": True}, "handled_correctly"),
        ({"kind": "test_call", "channel": "window"}, "channel"),
        ({"kind": "nonsense"}, "kind"),
        ({"contact": "  "}, "contact"),
        ({"response_seconds": -1}, "response_seconds"),
        ({"performed_at": dt.datetime(2999, 1, 1, tzinfo=dt.UTC)}, "performed_at"),
    ],
)
def test_invalid_check_names_the_field_and_writes_nothing(people, overrides, field):
    with pytest.raises(ValidationError) as info:
        services.record_check(
            people["chengdu_supervisor"],
            **call_data(people["wuhou_inspector"].agency, **overrides),
        )
    assert field in info.value.message_dict
    assert not ChannelCheck.objects.exists() and not LedgerItem.objects.exists()


def test_checker_only_checks_own_jurisdiction_and_below(people):
    wuhou = people["wuhou_inspector"].agency
    jinjiang = people["jinjiang_supervisor"].agency
    chengdu = people["chengdu_supervisor"].agency
    # A county cannot check its neighbour, nor the city above it.
    for target in (wuhou, chengdu):
        with pytest.raises(ValidationError) as info:
            services.record_check(people["jinjiang_supervisor"], **call_data(target))
        assert "agency" in info.value.message_dict
    # Another prefecture cannot check 成都市's counties.
    with pytest.raises(ValidationError):
        services.record_check(people["zigong_supervisor"], **call_data(wuhou))
    # The county may test its own line; the city its counties; the province everyone.
    services.record_check(people["jinjiang_supervisor"], **call_data(jinjiang))
    services.record_check(people["chengdu_supervisor"], **call_data(wuhou))
    services.record_check(people["province_taskforce"], **call_data(chengdu))
    assert ChannelCheck.objects.count() == 3


def test_roles_without_permission_cannot_record(people):
    with pytest.raises(PermissionDenied):
        services.record_check(
            people["chengdu_clerk"], **call_data(people["wuhou_inspector"].agency)
        )


def test_restrict_hides_other_counties_checks(people):
    services.record_check(
        people["chengdu_supervisor"], **call_data(people["wuhou_inspector"].agency)
    )
    assert not ChannelCheck.objects.restrict(people["jinjiang_supervisor"]).exists()
    assert not LedgerItem.objects.restrict(people["jinjiang_supervisor"]).exists()
    assert not ChannelCheck.objects.restrict(people["zigong_supervisor"]).exists()
    for viewer in ("wuhou_inspector", "chengdu_supervisor", "province_taskforce"):
        assert ChannelCheck.objects.restrict(people[viewer]).count() == 1
        assert LedgerItem.objects.restrict(people[viewer]).count() == 1


def test_pass_rate():
    assert rules.pass_rate(0, 0) is None and rules.pass_rate(4, 1) == 75.0
