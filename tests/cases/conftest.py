from decimal import Decimal

import pytest

from wageguard.clues.models import ArrearsLine
from wageguard.clues.services import intake
from wageguard.clues.services import transition as clue_transition
from wageguard.clues.validation import clean_intake
from wageguard.org.rules import Role


@pytest.fixture
def inspector(make_user):
    return make_user("wuhou-inspector", Role.INSPECTOR, "510107")


@pytest.fixture
def supervisor(make_user):
    return make_user("wuhou-leader", Role.SUPERVISOR, "510107")


@pytest.fixture
def verifying_clue(inspector):
    """A Wuhou clue under verification with two workers' arrears lines, May to August (4 months)."""
    clue = intake(
        clean_intake(
            {
                "employer_name": "四川鑫达建筑工程有限公司",
                "employer_credit_code": "",
                "project_name": "武侯区人民南路安置房项目",
                "work_address": "四川省成都市武侯区人民南路四段 12 号工地",
                "period_start": "2026-05",
                "period_end": "2026-08",
                "description": "项目完工后包工头拖欠四个月工资。",
                "sector": "construction",
            },
            public=False,
        )
    ).clue
    ArrearsLine.objects.create(clue=clue, worker_name="张三", amount_owed=21000)
    ArrearsLine.objects.create(
        clue=clue, worker_name="李四", amount_owed=8000, amount_recovered=2000, method="employer"
    )
    clue = clue_transition(clue, "accept", inspector)
    return clue_transition(clue, "start_verification", inspector)


@pytest.fixture
def colleague(make_user):
    return make_user("wuhou-inspector-2", Role.INSPECTOR, "510107")


def direct_case(user, **over):
    """A case filed directly in 武侯区: 王五 owed ¥25,000 for 4 months."""
    from wageguard.cases import services

    data = {
        "region": "510107",
        "employer_name": "成都标记劳务有限公司",
        "workers": [
            {
                "worker_name": "王五",
                "id_number": "11010519491231002X",
                "amount_owed": Decimal(25000),
                "months_unpaid": 4,
            }
        ],
    }
    data.update(over)
    return services.file_case(user, **data)


@pytest.fixture
def investigating(inspector, colleague):
    """A case under investigation with two inspectors assigned (Decree 423 art. 16)."""
    from wageguard.cases import services
    from wageguard.cases.services.investigation import assign_inspectors

    case = services.transition(direct_case(inspector), "start_investigation", inspector)
    assign_inspectors(case, inspector, [inspector.pk, colleague.pk])
    return case


def backdate(case, days: int):
    """Moves a case's filing `days` back, so measures can carry past dates and deadlines."""
    import datetime as dt

    from wageguard.cases.models import EnforcementCase

    filed = case.filed_on - dt.timedelta(days=days)
    EnforcementCase.objects.filter(pk=case.pk).update(filed_on=filed)
    case.refresh_from_db()
    return case


def docx_text(document) -> str:
    """All text of a stored Word document (paragraphs and table cells), read back from disk."""
    from docx import Document

    with document.file.open("rb") as handle:
        doc = Document(handle)
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


@pytest.fixture
def heard(investigating, inspector):
    """The investigating case with the employer's statement recorded (Decree 423 art. 19)."""
    from django.utils import timezone

    from wageguard.cases.services.investigation import record_statement

    record_statement(investigating, inspector, kind="no_response", received_on=timezone.localdate())
    return investigating
