"""Import profiles (导入配置): a bank's payment records with its own headers, refused without a
profile naming the column, imported with one, the job keeping the mapping it was submitted with,
profiles seen by their bureau and those above it, and the pages and the API that use them."""

import csv
import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from wageguard.core import profiles
from wageguard.core.imports import process, submit
from wageguard.core.models import AuditEvent, ImportJob, ImportProfile
from wageguard.org import services as org_services
from wageguard.org.bootstrap import create_agencies
from wageguard.org.rules import Role
from wageguard.projects import feeds
from wageguard.projects.models import Payment

from .feeds_helpers import CODE, id_number, project, roster_row

pytestmark = pytest.mark.django_db

# A bank's export: its own words for the payment date, the payee, the card, the amount.
BANK_HEADER = ["项目编码", "记账日期", "户名", "证件号码", "对方账号", "发生额", "流水号", "用途"]
MAPPING = {
    "paid_on": "记账日期",
    "name": "户名",
    "card": "对方账号",
    "amount": "发生额",
    "reference": "流水号",
    "month": "用途",
}


def bank_rows() -> list[list[str]]:
    return [
        [CODE, "20260210", "工人1", id_number(1), "6222 0212 3456 7801", "5900", "B-1", "2026-01"],
        [CODE, "20260210", "工人2", id_number(2), "6222021234567802", "6,100.00", "B-2", "2026-01"],
    ]  # fmt: skip


def bank_csv(header=BANK_HEADER, rows=None, name="建行代发明细.csv") -> SimpleUploadedFile:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(bank_rows() if rows is None else rows)
    return SimpleUploadedFile(name, out.getvalue().encode("gb18030"))


def bank_xlsx(header=BANK_HEADER, rows=None) -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in bank_rows() if rows is None else rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("农信代发明细.xlsx", out.getvalue())


@pytest.fixture(autouse=True)
def _agencies(db):
    create_agencies("51")


@pytest.fixture
def inspector(make_user):
    return make_user("wuhou", Role.INSPECTOR, "510107")


@pytest.fixture
def site(inspector):
    site = project(inspector)
    feeds.run("roster", inspector, [(2, roster_row(1)), (3, roster_row(2))])
    return site


@pytest.fixture
def ccb(inspector):
    return profiles.create(
        inspector, kind="payments", name="建行武侯支行", bank="中国建设银行", mapping=MAPPING
    )


def test_a_bank_file_without_a_profile_is_refused_naming_the_columns(inspector, site):
    with pytest.raises(ValidationError) as refused:
        submit("payments", bank_csv(), inspector)
    message = refused.value.message_dict["file"][0]
    assert "支付日期" in message and "银行流水号" in message and "收款卡号" in message
    assert not ImportJob.objects.exists()


@pytest.mark.parametrize("make_file", [bank_csv, bank_xlsx])
def test_with_the_profile_the_rows_land_in_payments(inspector, site, ccb, make_file):
    job, new = submit("payments", make_file(), inspector, ccb)
    assert new and job.mapping == MAPPING and job.profile == ccb
    assert job.profile_name == "建行武侯支行"
    job = process(job)
    assert (job.state, job.created, job.refused) == ("done", 2, 0), job.message
    paid = {p.reference: p for p in Payment.objects.all()}
    assert str(paid["B-2"].amount) == "6100.00" and paid["B-2"].card_last4 == "7802"
    assert paid["B-1"].paid_on.isoformat() == "2026-02-10"
    assert paid["B-1"].month.isoformat() == "2026-01-01"
    event = AuditEvent.objects.get(action="import.submit")
    assert event.after["profile"] == ccb.pk and event.after["mapping"]["paid_on"] == "记账日期"


def test_a_profile_header_missing_from_the_file_is_refused_naming_it(inspector, site, ccb):
    header = [h if h != "记账日期" else "交易日期" for h in BANK_HEADER]
    with pytest.raises(ValidationError) as refused:
        submit("payments", bank_csv(header), inspector, ccb)
    message = refused.value.message_dict["file"][0]
    assert "记账日期" in message and "支付日期" in message and "建行武侯支行" in message
    # 交易日期 is the payment date's alias, but the profile says 记账日期: the alias is not used.
    assert not ImportJob.objects.exists()


