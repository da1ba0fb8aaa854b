import pytest

from tests import factories
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
    return factories.clue_under_verification(
        inspector,
        [
            {"worker_name": "张三", "amount_owed": 21000},
            {
                "worker_name": "李四",
                "amount_owed": 8000,
                "amount_recovered": 2000,
                "method": "employer",
            },
        ],
    )


@pytest.fixture
def colleague(make_user):
    return make_user("wuhou-inspector-2", Role.INSPECTOR, "510107")


def direct_case(user, **over):
    """A case filed directly in 武侯区 (`tests.factories.case`): 王五 owed ¥25,000 for 4 months."""
    over.setdefault("workers", [factories.worker(id_number=factories.WORKER_ID)])
    return factories.case(user, **over)


@pytest.fixture
def investigating(inspector, colleague):
    """A case under investigation with two inspectors assigned (Decree 423 art. 16)."""
    return factories.under_investigation(direct_case(inspector), inspector, [inspector, colleague])


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


def serve(measure_or_document, user, on=None, method: str = "direct", **over):
    """Records service (送达) of a measure's document, by default directly on the measure's date
    (cases.services.documents.record_service): an order counts for the crime's conduct condition
    only once served (SPC2013 art. 4), a fine's deadline runs from service (APL art. 67)."""
    from wageguard.cases.models import Decision
    from wageguard.cases.services.documents import record_service

    document = measure_or_document
    if isinstance(measure_or_document, Decision):
        document = measure_or_document.document
        on = on or measure_or_document.issued_on
    return record_service(
        document,
        user,
        service_method=method,
        served_on=on or document.generated_at.date(),
        **over,
    )
