"""Need to know (DESIGN: Money and people): roles outside org.rules.SEES_PERSONAL_DATA read a
case without workers' names and ID numbers, in the API's transfers as everywhere else."""

import datetime as dt

import pytest
from django.utils import timezone

from wageguard.cases import services
from wageguard.cases.services import measures, transfer
from wageguard.cases.services.investigation import assign_inspectors
from wageguard.org.rules import Role

from .conftest import backdate, direct_case, serve

pytestmark = pytest.mark.django_db


def _days(n: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=n)


@pytest.fixture
def transferred(inspector, colleague):
    """王五 owed ¥25,000 for 4 months, the order ignored, the case transferred to the police."""
    case = services.transition(direct_case(inspector), "start_investigation", inspector)
    assign_inspectors(case, inspector, [inspector.pk, colleague.pk])
    backdate(case, 40)
    order = measures.issue_measure(
        case, inspector, "order", issued_on=_days(-20), deadline=_days(-5)
    )
    serve(order, inspector)
    measures.record_outcome(order, inspector, complied=False, on=_days(-4))
    row = transfer.transfer_to_police(
        case,
        inspector,
        police_agency="成都市公安局武侯区分局",
        conduct="order_ignored",
        checklist=[],
    )
    assert any("王五" in r for r in row.threshold_reasons)  # stored as the police got them
    return case


def test_transfer_reasons_are_masked_for_the_auditor(client, transferred, inspector, make_user):
    client.force_login(make_user("aud", Role.AUDITOR, "510107"))
    detail = client.get(f"/api/v1/cases/{transferred.pk}").json()
    reasons = detail["transfers"][0]["threshold_reasons"]
    assert reasons and not any("王五" in r for r in reasons)
    assert any("王*（25,000.00 元" in r for r in reasons)
    assert "王五" not in str(detail)
    client.force_login(inspector)
    reasons = client.get(f"/api/v1/cases/{transferred.pk}").json()["transfers"][0]
    assert any("王五（25,000.00 元" in r for r in reasons["threshold_reasons"])


def test_case_page_shows_no_worker_name_to_the_auditor(client, transferred, make_user):
    client.force_login(make_user("aud", Role.AUDITOR, "510107"))
    page = client.get(f"/cases/{transferred.pk}/")
    assert page.status_code == 200
    assert "王五" not in page.content.decode()


def _evidence(case, user):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from wageguard.cases.services.investigation import add_evidence

    png = (
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00"
        b"\x00\x90wS\xde\x00\x00\x00\x0cIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81"
        b"\x84\x00\x00\x00\x00IEND\xaeB`\x82"
    )
    upload = SimpleUploadedFile("身份证.png", png, content_type="image/png")
    return add_evidence(case, user, kind="photo", description="王五身份证照片", upload=upload)


@pytest.mark.parametrize(
    "role",
    [Role.AUDITOR, Role.LIAISON, Role.ADMIN],
)
def test_files_with_personal_data_need_need_to_know(
    client, transferred, inspector, make_user, role
):
    from wageguard.cases.models import CaseDocument

    item = _evidence(transferred, inspector)
    letter = CaseDocument.objects.get(case=transferred, kind="transfer")
    evidence_url = f"/cases/{transferred.pk}/evidence/{item.pk}/"
    letter_url = f"/cases/{transferred.pk}/documents/{letter.pk}/"
    client.force_login(inspector)
    assert client.get(evidence_url).status_code == 200
    assert client.get(letter_url).status_code == 200
    other = make_user(f"other-{role}", role, "510107")
    client.force_login(other)
    if not other.can("view", "cases.enforcementcase"):
        assert client.get(letter_url).status_code == 403
        return
    for url, words in ((evidence_url, "身份证件"), (letter_url, "劳动者姓名")):
        response = client.get(url)
        assert response.status_code == 403
        assert words in response.content.decode()
    # The page offers no link that would be refused; the API gives no URL.
    page = client.get(f"/cases/{transferred.pk}/").content.decode()
    assert evidence_url not in page and letter_url not in page
    assert letter.number in page  # the number and kind stay visible
    detail = client.get(f"/api/v1/cases/{transferred.pk}").json()
    assert detail["evidence"][0]["url"] is None
    assert all(d["url"] is None for d in detail["documents"])
    assert detail["transfers"][0]["letter"]["url"] is None
    assert detail["transfers"][0]["letter"]["number"] == letter.number


def test_province_taskforce_downloads(client, transferred, inspector, make_user):
    from wageguard.cases.models import CaseDocument

    item = _evidence(transferred, inspector)
    letter = CaseDocument.objects.get(case=transferred, kind="transfer")
    client.force_login(make_user("prov-tf", Role.TASKFORCE, "510000"))
    assert client.get(f"/cases/{transferred.pk}/evidence/{item.pk}/").status_code == 200
    assert client.get(f"/cases/{transferred.pk}/documents/{letter.pk}/").status_code == 200
    detail = client.get(f"/api/v1/cases/{transferred.pk}").json()
    assert detail["evidence"][0]["url"] and detail["documents"][0]["url"]


def test_credit_documents_list_no_workers_and_stay_open_to_viewers():
    from wageguard.cases import documents

    assert not documents.lists_workers("credit_notice")
    assert documents.lists_workers("order") and documents.lists_workers("transfer")
