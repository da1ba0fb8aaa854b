"""Typical cases (典型案例): personal data refused naming the field and what was found, only
decided cases of the user's own bureau, publication and withdrawal by the bureau's leader, the
public pages, feeds and API carrying published cases only, another county neither seeing nor
editing them."""

import json
import re
import xml.etree.ElementTree as ET

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from tests import factories
from wageguard.core.models import AuditEvent
from wageguard.org.rules import Role
from wageguard.publication.typical import services
from wageguard.publication.typical.models import TypicalCase
from wageguard.publication.typical.rules import State

from .conftest import ID_NUMBER, MOBILE, WORKER

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
PERSONAL = re.compile(r"(?<![0-9A-Za-z])(?:\d{17}[\dXx]|1[3-9]\d{9})(?![0-9A-Za-z])")
CLEAN = {
    "title": "四川鑫达建筑工程有限公司拖欠农民工工资案",
    "summary": "该公司拖欠 1 名农民工工资 25000 元，经责令限期支付后全部结清。",
    "lessons": "用人单位应当按月足额支付工资。",
}


@pytest.fixture
def draft(inspector, large_case):
    return services.create(inspector, large_case, **CLEAN)


def _refusal(inspector, case, **text) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as exc:
        services.create(inspector, case, **{**CLEAN, **text})
    return exc.value.message_dict


def test_a_workers_name_is_refused_naming_the_field_and_the_name(inspector, large_case):
    errors = _refusal(inspector, large_case, summary=f"劳动者{WORKER}被拖欠工资。")
    assert list(errors) == ["summary"]
    message = errors["summary"][0]
    assert "案情简介" in message and "个人姓名" in message
    assert "赵**" in message and WORKER not in message
    assert not TypicalCase.objects.exists()


@pytest.mark.parametrize(
    ("field", "text", "kind"),
    [
        ("lessons", f"身份证 {ID_NUMBER}", "身份证号码"),
        ("title", f"联系 {MOBILE} 的欠薪案", "手机号码"),
        ("summary", "工资卡 6222 0212 3456 7890 123 被扣押。", "银行卡号"),
        ("summary", "另一人身份证 110105194912310029。", "身份证号码"),
    ],
)
def test_numbers_are_refused_by_kind(inspector, large_case, field, text, kind):
    errors = _refusal(inspector, large_case, **{field: text})
    assert list(errors) == [field]
    assert kind in errors[field][0]
    # What was found is shown masked, never whole.
    digits = re.sub(r"\D", "", text)
    assert digits not in re.sub(r"\D", "", errors[field][0])


def test_several_fields_are_named_at_once(inspector, large_case):
    errors = _refusal(inspector, large_case, title=f"{WORKER}讨薪", lessons=f"电话 {MOBILE}")
    assert set(errors) == {"title", "lessons"}


def test_the_employer_and_amounts_may_be_shown(draft):
    assert draft.employer_name == "四川鑫达建筑工程有限公司"
    assert draft.state == State.DRAFT and draft.region_id == "510107"


def test_only_a_decided_case(inspector):
    open_case = factories.case(inspector, "武侯在办公司", [factories.worker("吴九", "3000", 1)])
    errors = _refusal(inspector, open_case)
    assert list(errors) == ["case"]


def test_only_the_bureau_that_decided_the_case(make_user, large_case):
    city = make_user("chengdu-typical", Role.SUPERVISOR, "510100")
    with pytest.raises(PermissionDenied):
        services.create(city, large_case, **CLEAN)
    other = make_user("jinjiang-typical", Role.INSPECTOR, "510104")
    with pytest.raises(PermissionDenied):
        services.create(other, large_case, **CLEAN)


def test_another_county_neither_sees_nor_edits(make_user, draft):
    other = make_user("jinjiang-typical2", Role.SUPERVISOR, "510104")
    assert not TypicalCase.objects.restrict(other, "view").exists()
    with pytest.raises(PermissionDenied):
        services.edit(other, draft, **CLEAN)
    with pytest.raises(PermissionDenied):
        services.transition(draft, "publish", other)
    city = make_user("chengdu-typical2", Role.SUPERVISOR, "510100")
    assert TypicalCase.objects.restrict(city, "view").get() == draft
    # The city sees it but does not publish it in the county's name.
    with pytest.raises(PermissionDenied):
        services.transition(draft, "publish", city)


def test_edit_refuses_personal_data(inspector, draft):
    with pytest.raises(ValidationError) as exc:
        services.edit(inspector, draft, **{**CLEAN, "summary": f"{WORKER}反映"})
    assert list(exc.value.message_dict) == ["summary"]
    draft.refresh_from_db()
    assert draft.summary == CLEAN["summary"]


