"""送达 (issue 9 items 1 and 13): the crime's conduct condition read from served orders to pay,
recording service of a document (date bounds, methods, public notice, correction), and the fine
payment deadline counted from service (Administrative Penalty Law art. 67) on the calendar
(Civil Code arts. 201, 203: a last day on a weekend or holiday moves, a make-up working day
counts)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from wageguard.cases.models import CaseDocument, Decision
from wageguard.cases.rules import (
    Conduct,
    DecisionState,
    PayOrder,
    ServiceMethod,
    ordered_and_unpaid,
    public_notice_served_on,
)
from wageguard.cases.services import measures, threshold_for
from wageguard.cases.services.documents import fine_deadline, record_service
from wageguard.core.calendar import days_period_end
from wageguard.core.models import AuditEvent

from .conftest import backdate, serve

D = dt.date
TODAY = D(2026, 6, 15)


def _order(**over) -> PayOrder:
    data = {
        "label": "武人社监令〔2026〕1号",
        "state": DecisionState.NOT_COMPLIED,
        "deadline": D(2026, 6, 10),
        "served_on": D(2026, 6, 1),
        "method": ServiceMethod.DIRECT,
    }
    return PayOrder(**(data | over))


# --- the conduct condition (pure) -------------------------------------------------------------


def test_a_served_order_lapsed_unpaid_meets_the_conduct():
    answer = ordered_and_unpaid([_order()], TODAY)
    assert answer.met is True
    assert "2026-06-01直接送达" in answer.reason and "2026-06-10 届满仍未支付" in answer.reason


@pytest.mark.parametrize(
    ("served_on", "met"),
    [(D(2026, 6, 9), True), (D(2026, 6, 10), True), (D(2026, 6, 11), None)],
)
def test_service_on_or_before_the_deadline_counts(served_on, met):
    answer = ordered_and_unpaid([_order(served_on=served_on)], TODAY)
    assert answer.met is met
    if met is None:
        assert "晚于履行期限 2026-06-10" in answer.reason


@pytest.mark.parametrize(
    ("deadline", "state", "text"),
    [
        (D(2026, 6, 14), DecisionState.ISSUED, "已届满，尚未登记履行情况"),  # the day after
        (D(2026, 6, 15), DecisionState.ISSUED, "尚未届满"),  # the deadline is today
        (D(2026, 6, 16), DecisionState.ISSUED, "尚未届满"),
    ],
)
def test_the_deadline_must_run_out_and_the_outcome_be_recorded(deadline, state, text):
    answer = ordered_and_unpaid([_order(deadline=deadline, state=state)], TODAY)
    assert answer.met is None and text in answer.reason


def test_not_served_or_not_yet_effective_is_not_yet():
    answer = ordered_and_unpaid([_order(served_on=None, method="")], TODAY)
    assert answer.met is None and "尚未登记送达" in answer.reason
    assert "《中华人民共和国刑法》第二百七十六条之一" in answer.reason
    notice = _order(served_on=D(2026, 7, 1), method=ServiceMethod.PUBLIC_NOTICE)
    answer = ordered_and_unpaid([notice], TODAY)
    assert answer.met is None and "2026-07-01方视为送达" in answer.reason
    assert "《中华人民共和国民事诉讼法》第九十五条" in answer.reason


def test_no_order_is_not_yet_and_complied_orders_are_known_absent():
    assert ordered_and_unpaid([], TODAY).met is None
    assert "尚未以责令改正指令书或处理决定书责令支付" in ordered_and_unpaid([], TODAY).reason
    complied = ordered_and_unpaid([_order(state=DecisionState.COMPLIED)], TODAY)
    assert complied.met is False and "均已按期履行" in complied.reason
    withdrawn = _order(state=DecisionState.WITHDRAWN)
    assert ordered_and_unpaid([withdrawn], TODAY).met is None


def test_posting_counts_only_for_an_absconded_employer():
    posted = _order(method=ServiceMethod.POSTED)
    assert ordered_and_unpaid([posted], TODAY, Conduct.ABSCONDED).met is True
    on_page = ordered_and_unpaid([posted], TODAY)
    assert on_page.met is True and "仅适用于以逃匿方法逃避支付的情形" in on_page.reason
    refusing = ordered_and_unpaid([posted], TODAY, Conduct.ORDER_IGNORED)
    assert refusing.met is None and "第四条第二款" in refusing.reason
    # A second order served directly qualifies for the refusing form.
    both = ordered_and_unpaid([posted, _order(label="二号")], TODAY, Conduct.ORDER_IGNORED)
    assert both.met is True and "二号" in both.reason


# --- the calendar: 15 days from service, a public notice's 30 days ---------------------------


@pytest.mark.parametrize(
    ("served", "last"),
    [
        (D(2025, 3, 6), D(2025, 3, 21)),  # a Friday: stays
        (D(2025, 3, 7), D(2025, 3, 24)),  # Saturday 03-22 moves to Monday
        (D(2025, 3, 8), D(2025, 3, 24)),  # Sunday 03-23 moves to Monday
        (D(2025, 1, 24), D(2025, 2, 8)),  # Saturday 02-08 is a make-up working day: stays
        (D(2025, 9, 13), D(2025, 9, 28)),  # Sunday 09-28 is a make-up working day: stays
        (D(2025, 9, 16), D(2025, 10, 9)),  # National Day holiday 10-01..08 moves to 10-09
    ],
)
def test_fine_deadline_boundaries(served, last):
    assert fine_deadline(served) == last == days_period_end(served, 15).date


def test_public_notice_counts_thirty_days_later():
    assert public_notice_served_on(D(2025, 3, 2)).date == D(2025, 4, 1)  # a Tuesday
    assert public_notice_served_on(D(2025, 9, 1)).date == D(2025, 10, 9)  # holiday moves it


# --- recording service ----------------------------------------------------------------------


def _days(n: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=n)


def _issued_order(case, user, issued=-20, deadline=-5) -> Decision:
    backdate(case, 40)
    return measures.issue_measure(
        case, user, "order", issued_on=_days(issued), deadline=_days(deadline)
    )


@pytest.mark.django_db
def test_service_date_bounds(heard, inspector):
    order = _issued_order(heard, inspector)
    document = order.document
    for day, field in ((_days(-21), "served_on"), (_days(1), "served_on")):
        with pytest.raises(ValidationError) as exc:
            record_service(document, inspector, service_method="direct", served_on=day)
        assert field in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        record_service(document, inspector, service_method="fax", served_on=_days(-20))
    assert "service_method" in exc.value.message_dict
    document = record_service(document, inspector, service_method="direct", served_on=_days(-20))
    assert document.served_on == _days(-20) and document.served_to == heard.employer_name
    assert document.service_recorded_by == inspector
    # Today is allowed too (a correction, with its reason).
    document = record_service(
        document, inspector, service_method="direct", served_on=_days(0), reason="回执日期有误"
    )
    assert document.served_on == _days(0)


@pytest.mark.django_db
def test_recorded_once_a_correction_needs_a_reason_and_is_audited(heard, inspector):
    document = serve(_issued_order(heard, inspector), inspector)
    with pytest.raises(ValidationError) as exc:
        record_service(document, inspector, service_method="post", served_on=_days(-18))
    assert "reason" in exc.value.message_dict and _days(-20).isoformat() in str(exc.value)
    record_service(
        document, inspector, service_method="post", served_on=_days(-18), reason="以回执为准"
    )
    event = AuditEvent.objects.filter(action="case.record_service").order_by("-seq").first()
    assert event.reason == "以回执为准"
    assert event.before["served_on"] == _days(-20).isoformat()
    assert event.before["service_method"] == "direct"
    assert heard.history.filter(action="record_service").count() == 2


@pytest.mark.django_db
def test_posting_leaving_and_public_notice_say_how(heard, inspector):
    document = _issued_order(heard, inspector).document
    for method, note, text in (
        ("posted", "", "拍照或录像"),
        ("posted", "张贴于工地大门", "拍照或录像"),
        ("left", "", "第八十九条"),
        ("public_notice", "", "第九十五条"),
    ):
        with pytest.raises(ValidationError) as exc:
            record_service(
                document, inspector, service_method=method, served_on=_days(-20), service_note=note
            )
        assert text in exc.value.message_dict["service_note"][0]
    notice = record_service(
        document,
        inspector,
        service_method="public_notice",
        served_on=_days(-20),
        service_note="下落不明，在本局网站公告",
    )
    assert notice.notice_on == _days(-20)
    assert notice.served_on == days_period_end(_days(-20), 30).date > timezone.localdate()
    # Not yet effective: the conduct condition is "not yet".
    measures.record_outcome(
        Decision.objects.get(document=document), inspector, complied=False, on=_days(-4)
    )
    result = threshold_for(heard)
    assert result.conduct is None and "方视为送达" in result.reasons[-1]


@pytest.mark.django_db
def test_a_fine_has_no_deadline_until_served(heard, inspector):
    backdate(heard, 40)
    penalty = measures.issue_measure(
        heard, inspector, "penalty", penalty_key="423-30-1", fine_amount=2000, issued_on=_days(-30)
    )
    assert penalty.deadline is None
    with pytest.raises(ValidationError) as exc:
        measures.issue_measure(
            heard, inspector, "penalty", penalty_key="423-30-1", fine_amount=2000, deadline=_days(5)
        )
    assert "第六十七条" in exc.value.message_dict["deadline"][0]
    with pytest.raises(ValidationError) as exc:
        measures.record_outcome(penalty, inspector, complied=False, on=_days(0))
    assert "尚未登记送达" in exc.value.message_dict["complied"][0]
    serve(penalty, inspector, on=_days(-25))
    penalty.refresh_from_db()
    assert penalty.deadline == days_period_end(_days(-25), 15).date
    # Not complied only after that day.
    with pytest.raises(ValidationError):
        measures.record_outcome(penalty, inspector, complied=False, on=penalty.deadline)
    penalty = measures.record_outcome(
        penalty, inspector, complied=False, on=penalty.deadline + dt.timedelta(days=1)
    )
    assert penalty.state == "not_complied"
    # Its outcome recorded, the service can no longer be corrected.
    with pytest.raises(ValidationError) as exc:
        record_service(
            CaseDocument.objects.get(decision=penalty),
            inspector,
            service_method="direct",
            served_on=_days(-24),
            reason="更正",
        )
    assert "served_on" in exc.value.message_dict


@pytest.mark.django_db
def test_fine_deadline_through_the_api_and_the_page(client, heard, inspector):
    """A weekend last day moves to Monday (Civil Code art. 203), through the API; the page shows
    "自送达之日起十五日" before service and the service state of each document."""
    backdate(heard, 700)
    penalty = measures.issue_measure(
        heard,
        inspector,
        "penalty",
        penalty_key="423-30-1",
        fine_amount=2000,
        issued_on=D(2025, 3, 1),
    )
    client.force_login(inspector)
    page = client.get(f"/cases/{heard.pk}/").content.decode()
    assert "自送达之日起十五日" in page and "未送达" in page and "已作出，待履行" in page
    url = f"/api/v1/cases/{heard.pk}/documents/{penalty.document_id}/service"
    response = client.post(
        url, {"service_method": "direct", "served_on": "2025-03-07"}, "application/json"
    )
    assert response.status_code == 200, response.json()
    penalty.refresh_from_db()
    assert penalty.deadline == D(2025, 3, 24)
    detail = client.get(f"/api/v1/cases/{heard.pk}").json()
    measure = next(m for m in detail["measures"] if m["id"] == penalty.pk)
    assert measure["deadline"] == "2025-03-24"
    assert measure["document"]["served_on"] == "2025-03-07"
    page = client.get(f"/cases/{heard.pk}/").content.decode()
    assert "2025-03-24" in page and f'data-document="{penalty.document_id}" data-served="1"' in page
