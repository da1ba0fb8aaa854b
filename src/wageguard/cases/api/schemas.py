"""What the case API answers: a case's record (inspectors, parties, the investigation, measures
with the article applied, numbered documents with their download links, and transfers), and
what each action answers. Personal
data of persons is masked for roles without need to know, as for worker lines, and so are the
workers' names inside a transfer's stored threshold reasons."""

import datetime as dt
from decimal import Decimal

from django.urls import reverse
from ninja import Field, Schema

from wageguard.org.models import User
from wageguard.org.rules import sees_personal_data
from wageguard.parties.rules import mask_id_number, mask_name

from ..documents import lists_workers
from ..models import (
    CaseDocument,
    CaseRecovery,
    Decision,
    EnforcementCase,
    PoliceTransfer,
    TransferFollowUp,
)


class CaseInspectorOut(Schema):
    user_id: int
    name: str
    lead: bool

    @staticmethod
    def resolve_name(row) -> str:
        return row.user.display_name


class CasePartyOut(Schema):
    """A party of the case, with its enterprise's registered details."""

    id: int
    role: str
    enterprise_id: int
    name: str
    credit_code: str
    legal_representative: str
    address: str

    @staticmethod
    def resolve_name(party) -> str:
        return party.enterprise.name

    @staticmethod
    def resolve_credit_code(party) -> str:
        return party.enterprise.credit_code

    @staticmethod
    def resolve_legal_representative(party) -> str:
        return party.enterprise.legal_representative

    @staticmethod
    def resolve_address(party) -> str:
        return party.enterprise.address


class CasePersonOut(Schema):
    id: int
    role: str
    name: str
    id_number: str
    enterprise_id: int | None
    position: str


class CaseDocumentOut(Schema):
    id: int
    kind: str
    title: str
    number: str
    generated_at: dt.datetime
    url: str | None = Field(None, description="下载地址；列有劳动者的文书仅对承办人员提供")
    served_on: dt.date | None = Field(
        None, description="送达日期（公告送达为视为送达之日）；未送达为 null"
    )
    service_method: str = Field("", description="送达方式（rules.ServiceMethod）；未送达为空")
    notice_on: dt.date | None = Field(None, description="公告送达的公告日期")
    served_to: str = ""


class CaseMeasureOut(Schema):
    id: int
    kind: str
    kind_label: str
    state: str
    issued_on: dt.date
    deadline: dt.date | None
    article: str
    penalty_key: str
    violation: str
    amount_due: Decimal | None
    compensation_rate: Decimal | None
    compensation_amount: Decimal | None
    fine_amount: Decimal | None
    addressee: str
    content: str
    outcome_on: dt.date | None
    outcome_note: str
    document: CaseDocumentOut | None


class CaseFollowUpOut(Schema):
    id: int
    on: dt.date
    note: str


class CaseTransferOut(Schema):
    id: int
    transferred_on: dt.date
    police_agency: str
    threshold_answer: str
    threshold_reasons: list[str]
    conduct: str
    checklist: list[str]
    response: str
    response_on: dt.date | None
    response_reason: str
    next_follow_up: dt.date | None
    letter: CaseDocumentOut | None
    follow_ups: list[CaseFollowUpOut]


class CaseEvidenceOut(Schema):
    id: int
    kind: str
    description: str
    original_name: str
    content_type: str
    size: int
    url: str | None


class CaseStatementOut(Schema):
    id: int
    kind: str
    received_on: dt.date
    speaker: str
    adopted: bool | None


class CaseInterviewOut(Schema):
    id: int
    interviewee_role: str
    held_at: dt.datetime
    place: str


class CaseLedgerCheckOut(Schema):
    id: int
    checked_on: dt.date
    ledger_kept: bool
    period: str


class CaseRecordOut(Schema):
    """The investigation record and measures shown with a case's detail."""

    closing_report: str
    closing_exception: str
    inspectors: list[CaseInspectorOut]
    parties: list[CasePartyOut]
    persons: list[CasePersonOut]
    interviews: list[CaseInterviewOut]
    evidence: list[CaseEvidenceOut]
    ledger_checks: list[CaseLedgerCheckOut]
    statements: list[CaseStatementOut]
    measures: list[CaseMeasureOut]
    documents: list[CaseDocumentOut]
    transfers: list[CaseTransferOut]


