"""Staff clue pages: inbox, badges, masking, bulk assign, detail, actions, arrears, files."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile

from wageguard.clues.models import ArrearsLine, Attachment, Clue
from wageguard.clues.rules import State
from wageguard.core.models import AuditEvent
from wageguard.org.bootstrap import create_agencies
from wageguard.org.rules import Role

from .conftest import submit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _agencies(db):
    create_agencies("51")


def events(action: str, clue: Clue | None = None) -> int:
    qs = AuditEvent.objects.filter(action=action)
    if clue is not None:
        qs = qs.filter(object_id=str(clue.pk))
    return qs.count()


def test_inbox_lists_filters_and_marks_deadlines(client, make_user, raw):
    inspector = make_user("insp", Role.INSPECTOR, "510107")
    late = submit(raw, employer_name="成都迟到建筑有限公司")
    Clue.objects.filter(pk=late.pk).update(due_date=dt.date(2020, 1, 2))
    urgent = submit(raw, employer_name="成都紧急劳务有限公司", workers_owed=30)
    client.force_login(inspector)
    page = client.get("/clues/").content.decode()
    assert late.tracking_code in page and urgent.tracking_code in page
    assert 'data-sla="overdue"' in page and 'data-urgent="1"' in page
    assert "涉及 30 名劳动者" in page  # the urgent badge's tooltip names the reason
    page = client.get("/clues/", {"sla": "overdue"}).content.decode()
    assert late.tracking_code in page and urgent.tracking_code not in page
    page = client.get("/clues/", {"urgent": "1", "state": "open"}).content.decode()
    assert urgent.tracking_code in page and late.tracking_code not in page
    page = client.get("/clues/", {"q": "迟到"}).content.decode()
    assert late.tracking_code in page and urgent.tracking_code not in page
    page = client.get("/clues/", {"assignee": "none", "sort": "-amount"}).content.decode()
    assert late.tracking_code in page
    bad = client.get("/clues/", {"state": "nonsense"})
    assert bad.status_code == 200 and "状态无效" in bad.content.decode()


def test_inbox_masks_personal_data_for_everyone(client, make_user, raw):
    """Masked for the auditor, and for the inspector too until a row is revealed (issue 10)."""
    clue = submit(raw)
    client.force_login(make_user("aud", Role.AUDITOR, "510107"))
    page = client.get("/clues/").content.decode()
    assert clue.tracking_code in page
    assert clue.phone not in page and clue.phone[:3] + "****" + clue.phone[-4:] in page
    assert 'data-testid="reveal"' not in page
    client.force_login(make_user("insp", Role.INSPECTOR, "510107"))
    page = client.get("/clues/").content.decode()
    assert clue.phone not in page and clue.phone[:3] + "****" + clue.phone[-4:] in page
    assert 'data-testid="reveal"' in page


def test_inbox_query_count_does_not_grow_with_clues(client, make_user, raw, query_baseline):
    client.force_login(make_user("sup", Role.SUPERVISOR, "510107"))
    for _ in range(10):
        submit(raw)
    client.get("/clues/")  # warm the per-process caches (settings row, calendar)
    with query_baseline("clues.inbox_10_clues") as few:
        assert client.get("/clues/").status_code == 200
    for _ in range(50):
        submit(raw)
    with query_baseline("clues.inbox_60_clues") as many:
        assert client.get("/clues/").status_code == 200
    assert len(few) == len(many)


def test_bulk_assign_checks_each_clue_and_audits(client, make_user, raw):
    supervisor = make_user("sup", Role.SUPERVISOR, "510107")
    inspector = make_user("insp", Role.INSPECTOR, "510107")
    ours = [submit(raw) for _ in range(2)]
    theirs = submit(raw, work_address="四川省成都市锦江区春熙路 1 号")
    client.force_login(supervisor)
    response = client.post(
        "/clues/assign/",
        {"clues": [c.pk for c in ours], "assignee": inspector.pk, "next": "?state=open"},
    )
    assert response.status_code == 302 and response["Location"] == "/clues/?state=open"
    assert set(Clue.objects.filter(assignee=inspector).values_list("pk", flat=True)) == {
        c.pk for c in ours
    }
    assert events("clue.assign") == 2
    # Another county's clue is not even a valid choice: nothing changes.
    client.post("/clues/assign/", {"clues": [theirs.pk], "assignee": inspector.pk})
    theirs.refresh_from_db()
    assert theirs.assignee_id is None
    # An inspector may not assign at all.
    client.force_login(inspector)
    assert client.post("/clues/assign/", {"clues": [ours[0].pk]}).status_code == 403


def test_city_supervisor_cannot_assign_to_another_countys_inspector(client, make_user, raw):
    from wageguard.clues.services.assignment import bulk_assign

    city = make_user("city", Role.SUPERVISOR, "510100")
    jinjiang = make_user("jj", Role.INSPECTOR, "510104")
    clue = submit(raw)
    result = bulk_assign(city, [clue], jinjiang)
    assert not result.assigned and "承办机构" in result.skipped[0][1]


def test_detail_shows_everything_and_is_audited(client, make_user, raw):
    inspector = make_user("insp", Role.INSPECTOR, "510107")
    clue = submit(raw, workers_owed=12)
    twin = submit(raw, phone=clue.phone)
    Attachment.objects.create(
        clue=clue,
        file=ContentFile(b"%PDF-1.4 test", name="a.pdf"),
        original_name="工资条.pdf",
        content_type="application/pdf",
        size=13,
        sha256="0" * 64,
    )
    client.force_login(inspector)
    response = client.get(f"/clues/{clue.pk}/")
    page = response.content.decode()
    assert response.status_code == 200
    assert clue.employer_name in page and clue.phone in page and "工资条.pdf" in page
    assert "涉及 12 名劳动者" in page
    assert f'data-duplicate="{twin.pk}"' in page and "反映人手机号相同" in page
    assert 'data-action="accept"' in page and 'data-action="reject"' in page
    assert 'data-action="reply"' not in page  # not allowed in this state
    assert "查询密码 ********" in page  # the SMS is shown without the reporter's secret
    assert events("clue.view", clue) == 1


def test_whole_workflow_through_the_pages(client, make_user, raw):
    inspector = make_user("insp", Role.INSPECTOR, "510107")
    clue = submit(raw)
    client.force_login(inspector)
    url = f"/clues/{clue.pk}/transition/"
    assert client.post(url, {"action": "accept"}).status_code == 302
    assert client.post(url, {"action": "start_verification"}).status_code == 302
    response = client.post(url, {"action": "resolve", "resolve-resolution": "paid_in_full"})
    assert response.status_code == 302
    response = client.post(url, {"action": "reply"})
    assert response.status_code == 400 and "请填写答复内容" in response.content.decode()
    response = client.post(url, {"action": "reply", "reply-reply_text": "已全额支付。"})
    assert response.status_code == 302
    clue.refresh_from_db()
    assert clue.state == State.REPLIED and clue.assignee == inspector
    # An action the table does not allow in this state names the state.
    response = client.post(url, {"action": "accept"}, follow=True)
    assert "当前状态（已答复）不能执行“受理”" in response.content.decode()


def test_merge_from_the_duplicate_suggestion(client, make_user, raw):
    # An inspector: services._merge_target reads the primary with restrict(user, "change").
    clerk = make_user("insp", Role.INSPECTOR, "510107")
    first = submit(raw)
    second = submit(raw, phone=first.phone)
    client.force_login(clerk)
    response = client.post(
        f"/clues/{second.pk}/transition/",
        {"action": "merge", "merge-into": first.tracking_code},
    )
    assert response.status_code == 302
    second.refresh_from_db()
    assert second.state == State.MERGED and second.merged_into == first
    page = client.get(f"/clues/{first.pk}/").content.decode()
    assert f'data-duplicate="{second.pk}"' not in page and second.tracking_code in page


def test_arrears_lines_and_recovery(client, make_user, raw, people):
    inspector = make_user("insp", Role.INSPECTOR, "510107")
    clue = submit(raw)
    client.force_login(inspector)
    worker = people.person()
    response = client.post(
        f"/clues/{clue.pk}/arrears/",
        {"line-worker_name": worker.name, "line-id_number": "123", "line-amount_owed": "8000"},
    )
    assert response.status_code == 400 and 'data-field="id_number"' in response.content.decode()
    response = client.post(
        f"/clues/{clue.pk}/arrears/",
        {
            "line-worker_name": worker.name,
            "line-id_number": worker.id_number,
            "line-amount_owed": "8000",
        },
    )
    assert response.status_code == 302
    line = ArrearsLine.objects.get(clue=clue)
    response = client.post(
        f"/clues/{clue.pk}/arrears/{line.pk}/recovery/",
        {
            f"rec-{line.pk}-amount_recovered": "5000",
            f"rec-{line.pk}-recovered_on": "2026-11-20",
            f"rec-{line.pk}-method": "employer",
        },
    )
    assert response.status_code == 302
    line.refresh_from_db()
    assert line.amount_recovered == Decimal("5000.00")
    page = client.get(f"/clues/{clue.pk}/").content.decode()
    assert 'data-testid="owed-total">8000.00' in page
    assert 'data-testid="recovered-total">5000.00' in page
    assert events("clue.recovery", clue) == 1
    # More than owed is refused with the service's message.
    response = client.post(
        f"/clues/{clue.pk}/arrears/{line.pk}/recovery/",
        {
            f"rec-{line.pk}-amount_recovered": "9000",
            f"rec-{line.pk}-recovered_on": "2026-11-20",
            f"rec-{line.pk}-method": "employer",
        },
    )
    # ... in place under its line, the amount typed kept (issue 14), not a redirect.
    body = response.content.decode()
    assert response.status_code == 400 and "追回金额须在 0 与欠薪金额之间" in body
    assert f'id="rec-{line.pk}" open' in body and 'value="9000"' in body


def test_attachment_download_is_scoped_and_audited(client, make_user, raw):
    clue = submit(raw)
    item = Attachment.objects.create(
        clue=clue,
        file=ContentFile(b"%PDF-1.4 payslip", name="p.pdf"),
        original_name="工资条.pdf",
        content_type="application/pdf",
        size=16,
        sha256="0" * 64,
    )
    url = f"/clues/{clue.pk}/attachments/{item.pk}/"
    client.force_login(make_user("jj", Role.INSPECTOR, "510104"))
    assert client.get(url).status_code == 404
    client.force_login(make_user("insp", Role.INSPECTOR, "510107"))
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 payslip"
    assert "attachment" in response["Content-Disposition"]
    assert events("clue.attachment", clue) == 1


def test_other_county_gets_404_everywhere(client, make_user, raw):
    clue = submit(raw)
    client.force_login(make_user("jj", Role.SUPERVISOR, "510104"))
    assert client.get(f"/clues/{clue.pk}/").status_code == 404
    assert client.post(f"/clues/{clue.pk}/transition/", {"action": "accept"}).status_code == 404
    assert clue.tracking_code not in client.get("/clues/").content.decode()
    clue.refresh_from_db()
    assert clue.state == State.RECEIVED


def test_pages_need_a_clue_role(client, make_user):
    client.force_login(make_user("adm", Role.ADMIN, "510107"))
    assert client.get("/clues/").status_code == 403
    assert client.get("/clues/overview/").status_code == 403
