"""The public report: a worker's clue is stored, routed and texted, or nothing is stored. The
report is filled in steps (tests/portal/steps.py walks them); the rules are those of one form."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wageguard.clues.models import Attachment, Clue, Message
from wageguard.clues.services import attachments
from wageguard.core import files as core_files
from wageguard.core.models import AuditEvent

from .conftest import pdf_bytes, png_bytes
from .steps import (
    CHECK,
    DONE,
    WHAT,
    WHERE,
    WHO,
    errors_of,
    fill,
    report,
    what_data,
    where_data,
    who_data,
)

pytestmark = pytest.mark.django_db


def post(client, data: dict, files: list | None = None):
    """Sends a whole report; the answer is the page shown after it (done, or the refusal)."""
    sent = report(client, data, files)
    return client.get(sent["Location"]) if sent.status_code == 303 else sent


def refused(client, url: str, data: dict, files: list | None = None):
    """Posts one step that must be refused: a 303 back to it, whose GET shows the errors."""
    payload = {**data, **({"attachments": files} if files else {})}
    response = client.post(url, payload)
    assert response.status_code == 303 and response["Location"] == url
    return client.get(url)


def test_the_form_is_public_small_and_without_staff_navigation(client, raw, make_user):
    response = client.get(WHAT)
    html = response.content.decode()
    assert response.status_code == 200
    assert "发生了什么" in html and "bootstrap.bundle" not in html  # no staff JavaScript
    assert response["Cache-Control"].startswith("max-age=0")
    client.post(WHAT, what_data(raw()))
    html = client.get(WHERE).content.decode()
    assert 'hx-trigger="keyup changed delay:600ms"' in html
    assert reverse("portal:route-preview") in html
    client.post(WHERE, where_data(raw()))
    html = client.get(WHO).content.decode()
    assert "可以告诉用人单位是我反映的" in html
    assert 'type="checkbox"' in html and " checked" not in html.split("disclose_identity")[1][:80]
    # A signed-in official sees the same public page, without the staff menu.
    client.force_login(make_user("w-insp", "inspector", "510107"))
    html = client.get(WHAT).content.decode()
    assert "退出登录" not in html and "用户管理" not in html


def test_submission_is_stored_routed_to_wuhou_and_texted(
    client, raw, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, raw(), [])
    assert response.status_code == 200 and response.request["PATH_INFO"] == DONE
    clue = Clue.objects.get()
    html = response.content.decode()
    assert clue.region_id == "510107" and clue.channel == "web"
    assert clue.agency.name == "武侯区人力资源和社会保障局" and clue.agency.name in html
    assert clue.tracking_code in html and "已同时以短信发送" in html
    assert not clue.disclose_identity and clue.sector == "construction"
    secret = html.split('data-testid="secret">')[1].split("<")[0]
    assert clue.check_secret(secret)
    assert f"{clue.accept_due.year}年{clue.accept_due.month}月{clue.accept_due.day}日前" in html
    message = Message.objects.get(clue=clue)
    # The record keeps the text without the secret; only the phone got it (issue 10).
    assert clue.tracking_code in message.text and secret not in message.text
    assert message.status == "sent"


def test_disclosure_is_the_reporters_choice(client, raw):
    assert post(client, raw(disclose_identity="on"), []).status_code == 200
    assert Clue.objects.get().disclose_identity


def test_bad_id_number_and_phone_are_named_and_nothing_is_stored(client, raw):
    data = raw(id_number="510107199001011234", phone="12345")
    client.post(WHAT, what_data(data))
    client.post(WHERE, where_data(data))
    response = refused(client, WHO, who_data(data))
    errors = errors_of(response)
    assert {"id_number", "phone"} <= set(errors)
    assert "身份证" in errors["id_number"] or "校验" in errors["id_number"]
    assert Clue.objects.count() == 0 and Message.objects.count() == 0
    # What the worker typed stays on the page.
    assert data["reporter_name"] in response.content.decode()
    assert client.get(CHECK)["Location"] == WHO  # not past this step until it is right


def test_missing_required_fields_are_each_named(client):
    assert set(errors_of(refused(client, WHAT, {}))) == {"sector", "description"}
    client.post(WHAT, {"sector": "other", "description": "拖欠三个月"})
    errors = errors_of(refused(client, WHERE, {}))
    assert set(errors) == {"employer_name", "work_address"}
    assert errors["employer_name"] == "请填写用人单位名称"
    client.post(WHERE, {"employer_name": "某公司", "work_address": "成都市武侯区"})
    assert {"reporter_name", "id_number", "phone"} == set(errors_of(refused(client, WHO, {})))
    assert Clue.objects.count() == 0


def test_intake_rules_name_their_field(client, raw):
    response = refused(client, WHAT, what_data(raw(period_start="2026-08", period_end="2026-05")))
    assert errors_of(response) == {"period_end_year": "欠薪截止时间不能早于起始时间"}
    response = refused(client, WHAT, what_data(raw(amount_owed="很多")))
    assert "amount_owed" in errors_of(response)
    assert Clue.objects.count() == 0


def test_png_and_pdf_are_stored_outside_the_web_root_with_their_digest(client, raw, settings):
    files = [
        SimpleUploadedFile("欠条.png", png_bytes(), content_type="image/png"),
        SimpleUploadedFile("../../合同.pdf", pdf_bytes(), content_type="application/pdf"),
    ]
    response = post(client, raw(), files)
    assert response.status_code == 200
    clue = Clue.objects.get()
    stored = {a.content_type: a for a in Attachment.objects.filter(clue=clue)}
    assert set(stored) == {"image/png", "application/pdf"}
    import hashlib

    pdf = stored["application/pdf"]
    assert pdf.original_name == "合同.pdf" and pdf.size == len(pdf_bytes())
    assert pdf.sha256 == hashlib.sha256(pdf_bytes()).hexdigest()
    path = Path(pdf.file.path)
    assert path.read_bytes() == pdf_bytes()
    assert path.is_relative_to(Path(settings.MEDIA_ROOT)) and path.name.startswith(pdf.sha256[:32])
    assert AuditEvent.objects.filter(action="clue.attachment_add").count() == 2
    assert getattr(settings, "MEDIA_URL", "") in ("", "/")  # no public URL for uploaded files


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("工资条.jpg", b"<?php echo 'not a photo'; ?>", "不是 JPEG、PNG 图片或 PDF 文件"),
        ("empty.pdf", b"", "空文件"),
        ("big.pdf", b"%PDF-1.4\n" + b"0" * core_files.MAX_BYTES, "超过 10 MB"),
    ],
)
def test_bad_attachments_are_refused_and_nothing_is_stored(client, raw, name, content, message):
    good = SimpleUploadedFile("ok.png", png_bytes(), content_type="image/png")
    bad = SimpleUploadedFile(name, content, content_type="image/jpeg")
    response = refused(client, WHAT, what_data(raw()), [good, bad])
    assert message in errors_of(response)["attachments"]
    assert Clue.objects.count() == 0 and Attachment.objects.count() == 0


def test_at_most_five_attachments(client, raw):
    files = [SimpleUploadedFile(f"{i}.png", png_bytes()) for i in range(6)]
    response = refused(client, WHAT, what_data(raw()), files)
    assert errors_of(response)["attachments"] == "最多上传 5 个附件"
    assert Clue.objects.count() == 0


def test_a_failed_file_write_rolls_back_the_clue_and_removes_written_files(
    client, raw, monkeypatch, settings
):
    real_store = attachments.store
    calls = []

    def failing_store(clue, uploaded):
        calls.append(uploaded.name)
        if len(calls) == 2:
            raise OSError("disk full")
        return real_store(clue, uploaded)

    monkeypatch.setattr(attachments, "store", failing_store)
    files = [SimpleUploadedFile(f"{i}.png", png_bytes()) for i in range(2)]
    with pytest.raises(OSError):
        post(client, raw(), files)
    assert Clue.objects.count() == 0 and Attachment.objects.count() == 0
    assert Message.objects.count() == 0
    media = Path(settings.MEDIA_ROOT)
    # Only the draft's own copies remain, for the worker to try again; none under the clues.
    stored = [p for p in media.rglob("*") if p.is_file()] if media.exists() else []
    assert all("report-drafts" in p.parts for p in stored) and len(stored) == 2


def test_a_second_tap_on_the_same_form_stores_one_clue(client, raw, monkeypatch):
    from wageguard.portal.report import draft as drafts

    fill(client, raw())
    kept = drafts.forget
    monkeypatch.setattr(drafts, "forget", lambda *a: None)  # the second tap still has the draft
    assert client.post(CHECK)["Location"] == DONE
    monkeypatch.setattr(drafts, "forget", kept)
    again = client.post(CHECK)
    clue = Clue.objects.get()
    assert again.status_code == 409 and clue.tracking_code in again.content.decode()


def test_submissions_are_rate_limited_per_client(client, raw, settings):
    settings.WAGEGUARD_PUBLIC_RATE = "1/60"
    assert post(client, raw(), []).request["PATH_INFO"] == DONE
    response = post(client, raw(employer_name="成都留字建筑公司"), [])
    html = response.content.decode()
    assert response.request["PATH_INFO"] == CHECK and "提交过于频繁" in html
    assert "成都留字建筑公司" in html  # the report is kept to send later
    assert Clue.objects.count() == 1


def test_routing_preview_names_the_bureau(client):
    url = reverse("portal:route-preview")
    response = client.post(
        url, {"work_address": "成都市武侯区人民南路四段 12 号"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert response.status_code == 200 and "将由" in html and "武侯区人力资源和社会保障局" in html
    assert "alert-success" in html and "<html" not in html
    vague = client.post(url, {"work_address": "成都市某工地"}).content.decode()
    assert "成都市人力资源和社会保障局" in vague and "请补充区县名称" in vague
    assert client.post(url, {"work_address": "x"}).content.decode().strip() == ""
    assert client.get(url).status_code == 405  # addresses stay out of URLs and logs


def test_routing_preview_is_rate_limited(client, settings):
    settings.WAGEGUARD_PUBLIC_RATE = "2/60"
    url = reverse("portal:route-preview")
    for _ in range(2):
        assert "将由" in client.post(url, {"work_address": "武侯区"}).content.decode()
    assert "请稍后再试" in client.post(url, {"work_address": "武侯区"}).content.decode()


def test_the_preview_button_works_without_javascript_and_stores_nothing(client, raw):
    client.post(WHAT, what_data(raw()))
    answer = client.post(WHERE, {**where_data(raw()), "check_route": "1"})
    assert answer.status_code == 303 and answer["Location"] == WHERE
    html = client.get(WHERE).content.decode()
    assert "将由 <strong>武侯区人力资源和社会保障局" in html
    assert "四川鑫达建筑工程有限公司" in html and 'data-field="' not in html
    assert client.get(CHECK)["Location"] == WHERE  # the step is not saved by the preview
    assert Clue.objects.count() == 0
