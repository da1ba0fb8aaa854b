"""Issue 14: the clue page's history in words, never codes; recoveries appear in it."""

import re
from decimal import Decimal

import pytest
from django.utils import timezone

from tests import factories
from wageguard.clues import services, timeline
from wageguard.clues.models import Clue
from wageguard.org.rules import Role

pytestmark = pytest.mark.django_db


def _timeline_text(page: str) -> str:
    block = page.split('data-testid="timeline"', 1)[1].split("</ol>", 1)[0]
    return " ".join(re.sub(r"<[^>]+>", " ", block).split())


def test_history_shows_labels_and_recoveries(client, make_user):
    inspector = make_user("wuhou-inspector", Role.INSPECTOR, "510107")
    clue = factories.clue_under_verification(
        inspector, [{"worker_name": "张三", "amount_owed": 21000}]
    )
    Clue.objects.filter(pk=clue.pk).update(period_start=None, period_end=None)
    line = clue.arrears.get()
    services.record_recovery(
        inspector, line, Decimal("21000"), timezone.localdate(), "general_contractor"
    )
    services.transition(clue, "resolve", inspector, resolution="paid_in_full", note="已付清")
    client.force_login(inspector)
    page = client.get(f"/clues/{clue.pk}/").content.decode()
    text = _timeline_text(page)
    assert "接收线索" in text and "化解方式：全额支付" in text
    assert "登记追回" in text and "张三：累计已追回 21,000.00 元" in text
    assert "总承包单位先行清偿" in text
    for code in ("received", "paid_in_full", "general_contractor", "resolve"):
        assert code not in text, code
    assert "置信度" not in page and "? — ?" not in page
    assert 'data-testid="period">未填写<' in page


def test_transfer_words_name_the_divisions():
    regions = {"510107": "武侯区", "510104": "锦江区"}
    data = {"from_region": "510107", "to_region": "510104", "reason": "工地在锦江"}
    words = timeline.words("transfer", data, regions)
    assert words == "由 武侯区 移交到 锦江区；理由：工地在锦江"
    assert timeline.words("reject", {"reason": "time_barred"}) == "理由：违法行为发生已超过两年"
    assert timeline.label("something_new") == "办理记录"


def test_the_worker_s_rating_is_shown_to_staff_in_words(client, make_user):
    inspector = make_user("wuhou-inspector", Role.INSPECTOR, "510107")
    clue = factories.clue_under_verification(inspector, [])
    Clue.objects.filter(pk=clue.pk).update(rating=2, rating_comment="只发了一半")
    client.force_login(inspector)
    page = client.get(f"/clues/{clue.pk}/").content.decode()
    assert "不满意：只发了一半" in page
    assert "2 / 5" not in page


def test_the_clue_s_division_is_named_with_its_city_not_by_code(client, make_user):
    inspector = make_user("wuhou-inspector", Role.INSPECTOR, "510107")
    clue = factories.clue_under_verification(inspector, [])
    client.force_login(inspector)
    page = client.get(f"/clues/{clue.pk}/").content.decode()
    row = page.split("辖区 / 承办机构", 1)[1].split("</dd>", 1)[0]
    assert "成都市 武侯区" in row and "510107" not in row
