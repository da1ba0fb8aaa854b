"""Prefecture progress reports (issue 13 item 2): a round asks every prefecture; the figures of a
submitted report are the dispatch KPIs at the moment it was submitted and stay so; late, return
and refusals; the round page names who has not reported, in a constant number of queries; the
reminders go once a day, a day before the due date and the day after."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from tests import factories
from wageguard.core.models import AuditEvent
from wageguard.dispatch.kpis import Scope, compute
from wageguard.dispatch.rounds import services
from wageguard.dispatch.rounds.models import ProgressReport, ProgressReportReminder
from wageguard.org.models import Notification
from wageguard.regions.models import Level, Region

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
CHENGDU, ZIGONG = "510100", "510300"


@pytest.fixture
def province(make_user):
    return make_user("rounds-taskforce", "taskforce", "510000")


@pytest.fixture
def chengdu(make_user):
    return make_user("rounds-chengdu", "supervisor", CHENGDU)


def _round(actor, **over):
    data = {
        "title": "冬季专项行动调度",
        "start": TODAY - dt.timedelta(days=6),
        "end": TODAY,
        "due_date": TODAY + dt.timedelta(days=2),
        "cadence": "weekly",
    }
    return services.create_round(actor, **{**data, **over})


def _report(r, code=CHENGDU):
    return ProgressReport.objects.get(round=r, region_id=code)


def test_a_round_asks_every_prefecture_once(province, chengdu):
    r = _round(province)
    cities = set(
        Region.objects.filter(province_code="51", level=Level.CITY).values_list("code", flat=True)
    )
    reports = ProgressReport.objects.filter(round=r)
    assert set(reports.values_list("region_id", flat=True)) == cities
    assert len(cities) == 21
    assert set(reports.values_list("state", flat=True)) == {"requested"}
    assert AuditEvent.objects.filter(action="dispatch.round_create").count() == 1
    assert Notification.objects.filter(user=chengdu, url=services._report_url(_report(r))).exists()


def test_only_the_province_starts_a_round(chengdu, make_user):
    with pytest.raises(PermissionDenied):
        _round(chengdu)


def test_refusals_name_the_field(province, chengdu):
    with pytest.raises(ValidationError) as exc:
        _round(province, title=" ")
    assert "title" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        _round(province, due_date=TODAY - dt.timedelta(days=1))
    assert "due_date" in exc.value.message_dict
    r = _round(province)
    with pytest.raises(ValidationError) as exc:
        services.submit(chengdu, _report(r), "  ")
    assert "narrative" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.submit(chengdu, _report(r), "x" * 2001)
    assert "narrative" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.submit(chengdu, _report(r), "好", {"clues_received": "x" * 501})
    assert "explain_clues_received" in exc.value.message_dict


def test_frozen_figures_equal_the_kpis_at_submit(province, chengdu, raw):
    r = _round(province)
    factories.clue_intake(raw())  # a Wuhou clue received today: 成都's
    report = services.submit(chengdu, _report(r), "本周进展", {"clues_received": "新增一件"})
    expected = compute(chengdu, Scope(report.region, r.start, r.end), drill=False)
    values = {f.key: f.value for f in expected.total.figures}
    assert services.value_of(report, "clues_received") == values["clues_received"] == 1
    for row in report.figures:
        v = values[row["key"]]
        assert row["value"] == (None if v is None else str(v))
    assert report.computed_at is not None and report.state == "submitted"
    assert report.explanations == {"clues_received": "新增一件"}
    # New records later do not change what was said.
    factories.clue_intake(raw())
    report.refresh_from_db()
    assert services.value_of(report, "clues_received") == 1
    assert report.history.count() == 2  # requested, submitted
    assert AuditEvent.objects.filter(action="dispatch.report_submit").count() == 1


def test_another_prefecture_or_the_province_cannot_submit(province, chengdu, make_user):
    r = _round(province)
    zigong = make_user("rounds-zigong", "supervisor", ZIGONG)
    with pytest.raises(PermissionDenied):
        services.submit(zigong, _report(r), "冒名")
    with pytest.raises(PermissionDenied):
        services.submit(province, _report(r), "代报")
    wuhou = make_user("rounds-wuhou", "supervisor", "510107")
    with pytest.raises(PermissionDenied):
        services.submit(wuhou, _report(r), "县级")
    assert _report(r).state == "requested"


def test_return_and_submit_again(province, chengdu):
    r = _round(province)
    with pytest.raises(ValidationError) as exc:
        services.return_report(province, _report(r), "补充")
    assert "action" in exc.value.message_dict  # not submitted yet
    services.submit(chengdu, _report(r), "初稿")
    with pytest.raises(ValidationError) as exc:
        services.return_report(province, _report(r), "")
    assert "note" in exc.value.message_dict
    with pytest.raises(PermissionDenied):
        services.return_report(chengdu, _report(r), "自己退回")
    report = services.return_report(province, _report(r), "请补充欠薪化解情况")
    assert report.state == "returned" and report.return_note == "请补充欠薪化解情况"
    report = services.submit(chengdu, report, "补充后")
    assert report.state == "submitted" and report.narrative == "补充后"
    assert [h.action for h in report.history.all()] == ["request", "submit", "return", "submit"]


def test_late_is_not_submitted_by_the_due_date(province, chengdu):
    r = _round(
        province,
        start=TODAY - dt.timedelta(days=10),
        end=TODAY - dt.timedelta(days=4),
        due_date=TODAY - dt.timedelta(days=1),
    )
    report = _report(r)
    assert services.is_late(report)
    assert not services.is_late(report, today=r.due_date)
    report = services.submit(chengdu, report, "迟报")
    assert services.is_late(report)  # submitted after the due date stays late
    on_time = _report(_round(province, title="另一轮"))
    on_time = services.submit(chengdu, on_time, "按时")
    assert not services.is_late(on_time, today=TODAY + dt.timedelta(days=30))


def test_next_round_shifts_the_period_by_the_cadence(province):
    r = _round(province, cadence="every10")
    following = services.next_round(province, r)
    assert following.number == 2 and following.previous == r
    assert following.start - r.start == dt.timedelta(days=10)
    assert following.due_date - r.due_date == dt.timedelta(days=10)
    assert following.reports.count() == 21
    with pytest.raises(ValidationError) as exc:
        services.next_round(province, r)
    assert "round" in exc.value.message_dict


def test_reminders_a_day_before_and_the_day_after_once_a_day(province, chengdu):
    r = _round(province, due_date=TODAY + dt.timedelta(days=1))
    services.submit(chengdu, _report(r), "已报")
    before = services.remind(today=TODAY)
    assert len(before.sent) == 20  # every prefecture but 成都
    assert services.remind(today=TODAY).sent == []  # once a day
    after = services.remind(today=TODAY + dt.timedelta(days=2))
    assert len(after.sent) == 20
    assert services.remind(today=TODAY + dt.timedelta(days=3)).sent == []
    kinds = set(ProgressReportReminder.objects.values_list("kind", flat=True))
    assert kinds == {"before", "after"}
    assert not ProgressReportReminder.objects.filter(report__region_id=CHENGDU).exists()


def test_dry_run_sends_nothing(province):
    _round(province, due_date=TODAY + dt.timedelta(days=1))
    assert len(services.remind(today=TODAY, dry_run=True).sent) == 21
    assert not ProgressReportReminder.objects.exists()


# --- pages ----------------------------------------------------------------------------------


def test_round_page_names_who_has_not_reported(client, province, chengdu):
    r = _round(province)
    services.submit(chengdu, _report(r), "已报")
    client.force_login(province)
    page = client.get(reverse("dispatch:round", kwargs={"pk": r.pk})).content.decode()
    top = page.split('data-testid="missing"')[1].split("</div>")[0]
    assert "自贡市" in top and "成都市" not in top
    assert "尚未报送（20）" in top


def test_prefecture_sees_its_own_report_only(client, province, chengdu, make_user):
    r = _round(province)
    client.force_login(chengdu)
    page = client.get(reverse("dispatch:round", kwargs={"pk": r.pk})).content.decode()
    assert "成都市" in page and "自贡市" not in page
    other = _report(r, ZIGONG)
    assert client.get(reverse("dispatch:report", kwargs={"pk": other.pk})).status_code == 404
    county = make_user("rounds-county", "supervisor", "510107")
    client.force_login(county)
    assert client.get(reverse("dispatch:round", kwargs={"pk": r.pk})).status_code == 404
    assert client.get(reverse("dispatch:rounds")).status_code == 200


def test_report_page_submits_with_figures_read_only(client, province, chengdu):
    r = _round(province)
    url = reverse("dispatch:report", kwargs={"pk": _report(r).pk})
    client.force_login(chengdu)
    page = client.get(url).content.decode()
    assert 'data-kpi="clues_received"' in page and 'name="explain_clues_received"' in page
    assert 'name="clues_received"' not in page  # the figure is never an input
    answer = client.post(url, {"narrative": ""})
    assert answer.status_code == 200 and "invalid-feedback" in answer.content.decode()
    answer = client.post(url, {"narrative": "本周化解欠薪", "explain_clues_received": "说明"})
    assert answer.status_code == 302
    page = client.get(url).content.decode()
    assert 'data-testid="report-form"' not in page and "本周化解欠薪" in page and "说明" in page


def test_province_creates_a_round_from_the_page(client, province):
    client.force_login(province)
    answer = client.post(
        reverse("dispatch:round-new"),
        {
            "title": "第一轮",
            "start": TODAY.isoformat(),
            "end": TODAY.isoformat(),
            "due_date": (TODAY - dt.timedelta(days=1)).isoformat(),
            "cadence": "every3",
        },
    )
    assert answer.status_code == 200
    assert "报送截止日期不得早于统计期间止" in answer.content.decode()
    assert 'value="第一轮"' in answer.content.decode()  # input kept
    answer = client.post(
        reverse("dispatch:round-new"),
        {
            "title": "第一轮",
            "start": TODAY.isoformat(),
            "end": TODAY.isoformat(),
            "due_date": TODAY.isoformat(),
            "cadence": "every3",
        },
    )
    assert answer.status_code == 302
    assert ProgressReport.objects.count() == 21


def test_round_page_queries_do_not_grow(client, province, chengdu, query_baseline):
    r = _round(province)
    client.force_login(province)
    url = reverse("dispatch:round", kwargs={"pk": r.pk})
    client.get(url)
    with query_baseline("dispatch.round_page"):
        client.get(url)
    services.submit(chengdu, _report(r), "已报")
    _round(province, title="第二轮")
    with query_baseline("dispatch.round_page"):
        client.get(url)


def test_demo_three_rounds_one_prefecture_late(settings, tmp_path):
    from wageguard.demo import campaigns
    from wageguard.demo import dispatch as demo
    from wageguard.demo.province import seed

    settings.MEDIA_ROOT = tmp_path
    seed(with_clues=False)
    campaigns.seed("51")
    assert demo.seed() == 21 + 21 + 20
    assert demo.seed() == 0
    first, second, third = _rounds_in_order()
    assert (first.number, second.number, third.number) == (1, 2, 3)
    assert third.previous == second and second.previous == first
    for r in (first, second):
        assert not r.reports.exclude(state="submitted").exists()
        assert not any(services.is_late(report) for report in r.reports.select_related("round"))
    waiting = third.reports.exclude(state="submitted").select_related("round", "region")
    assert [(x.region.name, services.is_late(x)) for x in waiting] == [("攀枝花市", True)]


def _rounds_in_order():
    from wageguard.dispatch.rounds.models import DispatchRound

    return list(DispatchRound.objects.order_by("number"))


def test_province_reads_live_figures_of_a_report_not_yet_submitted(client, province):
    r = _round(province)
    client.force_login(province)
    page = client.get(reverse("dispatch:report", kwargs={"pk": _report(r).pk})).content.decode()
    assert 'data-kpi="clues_received"' in page
    assert 'data-testid="report-form"' not in page and 'name="explain_' not in page
    assert 'data-testid="return-form"' not in page  # nothing submitted to return yet
