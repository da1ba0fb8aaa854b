"""`audit.record_read`: the one way a read of personal data is recorded, and how the audit page
tells it in words (issue 10 finding 4)."""

import pytest

from wageguard.cases.models import EnforcementCase
from wageguard.clues.models import Clue
from wageguard.core import audit
from wageguard.core.models import AuditEvent
from wageguard.core.views_audit import read_summary
from wageguard.credit.models import CreditListing

pytestmark = pytest.mark.django_db


def test_an_unregistered_action_is_refused(make_user):
    with pytest.raises(ValueError, match="READ_ACTIONS"):
        audit.record_read("clue.peek", model=Clue, mode="list", ids=[1])
    assert not AuditEvent.objects.exists()


def test_the_filter_keeps_no_secret_and_no_empty_value(make_user):
    user = make_user("insp", "inspector", "510107")
    event = audit.record_read(
        "clue.list",
        model=Clue,
        mode="list",
        ids=[3, 1, 2],
        query={"state": "open", "q": "", "token": "abc", "csrfmiddlewaretoken": "x", "sort": "due"},
        actor=user,
    )
    assert event.after == {
        "read": "clues.clue",
        "mode": "list",
        "filter": {"state": "open", "sort": "due"},
        "ids": [3, 1, 2],
        "rows": 3,
        "clear_ids": [],
        "clear": False,
    }
    assert audit.verify_chain().ok


@pytest.mark.parametrize(
    ("action", "model", "kwargs", "words"),
    [
        (
            "clue.list",
            Clue,
            {"mode": "list", "ids": [1, 2], "query": {"state": "open"}},
            "查看了 2 条线索的个人信息（已遮蔽）；筛选条件：状态=open",
        ),
        (
            "clue.reveal",
            Clue,
            {"mode": "reveal", "ids": [1, 2], "clear_ids": [2], "query": {}},
            "显示了 1 条线索的完整个人信息；无筛选条件",
        ),
        (
            "case.view",
            EnforcementCase,
            {"mode": "detail", "ids": [7], "clear_ids": [7]},
            "查看了案件的完整个人信息",
        ),
        (
            "export.csv",
            CreditListing,
            {"mode": "export", "rows": 40, "clear": False, "query": {"status": "current"}},
            "导出了 40 条失信联合惩戒名单，个人信息已遮蔽；筛选条件：状态=current",
        ),
    ],
)
def test_the_audit_page_tells_each_read_in_words(make_user, action, model, kwargs, words):
    event = audit.record_read(
        action, model=model, actor=make_user("u", "inspector", "510107"), **kwargs
    )
    assert read_summary(event) == words


def test_other_events_have_no_read_summary(make_user):
    event = audit.record("clue.list", after={"rows": 1})  # an old or foreign shape
    assert read_summary(event) == ""
    assert read_summary(audit.record("user.update", after={"read": "x"})) == ""


def test_a_searched_number_is_kept_masked(db, make_user):
    """The inbox finds a reporter by full mobile or ID number: the filter is audited, the number
    in it masked, since the audit log is append-only and kept for years."""
    from wageguard.clues.models import Clue
    from wageguard.core import audit

    user = make_user("searcher", "inspector", "510107")
    event = audit.record_read(
        "clue.list",
        model=Clue,
        mode="list",
        ids=[],
        query={"q": "13812345678 11010519491231002X 成都", "state": "received"},
        actor=user,
    )
    stored = event.after["filter"]
    assert "13812345678" not in str(stored) and "11010519491231002X" not in str(stored)
    assert stored["q"].endswith("成都") and "5678" in stored["q"] and stored["state"] == "received"
