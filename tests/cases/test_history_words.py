"""Issue 14: the case's history in words, never codes."""

import re

import pytest

from wageguard.cases.actions import history_label
from wageguard.cases.rules import Action
from wageguard.cases.services.workflow import transition

from .conftest import direct_case

pytestmark = pytest.mark.django_db


def test_case_history_in_words(client, inspector):
    case = direct_case(inspector)
    transition(case, Action.REQUEST_EXTENSION, inspector, reason="涉及三级分包")
    client.force_login(inspector)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    block = page.split('data-testid="history"', 1)[1].split("</ol>", 1)[0]
    text = " ".join(re.sub(r"<[^>]+>", " ", block).split())
    assert "申请延期" in text and "延期理由：涉及三级分包" in text
    assert "request_extension" not in text
    assert history_label("supervise") == "督办提醒"
    assert history_label("an_unknown_row") == "办理记录"