def document_out(doc: CaseDocument | None, sees: bool = True) -> CaseDocumentOut | None:
    """The document with its download link, none where the viewer would get a 403."""
    if doc is None:
        return None
    allowed = sees or not lists_workers(doc.kind)
    return CaseDocumentOut(
        id=doc.pk,
        kind=doc.kind,
        title=doc.get_kind_display(),
        number=doc.number,
        generated_at=doc.generated_at,
        served_on=doc.served_on,
        service_method=doc.service_method,
        notice_on=doc.notice_on,
        served_to=doc.served_to,
        url=reverse("cases:document", kwargs={"pk": doc.case_id, "doc_id": doc.pk})
        if allowed
        else None,
    )


def measure_out(d: Decision, sees: bool = True) -> CaseMeasureOut:
    return CaseMeasureOut(
        id=d.pk,
        kind=d.kind,
        kind_label=d.get_kind_display(),
        state=d.state,
        issued_on=d.issued_on,
        deadline=d.deadline,
        article=d.article,
        penalty_key=d.penalty_key,
        violation=d.violation,
        amount_due=d.amount_due,
        compensation_rate=d.compensation_rate,
        compensation_amount=d.compensation_amount,
        fine_amount=d.fine_amount,
        addressee=d.addressee,
        content=d.content,
        outcome_on=d.outcome_on,
        outcome_note=d.outcome_note,
        document=document_out(d.document, sees),
    )


def follow_up_out(f: TransferFollowUp) -> CaseFollowUpOut:
    return CaseFollowUpOut.from_orm(f)


def mask_names_in(text: str, names: list[str]) -> str:
    """`text` with each of `names` masked as `mask_name` masks it ("王五" -> "王*"). A transfer's
    reasons are stored as they were given to the police, with workers' names (the letter needs
    them); roles without need to know read them masked, like the worker lines beside them."""
    for name in sorted({n for n in names if n}, key=len, reverse=True):
        text = text.replace(name, mask_name(name))
    return text


def transfer_out(
    t: PoliceTransfer, sees: bool = True, worker_names: list[str] | None = None
) -> CaseTransferOut:
    """For a role without need to know (`sees` false): `worker_names` masked in the threshold
    reasons, and no link to the letter, which lists the workers."""
    reasons = [str(r) for r in t.threshold_reasons]
    if not sees:
        reasons = [mask_names_in(r, worker_names or []) for r in reasons]
    return CaseTransferOut(
        id=t.pk,
        transferred_on=t.transferred_on,
        police_agency=t.police_agency,
        threshold_answer=t.threshold_answer,
        threshold_reasons=reasons,
        conduct=t.conduct,
        checklist=list(t.checklist),
        response=t.response,
        response_on=t.response_on,
        response_reason=t.response_reason,
        next_follow_up=t.next_follow_up,
        letter=document_out(t.letter, sees),
        follow_ups=[follow_up_out(f) for f in t.follow_ups.all()],
    )


def record_parts(case: EnforcementCase, user: User) -> dict:
    """The record's parts for `CaseRecordOut`, in a fixed number of queries whatever its length:
    rows the schemas read themselves (inspectors, parties, interviews ...) and, where the viewer
    decides what shows (masked ID numbers and names, download links), the mapped schemas."""
    sees = sees_personal_data(user)
    inspectors = case.inspectors.select_related("user")
    parties = case.parties.select_related("enterprise")
    persons = case.persons.select_related("person")
    decisions = case.decisions.select_related("document")
    transfers = case.transfers.select_related("letter").prefetch_related("follow_ups")
    # The names to hide in stored texts (prefetched by the case detail: no extra query).
    hidden = [w.worker_name for w in case.workers.all()]
    return dict(
        closing_report=case.closing_report,
        closing_exception=case.closing_exception,
        inspectors=list(inspectors),
        parties=list(parties),
        persons=[
            CasePersonOut(
                id=p.pk,
                role=p.role,
                name=p.person.name,
                id_number=p.person.id_number if sees else mask_id_number(p.person.id_number),
                enterprise_id=p.enterprise_id,
                position=p.position,
            )
            for p in persons
        ],
        interviews=list(case.interviews.all()),
        evidence=[
            CaseEvidenceOut(
                id=e.pk,
                kind=e.kind,
                description=e.description,
                original_name=e.original_name,
                content_type=e.content_type,
                size=e.size,
                # Evidence may be an ID card's photo: the file only for need to know.
                url=reverse("cases:evidence", kwargs={"pk": case.pk, "evidence_id": e.pk})
                if e.file and sees
                else None,
            )
            for e in case.evidence.all()
        ],
        ledger_checks=list(case.ledger_checks.all()),
        statements=list(case.statements.all()),
        measures=[measure_out(d, sees) for d in decisions],
        documents=[document_out(doc, sees) for doc in case.documents.all()],
        transfers=[transfer_out(t, sees, hidden) for t in transfers],
    )