def test_the_profile_header_wins_over_another_columns_alias(inspector, site):
    # 金额 is the amount's alias; this bank's 金额 is the balance after the transfer.
    header = ["项目编码", "交易日期", "证件号码", "收款卡号", "金额", "实付", "银行流水号"]
    rows = [[CODE, "2026-02-10", id_number(1), "6222021234567801", "99999", "5900", "R-9"]]
    profile = profiles.create(
        inspector, kind="payments", name="某行", mapping={"amount": "实付", "name": "金额"}
    )
    job = process(submit("payments", bank_csv(header, rows), inspector, profile)[0])
    assert job.created == 1 and str(Payment.objects.get().amount) == "5900.00"


def test_the_job_keeps_its_mapping_after_the_profile_changes(inspector, site, ccb):
    job, _new = submit("payments", bank_csv(), inspector, ccb)
    profiles.update(
        ccb, inspector, name="建行武侯支行（新版）", mapping={**MAPPING, "paid_on": "交易日期"}
    )
    job = process(job)
    assert (job.state, job.created) == ("done", 2), job.message
    assert job.mapping["paid_on"] == "记账日期"
    profiles.delete(ccb, inspector)
    job.refresh_from_db()
    assert job.profile is None and job.profile_name == "建行武侯支行"
    job.state = "running"  # run again after the profile is gone: read the same way
    job.save()
    again = process(job)
    assert (again.state, again.unchanged) == ("done", 2), again.message
    actions = list(
        AuditEvent.objects.filter(action__startswith="import.profile")
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions == ["import.profile.create", "import.profile.change", "import.profile.delete"]
    change = AuditEvent.objects.get(action="import.profile.change")
    assert change.before["mapping"]["paid_on"] == "记账日期"
    assert change.after["mapping"]["paid_on"] == "交易日期"


def test_the_same_file_with_another_profile_is_another_import(inspector, site, ccb):
    first, _ = submit("payments", bank_csv(), inspector, ccb)
    assert submit("payments", bank_csv(), inspector, ccb) == (first, False)
    other = profiles.create(inspector, kind="payments", name="另一配置", mapping=MAPPING)
    profiles.update(other, inspector, name="另一配置", mapping={**MAPPING, "name": "户名"})
    # same mapping as ccb: the earlier job answers
    assert submit("payments", bank_csv(), inspector, other)[1] is False
    profiles.update(other, inspector, name="另一配置", mapping={"paid_on": "记账日期"})
    with pytest.raises(ValidationError):  # the aliases no longer find the card
        submit("payments", bank_csv(), inspector, other)


def test_profiles_are_seen_by_their_bureau_and_those_above(make_user, inspector, ccb):
    province = make_user("prov", Role.INSPECTOR, "510000")
    city = make_user("city", Role.INSPECTOR, "510100")
    sibling = make_user("jinjiang", Role.INSPECTOR, "510104")
    other_city = make_user("zigong", Role.INSPECTOR, "510300")
    colleague = make_user("wuhou2", Role.INSPECTOR, "510107")
    for user in (inspector, colleague, city, province):
        assert ccb in profiles.visible(user, "payments"), user
    for user in (sibling, other_city):
        assert ccb not in profiles.visible(user, "payments"), user
        with pytest.raises(ValidationError) as refused:
            submit("payments", bank_csv(), user, ccb)
        assert str(ccb.pk) in refused.value.message_dict["profile"][0]
    wide = profiles.create(province, kind="payments", name="四川农信（全省）", mapping=MAPPING)
    for user in (inspector, city, sibling, other_city):
        assert wide in profiles.visible(user, "payments")
    # Another kind's profile is not offered for payments.
    assert ccb not in profiles.visible(inspector, "payroll")
    # Only the owning agency changes a profile; the city that sees it may not.
    assert profiles.may_change(colleague, ccb) and not profiles.may_change(city, ccb)
    assert not profiles.may_change(inspector, wide)
    # A role without the importer's permission sees none.
    auditor = make_user("aud", Role.AUDITOR, "510107")
    assert not profiles.visible(auditor).exists()


def test_a_profile_is_checked_when_saved(inspector):
    with pytest.raises(ValidationError) as refused:
        profiles.create(
            inspector, kind="payments", name="x", mapping={"paid_on": "日期", "amount": "日期"}
        )
    assert "日期" in refused.value.message_dict["amount"][0]
    profiles.create(inspector, kind="payments", name="x", mapping={"paid_on": "日期"})
    with pytest.raises(ValidationError) as refused:
        profiles.create(inspector, kind="payments", name="x", mapping={"paid_on": "日期"})
    assert "name" in refused.value.message_dict
    with pytest.raises(ValidationError):
        profiles.create(inspector, kind="payments", name="y", mapping={"nope": "日期"})


# --- pages ------------------------------------------------------------------------------------


def test_the_upload_page_offers_the_profiles_and_imports_with_one(client, inspector, site, ccb):
    client.force_login(inspector)
    page = client.get("/imports/payments/").content.decode()
    assert "建行武侯支行" in page and 'name="profile"' in page
    refused = client.post("/imports/payments/", {"file": bank_csv()})
    assert refused.status_code == 422 and "支付日期" in refused.content.decode()
    response = client.post("/imports/payments/", {"file": bank_csv(), "profile": ccb.pk})
    job = ImportJob.objects.get()
    assert response.status_code == 302 and job.mapping == MAPPING
    assert process(job).created == 2


def test_the_upload_page_names_a_missing_profile_column_in_place(client, inspector, site, ccb):
    client.force_login(inspector)
    header = [h if h != "流水号" else "交易流水" for h in BANK_HEADER]
    response = client.post("/imports/payments/", {"file": bank_csv(header), "profile": ccb.pk})
    page = response.content.decode()
    assert response.status_code == 422 and "流水号" in page and "银行流水号" in page
    assert re.search(rf'<option value="{ccb.pk}" selected>', page)


def test_a_role_without_profiles_sees_no_select(client, make_user):
    clerk = make_user("ops", Role.INSPECTOR, "510107")
    clerk.agency = None
    clerk.save()
    client.force_login(clerk)
    assert 'name="profile"' not in client.get("/imports/payments/").content.decode()


def test_making_a_profile_from_a_sample_file(client, inspector, site):
    client.force_login(inspector)
    assert client.get("/imports/profiles/new/?kind=payments").status_code == 200
    read = client.post(
        "/imports/profiles/new/",
        {"kind": "payments", "name": "建行武侯支行", "bank": "中国建设银行", "read": "1",
         "sample": bank_xlsx()},
    )  # fmt: skip
    page = read.content.decode()
    assert read.status_code == 200 and "记账日期" in page and "对方账号" in page
    # Columns the aliases know are chosen already; the name typed is kept.
    assert re.search(r'<option value="项目编码" selected>', page)
    assert re.search(r'<option value="证件号码" selected>', page)
    assert 'value="建行武侯支行"' in page
    headers = re.search(r'name="headers" value="([^"]*)"', page).group(1)
    post = {"kind": "payments", "name": "建行武侯支行", "bank": "中国建设银行",
            "headers": headers.replace("&quot;", '"'), "col_project_code": "项目编码",
            "col_id_number": "证件号码", "col_paid_on": "记账日期"}  # fmt: skip
    missing = client.post("/imports/profiles/new/", post)
    text = missing.content.decode()
    assert missing.status_code == 422 and "请选择“金额”对应的列" in text
    assert 'value="建行武侯支行"' in text and not ImportProfile.objects.exists()
    post.update(col_amount="发生额", col_reference="流水号", col_card="对方账号", col_name="户名")
    saved = client.post("/imports/profiles/new/", post)
    assert saved.status_code == 302
    profile = ImportProfile.objects.get()
    assert profile.mapping["card"] == "对方账号" and profile.agency_id == inspector.agency_id
    assert profile.agency_region == "510107" and profile.bank == "中国建设银行"
    again = client.post("/imports/profiles/new/", post)
    assert again.status_code == 422 and "同名" in again.content.decode()


def test_editing_and_deleting_a_profile(client, make_user, inspector, ccb):
    client.force_login(inspector)
    page = client.get(f"/imports/profiles/{ccb.pk}/").content.decode()
    assert re.search(r'<option value="记账日期" selected>', page)
    post = {"name": "建行（改）", "bank": "中国建设银行",
            **{f"col_{f}": h for f, h in MAPPING.items()}, "col_project_code": ""}  # fmt: skip
    post["headers"] = '["记账日期","户名","对方账号","发生额","流水号","用途"]'
    assert client.post(f"/imports/profiles/{ccb.pk}/", post).status_code == 422  # 项目编码 required
    post["headers"] = (
        '["项目编码","记账日期","户名","对方账号","发生额","流水号","用途","证件号码"]'
    )
    post.update(col_project_code="项目编码", col_id_number="证件号码")
    assert client.post(f"/imports/profiles/{ccb.pk}/", post).status_code == 302
    ccb.refresh_from_db()
    assert ccb.name == "建行（改）" and ccb.mapping["project_code"] == "项目编码"
    city = make_user("city", Role.INSPECTOR, "510100")
    client.force_login(city)
    listing = client.get("/imports/profiles/").content.decode()
    assert "建行（改）" in listing and f"/imports/profiles/{ccb.pk}/delete/" not in listing
    assert client.get(f"/imports/profiles/{ccb.pk}/").status_code == 403
    assert client.post(f"/imports/profiles/{ccb.pk}/delete/").status_code == 403
    client.force_login(make_user("jinjiang", Role.INSPECTOR, "510104"))
    assert "建行（改）" not in client.get("/imports/profiles/").content.decode()
    assert client.get(f"/imports/profiles/{ccb.pk}/").status_code == 404
    client.force_login(inspector)
    assert client.post(f"/imports/profiles/{ccb.pk}/delete/").status_code == 302
    assert not ImportProfile.objects.exists()
    assert AuditEvent.objects.filter(action="import.profile.delete").count() == 1


@pytest.mark.parametrize("n", [1, 6])
def test_the_profile_list_runs_a_fixed_number_of_queries(client, inspector, query_baseline, n):
    for i in range(n):
        profiles.create(inspector, kind="payments", name=f"银行{i}", mapping=MAPPING)
    client.force_login(inspector)
    with query_baseline("core.import_profile_list"):
        response = client.get("/imports/profiles/")
    assert response.status_code == 200
    assert response.content.decode().count('data-testid="profile-') == n


@pytest.mark.parametrize("n", [1, 6])
def test_the_upload_page_runs_a_fixed_number_of_queries(client, inspector, query_baseline, n):
    for i in range(n):
        profiles.create(inspector, kind="payments", name=f"银行{i}", mapping=MAPPING)
    client.force_login(inspector)
    with query_baseline("core.import_upload_with_profiles"):
        response = client.get("/imports/payments/")
    assert len(re.findall(r'<option value="\d+"', response.content.decode())) == n


# --- API --------------------------------------------------------------------------------------


def bearer(user) -> dict:
    _token, key = org_services.create_token(None, user, "test")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_the_api_reads_a_file_with_a_profile(client, make_user, inspector, site, ccb):
    url = "/api/v1/feeds/payments"
    plain = client.post(url, {"file": bank_csv()}, **bearer(inspector))
    assert plain.status_code == 422 and "支付日期" in plain.json()["message"]
    pushed = client.post(url, {"file": bank_csv(), "profile": ccb.pk}, **bearer(inspector))
    assert pushed.status_code == 200, pushed.content
    assert pushed.json()["created"] == 2 and Payment.objects.count() == 2
    unknown = client.post(url, {"file": bank_csv(), "profile": 999999}, **bearer(inspector))
    assert unknown.status_code == 422
    assert unknown.json()["field"] == "profile" and "999999" in unknown.json()["message"]
    sibling = make_user("jinjiang", Role.INSPECTOR, "510104")
    hidden = client.post(url, {"file": bank_csv(), "profile": ccb.pk}, **bearer(sibling))
    assert hidden.status_code == 422 and str(ccb.pk) in hidden.json()["message"]