def test_publish_and_withdraw_by_the_leader(inspector, supervisor, draft):
    with pytest.raises(PermissionDenied):
        services.transition(draft, "publish", inspector)
    published = services.transition(draft, "publish", supervisor)
    assert published.state == State.PUBLISHED and published.published_by == supervisor
    assert published.published_on is not None
    with pytest.raises(ValidationError) as exc:
        services.transition(published, "withdraw", supervisor)
    assert "note" in exc.value.message_dict
    withdrawn = services.transition(published, "withdraw", supervisor, note="案情表述需更正")
    assert withdrawn.state == State.WITHDRAWN and withdrawn.withdraw_reason == "案情表述需更正"
    redrafted = services.transition(withdrawn, "redraft", inspector)
    assert redrafted.state == State.DRAFT
    actions = list(
        AuditEvent.objects.filter(action__startswith="typical_case.")
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions == [
        "typical_case.create",
        "typical_case.publish",
        "typical_case.withdraw",
        "typical_case.redraft",
    ]
    assert [h.action for h in redrafted.history.all()] == [
        "create",
        "publish",
        "withdraw",
        "redraft",
    ]


def test_publication_checks_the_text_again(supervisor, draft):
    """A row changed around the services (a raw update) is refused when it is published."""
    TypicalCase.objects.filter(pk=draft.pk).update(lessons=f"感谢{WORKER}配合调查")
    with pytest.raises(ValidationError) as exc:
        services.transition(draft, "publish", supervisor)
    assert list(exc.value.message_dict) == ["lessons"]
    draft.refresh_from_db()
    assert draft.state == State.DRAFT


def test_proposed_text_names_no_worker(large_case):
    proposed = services.proposed(services.case_for_check(large_case.pk))
    assert "四川鑫达建筑工程有限公司" in proposed["title"]
    text = " ".join(proposed.values())
    assert WORKER not in text and ID_NUMBER not in text


# --- pages ----------------------------------------------------------------------------------


def test_new_page_shows_the_refusal_on_the_field(client, inspector, large_case):
    client.force_login(inspector)
    page = client.get(reverse("publication:typical-new"), {"case": large_case.pk})
    assert page.status_code == 200
    assert "四川鑫达建筑工程有限公司拖欠农民工工资案" in page.content.decode()
    response = client.post(
        reverse("publication:typical-new"),
        {"case": large_case.pk, **CLEAN, "summary": f"手机 {MOBILE}"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'data-field="summary"' in html and "手机号码" in html
    response = client.post(reverse("publication:typical-new"), {"case": large_case.pk, **CLEAN})
    typical = TypicalCase.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("publication:typical-detail", args=[typical.pk])


def test_detail_offers_publish_to_the_leader_only(client, inspector, supervisor, draft):
    url = reverse("publication:typical-detail", args=[draft.pk])
    client.force_login(inspector)
    assert 'data-action="publish"' not in client.get(url).content.decode()
    client.force_login(supervisor)
    assert 'data-action="publish"' in client.get(url).content.decode()
    response = client.post(
        reverse("publication:typical-transition", args=[draft.pk]), {"action": "publish"}
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.state == State.PUBLISHED


def test_another_county_gets_404(client, make_user, draft):
    client.force_login(make_user("jinjiang-typical3", Role.SUPERVISOR, "510104"))
    assert client.get(reverse("publication:typical-detail", args=[draft.pk])).status_code == 404
    assert draft.title not in client.get(reverse("publication:typical-list")).content.decode()


# --- public pages, feeds, API -----------------------------------------------------------------


@pytest.fixture
def public_pair(inspector, supervisor, large_case, small_case):
    shown = services.transition(
        services.create(inspector, large_case, **CLEAN), "publish", supervisor
    )
    hidden = services.create(
        inspector,
        small_case,
        title="武侯小额餐饮店草稿案例",
        summary="草稿，不应公开。",
        lessons="",
    )
    return shown, hidden


def _assert_clean(text: str) -> None:
    assert WORKER not in text and "孙小二" not in text
    assert not PERSONAL.search(text), PERSONAL.search(text)


def test_public_pages_show_published_only(client, public_pair):
    shown, hidden = public_pair
    listing = client.get(reverse("typical-cases:list")).content.decode()
    assert shown.title in listing and hidden.title not in listing
    detail = client.get(reverse("typical-cases:detail", args=[shown.pk]))
    assert detail.status_code == 200 and "四川鑫达建筑工程有限公司" in detail.content.decode()
    assert client.get(reverse("typical-cases:detail", args=[hidden.pk])).status_code == 404
    _assert_clean(listing + detail.content.decode())


def test_the_public_list_narrows_by_division_and_year_and_says_when_nothing_matched(
    client, public_pair
):
    shown, _hidden = public_pair
    url = reverse("typical-cases:list")
    year = shown.published_on.year
    here = client.get(url, {"prefecture": "510100", "year": year}).content.decode()
    assert shown.title in here and 'data-testid="public-filters"' in here
    county = client.get(url, {"prefecture": "510100", "county": shown.region_id}).content.decode()
    assert shown.title in county
    elsewhere = client.get(url, {"prefecture": "510300"}).content.decode()
    assert shown.title not in elsewhere
    assert 'data-testid="no-match"' in elsewhere and "暂无典型案例" not in elsewhere
    # Only years with typical cases are offered; another (an old link) is left out of the filter.
    assert f'<option value="{year - 1}"' not in here
    assert shown.title in client.get(url, {"year": year - 1}).content.decode()


def test_feeds_and_api_carry_published_cases_only(client, supervisor, public_pair):
    shown, hidden = public_pair
    atom = client.get(reverse("typical-cases-atom"))
    assert atom.status_code == 200
    entries = ET.fromstring(atom.content).findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}title").text for e in entries] == [shown.title]
    feed = client.get(reverse("typical-cases-json")).json()
    assert [i["_wageguard"]["id"] for i in feed["items"]] == [shown.pk]
    api = client.get("/api/v1/typical-cases").json()
    assert [r["id"] for r in api["items"]] == [shown.pk]
    assert api["items"][0]["employer_name"] == "四川鑫达建筑工程有限公司"
    for text in (atom.content.decode(), json.dumps(feed, ensure_ascii=False), str(api)):
        _assert_clean(text)
        assert hidden.title not in text
    # Withdrawn: gone from every channel at once.
    services.transition(shown, "withdraw", supervisor, note="更正")
    assert client.get(reverse("typical-cases-json")).json()["items"] == []
    assert client.get("/api/v1/typical-cases").json()["items"] == []
    assert client.get(reverse("typical-cases:detail", args=[shown.pk])).status_code == 404
