"""The project list imported in the background: header checked first, rows streamed, refused
rows listed with row, column and reason, the same file twice adding nothing."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from wageguard.core.imports import submit
from wageguard.core.models import ImportJob
from wageguard.org.bootstrap import create_agencies
from wageguard.org.rules import Role
from wageguard.projects.models import Project

pytestmark = pytest.mark.django_db

HEADER = ["项目编码", "项目名称", "项目地址", "建设单位", "施工总承包单位", "开工日期", "项目状态"]


@pytest.fixture(autouse=True)
def _agencies(request):
    request.getfixturevalue(
        "transactional_db" if "transactional_db" in request.fixturenames else "db"
    )
    create_agencies("51")


@pytest.fixture
def inspector(make_user):
    return make_user("wuhou", Role.INSPECTOR, "510107")


def rows(n: int = 3, bad: bool = True) -> list[list]:
    out = [
        [f"HP-{i}", f"武侯项目{i}", "成都市武侯区人民南路四段 9 号", "成都城投置业有限公司",
         "四川华西建工有限公司", "2026-01-10", "在建"]
        for i in range(n)
    ]  # fmt: skip
    if bad:
        out.append(["HP-BAD", "无地址项目", "某某工地", "甲", "乙", "2026-01-10", "在建"])
    return out


def xlsx(header=HEADER, data=None) -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in data if data is not None else rows():
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("清单.xlsx", out.getvalue())


def work() -> None:
    """The real worker, run until the queue is empty, in this process (the tests that call it
    commit, as the web request would before the worker sees the job)."""
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


def test_a_file_is_imported_by_the_worker_with_refused_rows_listed(
    transactional_db, client, inspector
):
    client.force_login(inspector)
    response = client.post(reverse("imports:upload", args=["projects"]), {"file": xlsx()})
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "imports:job", args=[job.pk]
    )
    assert job.state == ImportJob.State.QUEUED and job.rows_total == 4
    work()
    job.refresh_from_db()
    assert job.state == ImportJob.State.DONE, job.message
    assert (job.created, job.refused, job.rows_read) == (3, 1, 4)
    assert Project.objects.count() == 3
    page = client.get(reverse("imports:job", args=[job.pk])).content.decode()
    assert 'data-state="done"' in page and 'data-testid="errors"' in page
    errors = client.get(reverse("imports:errors", args=[job.pk]))
    text = b"".join(errors.streaming_content).decode("utf-8-sig")
    found = list(csv.reader(io.StringIO(text)))
    assert found[1][:2] == ["5", "项目地址"] and "区县" in found[1][2]


def test_a_missing_column_refuses_the_file_before_anything_is_stored(client, inspector):
    client.force_login(inspector)
    header = [h for h in HEADER if h != "施工总承包单位"]
    response = client.post(
        reverse("imports:upload", args=["projects"]),
        {"file": xlsx(header, [r[:4] + r[5:] for r in rows()])},
    )
    assert response.status_code == 422
    assert "施工总承包单位" in response.content.decode()
    assert not ImportJob.objects.exists() and not Project.objects.exists()


def test_the_same_file_twice_adds_nothing(transactional_db, inspector):
    # One file's bytes sent twice (openpyxl stamps each save with the second it was made).
    content = xlsx().read()
    first, new = submit("projects", SimpleUploadedFile("清单.xlsx", content), inspector)
    work()
    first.refresh_from_db()
    assert first.state == ImportJob.State.DONE, first.message
    again, new_again = submit("projects", SimpleUploadedFile("再次.xlsx", content), inspector)
    assert new and not new_again and again.pk == first.pk
    # A changed list updates, and counts what did not change.
    changed = rows(bad=False)
    changed[0][1] = "武侯项目0（二期）"
    job, _new = submit("projects", xlsx(data=changed), inspector)
    work()
    job.refresh_from_db()
    assert (job.created, job.updated, job.unchanged, job.refused) == (0, 1, 2, 0)


def test_a_gb18030_csv_from_chinese_excel_is_read(transactional_db, inspector):
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(HEADER)
    writer.writerows(rows(2, bad=False))
    upload = SimpleUploadedFile("清单.csv", text.getvalue().encode("gb18030"))
    job, _new = submit("projects", upload, inspector)
    work()
    job.refresh_from_db()
    assert job.state == ImportJob.State.DONE and job.created == 2
    assert Project.objects.filter(name="武侯项目1").exists()


def test_another_bureau_sees_neither_the_job_nor_its_errors(client, inspector, make_user):
    job, _new = submit("projects", xlsx(), inspector)
    other = make_user("jinjiang", Role.INSPECTOR, "510104")
    client.force_login(other)
    assert client.get(reverse("imports:job", args=[job.pk])).status_code == 404
    assert client.get(reverse("imports:errors", args=[job.pk])).status_code == 404


def test_the_template_carries_the_columns(client, inspector):
    client.force_login(inspector)
    response = client.get(reverse("imports:template", args=["projects"]))
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    header = next(book.worksheets[0].iter_rows(values_only=True))
    assert header[:3] == ("项目编码", "项目名称", "项目地址")
