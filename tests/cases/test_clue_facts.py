"""A case converted from a clue: its facts come from the clue's data, never from the reporter's
own words, so no document addressed to the employer carries the reporter's name or phone
(DESIGN: a complainant's identity is never shown to the employer or in public output)."""

import datetime as dt

import pytest
from django.utils import timezone

from tests import factories
from wageguard.cases import services
from wageguard.cases.models import CaseDocument
from wageguard.cases.services import measures
from wageguard.cases.services.investigation import assign_inspectors
from wageguard.clues.services import transition as clue_transition

from .conftest import docx_text

pytestmark = pytest.mark.django_db

REPORTER = "赵小红"
PHONE = "13812345678"


@pytest.fixture
def reported_clue(inspector):
    """A clue whose description carries the reporter's own name and phone."""
    return factories.clue_under_verification(
        inspector,
        [
            {"worker_name": "张三", "amount_owed": 21000},
            {"worker_name": "李四", "amount_owed": 8000},
        ],
        reporter_name=REPORTER,
        phone=PHONE,
        description=f"我是{REPORTER}，电话 {PHONE}，包工头拖欠我们四个月工资。",
    )


def test_facts_are_written_from_the_clue_data(reported_clue, inspector):
    clue_transition(reported_clue, "convert_to_case", inspector)
    case = reported_clue.cases.get()
    assert case.facts == (
        "据反映，四川鑫达建筑工程有限公司在武侯区人民南路安置房项目拖欠2名劳动者"
        "2026年5月至2026年8月工资，共计 29,000.00 元。"
    )
    assert REPORTER not in case.facts and PHONE not in case.facts


def test_no_employer_document_carries_the_reporter(reported_clue, inspector, colleague):
    clue_transition(reported_clue, "convert_to_case", inspector)
    case = services.transition(reported_clue.cases.get(), "start_investigation", inspector)
    assign_inspectors(case, inspector, [inspector.pk, colleague.pk])
    today = timezone.localdate()
    measures.issue_measure(case, inspector, "order", deadline=today + dt.timedelta(days=10))
    documents = list(CaseDocument.objects.filter(case=case))
    assert documents
    for document in documents:
        text = docx_text(document)
        assert "四川鑫达建筑工程有限公司" in text
        assert REPORTER not in text and PHONE not in text
        assert REPORTER not in str(document.context) and PHONE not in str(document.context)


def test_facts_without_lines_or_period(inspector):
    clue = factories.clue_intake(
        {
            "employer_name": "成都某劳务有限公司",
            "work_address": "四川省成都市武侯区某工地",
            "description": "反映人：钱七 13900001111",
            "sector": "construction",
        },
        public=False,
    ).clue
    assert services.clue_facts(clue, []) == "据反映，成都某劳务有限公司拖欠劳动者工资。"
