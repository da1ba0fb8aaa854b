"""The report in steps (issue 14): one thing per page, PRG everywhere, a session draft, the
error summary, the province's ID-number setting, and the clue remembered after sending."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from wageguard.clues.models import Attachment, Clue, ClueSettings

from .conftest import png_bytes
from .steps import (
    CHECK,
    DONE,
    WHAT,
    WHERE,
    WHO,
    errors_of,
    fill,
    report,
    summary_links,
    what_data,
    where_data,
    who_data,
)

pytestmark = pytest.mark.django_db


def test_a_worker_reports_in_four_steps_and_opens_the_clue(client, raw):
    data = raw()
    assert client.get("/report/").url == WHAT
    html = client.get(WHAT).content.decode()
    assert "第 1 步，共 4 步" in html and 'href="tel:12333"' in html
    sent = report(client, data, [SimpleUploadedFile("欠条.png", png_bytes())])
    assert sent.status_code == 303 and sent["Location"] == DONE
    clue = Clue.objects.get()
    assert Attachment.objects.get(clue=clue).original_name == "欠条.png"
    assert str(clue.period_start) == "2026-05-01" and clue.workers_owed == 3
    done = client.get(DONE)
    html = done.content.decode()
    assert done.status_code == 200 and clue.tracking_code in html
    secret = html.split('data-testid="secret">')[1].split("<")[0]
    assert clue.check_secret(secret)
    assert "查看我的线索" in html and 'href="tel:12333"' in html
    # Reload and Back: the same page, no resubmission, still one clue.
    assert client.get(DONE).status_code == 200
    assert client.get(CHECK)["Location"] == DONE
    # "查看我的线索" opens the tracking page for this clue without typing the code.
    track = client.get("/report/track/").content.decode()
    assert clue.tracking_code in track
    assert Clue.objects.count() == 1


def test_every_step_answers_a_post_with_a_redirect_and_a_refusal_too(client, raw):
    data = raw()
    # Refused: back to the same page (303), whose GET shows the summary, the errors, the input.
    answer = client.post(WHAT, {**what_data(data), "description": ""})
    assert answer.status_code == 303 and answer["Location"] == WHAT
    page = client.get(WHAT)
    html = page.content.decode()
    assert page.status_code == 200 and errors_of(page) == {"description": "请填写情况描述"}
    assert summary_links(page) == [("#id_description", "请填写情况描述")]
    assert "请先修改以下问题" in html and 'aria-invalid="true"' in html
    assert 'value="36000"' in html  # what was typed stays
    assert "<title>错误：" in html
    # Reload shows the same; skipping ahead is not possible.
    assert errors_of(client.get(WHAT)) == {"description": "请填写情况描述"}
    assert client.get(WHERE)["Location"] == WHAT
    assert client.get(CHECK)["Location"] == WHAT
    fill(client, data)
    assert Clue.objects.count() == 0  # nothing stored before 提交


def test_the_months_are_typed_as_year_and_month(client, raw):
    page = client.get(WHAT).content.decode()
    assert 'type="month"' not in page and 'name="period_start_year"' in page
    bad = {**what_data(raw()), "period_start_year": "26", "period_end_month": "13"}
    client.post(WHAT, bad)
    response = client.get(WHAT)
    assert errors_of(response) == {
        "period_start_year": "请填写 4 位数的年份，例如 2026",
        "period_end_month": "请填写 1 到 12 之间的月份，例如 5",
    }
    assert [href for href, _m in summary_links(response)] == [
        "#id_period_start_year",
        "#id_period_end_month",
    ]


def test_the_sector_error_links_to_its_first_choice(client, raw):
    client.post(WHAT, {**what_data(raw()), "sector": ""})
    assert summary_links(client.get(WHAT)) == [("#id_sector_0", "请选择行业领域")]


def test_the_check_page_lists_every_answer_with_a_change_link(client, raw):
    fill(client, raw())
    html = client.get(CHECK).content.decode()
    assert "核对并提交" in html and "第 4 步，共 4 步" in html
    assert "2026 年 5 月" in html and "36000 元" in html and "四川鑫达建筑工程有限公司" in html
    assert "将由 <strong>武侯区人力资源和社会保障局</strong> 受理" in html
    assert f'href="{WHERE}#id_employer_name"' in html and f'href="{WHAT}#id_sector_0"' in html
    assert html.count(">修改<") == 15
    # 修改: the step shows the saved answer, and saving it returns to the check page.
    assert "四川鑫达建筑工程有限公司" in client.get(WHERE).content.decode()
    changed = client.post(WHERE, {**where_data(raw()), "employer_name": "成都某劳务公司"})
    assert changed["Location"] == CHECK
    assert "成都某劳务公司" in client.get(CHECK).content.decode()


def test_the_draft_is_encrypted_in_the_session(client, raw):
    data = raw()
    fill(client, data)
    stored = str(dict(client.session.items()))
    assert data["id_number"] not in stored and data["phone"] not in stored
    assert data["id_number"] in client.get(CHECK).content.decode()


def test_photos_are_held_between_steps_and_can_be_removed(client, raw, settings):
    files = [SimpleUploadedFile(f"{n}.png", png_bytes()) for n in ("欠条", "考勤")]
    client.post(WHAT, {**what_data(raw()), "attachments": files})
    html = client.get(WHAT).content.decode()
    assert "欠条.png" in html and "考勤.png" in html
    # 删除 keeps what was typed and the other photo, and checks nothing yet.
    answer = client.post(WHAT, {**what_data(raw()), "amount_owed": "1234", "remove_file": "0"})
    assert answer["Location"] == WHAT
    html = client.get(WHAT).content.decode()
    assert "欠条.png" not in html and "考勤.png" in html and 'value="1234"' in html
    # The limit counts the photos held: four more make six.
    more = [SimpleUploadedFile(f"{n}.png", png_bytes()) for n in range(5)]
    client.post(WHAT, {**what_data(raw()), "attachments": more})
    assert errors_of(client.get(WHAT))["attachments"] == "最多上传 5 个附件"
    client.post(WHAT, what_data(raw()))
    report(client, raw())
    assert [a.original_name for a in Attachment.objects.all()] == ["考勤.png"]
    drafts = Path(settings.MEDIA_ROOT) / "report-drafts"
    assert not [p for p in drafts.rglob("*") if p.is_file()]  # moved onto the clue


def test_the_id_number_may_be_optional_by_province_setting(client, raw):
    row = ClueSettings.for_province()
    row.public_id_required = False
    row.save()
    client.post(WHAT, what_data(raw()))
    client.post(WHERE, where_data(raw()))
    html = client.get(WHO).content.decode()
    assert "您的身份证号码（可不填）" in html
    assert client.post(WHO, {**who_data(raw()), "id_number": ""})["Location"] == CHECK
    assert client.post(CHECK)["Location"] == DONE
    assert Clue.objects.get().id_number == ""


def test_a_setting_changed_meanwhile_sends_the_worker_back_to_the_step(client, raw):
    row = ClueSettings.for_province()
    row.public_id_required = False
    row.save()
    fill(client, raw(id_number=""))
    row.public_id_required = True
    row.save()
    answer = client.post(CHECK)
    assert answer.status_code == 303 and answer["Location"] == WHO
    page = client.get(WHO)
    assert summary_links(page) == [("#id_id_number", "请填写身份证号码")]
    assert Clue.objects.count() == 0


def test_the_done_page_is_forgotten_with_the_lookup(client, raw):
    report(client, raw())
    assert client.get(DONE).status_code == 200
    client.post("/report/track/end/")
    assert client.get(DONE)["Location"] == "/report/"


def test_the_password_is_not_shown_again_after_a_while(client, raw, monkeypatch):
    from wageguard.portal.report import draft as drafts

    report(client, raw())
    monkeypatch.setattr(drafts, "SECRET_SECONDS", -1)
    html = client.get(DONE).content.decode()
    assert 'data-testid="secret"' not in html and "不再显示" in html
    assert Clue.objects.get().tracking_code in html


def test_a_new_report_after_sending_starts_empty(client, raw):
    report(client, raw())
    html = client.get(WHAT).content.decode()
    assert "项目完工后包工头拖欠三个月工资" not in html


def test_photos_of_abandoned_drafts_are_swept_by_the_hourly_job(settings):
    import os
    import time

    from wageguard.core.jobs import JOBS
    from wageguard.portal.report import draft as drafts

    root = Path(settings.MEDIA_ROOT) / drafts.FOLDER
    old = root / "abandoned" / "x.png"
    old.parent.mkdir(parents=True)
    old.write_bytes(png_bytes())
    gone = root / "gone" / "z.png"
    gone.parent.mkdir(parents=True)
    gone.write_bytes(png_bytes())
    past = time.time() - settings.SESSION_COOKIE_AGE - 7200
    for path in (old, gone):
        os.utime(path, (past, past))
    fresh = old.parent / "y.png"
    fresh.write_bytes(png_bytes())
    job = JOBS.get("portal.sweep-drafts")
    assert job.run(True) == ["abandoned report photos: 2"] and old.exists()
    assert job.run(False) == ["abandoned report photos: 2"]
    assert not old.exists() and fresh.exists()
    assert not gone.parent.exists()  # a folder left empty goes too