# --- what the actions answer (cases.actions declares which) ---------------------------------


class CaseCreatedOut(Schema):
    id: int
    case_id: int


class CaseProjectOut(Schema):
    """The case's project link after `link_project`."""

    id: int
    number: str
    project_id: int | None
    project_name: str


class CaseStateOut(Schema):
    id: int
    number: str
    state: str
    due_date: dt.date
    extended: bool
    decided_on: dt.date | None
    closed_on: dt.date | None
    closing_report: str
    closing_exception: str


class CaseInspectorsOut(Schema):
    case_id: int
    inspectors: list[int]
    lead_id: int | None


def inspectors_out(rows: list) -> CaseInspectorsOut:
    return CaseInspectorsOut(
        case_id=rows[0].case_id,
        inspectors=[r.user_id for r in rows],
        lead_id=next((r.user_id for r in rows if r.lead), None),
    )


class CaseEvidenceAddedOut(Schema):
    id: int
    case_id: int
    original_name: str
    content_type: str
    size: int
    sha256: str


class CaseRecoveryOut(Schema):
    """One recovery (追回记录) and its worker line's totals after it."""

    id: int
    case_id: int
    worker_id: int
    amount: Decimal = Field(..., description="本次追回金额（元）")
    recovered_on: dt.date | None = Field(..., description="实际支付之日；null 为日期不明")
    method: str
    method_label: str
    note: str
    opening: bool = Field(..., description="随欠薪明细带入（立案时线索已登记或此前累计）")
    recorded_by: str
    recorded_at: dt.datetime
    amount_owed: Decimal = Field(..., description="该劳动者欠薪金额")
    amount_recovered: Decimal = Field(..., description="该劳动者累计已追回")
    outstanding: Decimal = Field(..., description="该劳动者尚欠")


def recovery_out(r: CaseRecovery) -> CaseRecoveryOut:
    """Read with its worker line (and the recorder) loaded."""
    w = r.worker
    return CaseRecoveryOut(
        id=r.pk,
        case_id=w.case_id,
        worker_id=w.pk,
        amount=r.amount,
        recovered_on=r.recovered_on,
        method=r.method,
        method_label=r.get_method_display() if r.method else "",
        note=r.note,
        opening=r.opening,
        recorded_by=r.recorded_by.display_name if r.recorded_by_id else "",
        recorded_at=r.recorded_at,
        amount_owed=w.amount_owed,
        amount_recovered=w.amount_recovered,
        outstanding=w.amount_owed - w.amount_recovered,
    )


class CaseIncidentOut(Schema):
    case_id: int
    mass_incident: bool
    mass_incident_note: str

    @staticmethod
    def resolve_case_id(case: EnforcementCase) -> int:
        return case.pk


class CaseDepositDrawdownOut(Schema):
    """A payment from the wage deposit of the case's project (`deposit_drawdown`)."""

    id: int = Field(..., description="工资保证金收支记录 id")
    case_id: int
    project_id: int
    amount: Decimal
    paid_on: dt.date
    notice_number: str
    topup_due_on: dt.date | None = Field(None, description="施工总承包单位应补足的日期")


def deposit_drawdown_out(m) -> CaseDepositDrawdownOut:
    return CaseDepositDrawdownOut(
        id=m.pk,
        case_id=m.case_id_ref,
        project_id=m.deposit.project_id,
        amount=m.amount,
        paid_on=m.on,
        notice_number=m.notice_number,
        topup_due_on=m.deposit.topup_due_on,
    )
