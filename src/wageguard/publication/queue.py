"""Which of a bureau's cases must be published (Order 29 art. 5), and the text first proposed for
each: read-only helpers of `services` and the staff queue page."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from wageguard.cases.models import (
    CaseWorker,
    CriminalThresholdSetting,
    EnforcementCase,
    PoliceTransfer,
)
from wageguard.cases.rules import (
    INDIVIDUAL_LOW,
    MIN_MONTHS,
    MIN_WORKERS,
    DecisionKind,
    PersonRole,
    WorkerArrears,
    criminal_threshold,
    yuan,
)
from wageguard.cases.rules import State as CaseState
from wageguard.org.models import User

from .models import PublicationItem
from .rules import SETTLED_STATES, CaseFacts, PublishAnswer, must_publish

MODEL = "publication.publicationbatch"
DECIDED_STATES = (CaseState.DECIDED, CaseState.CLOSED)


def amount_answer(case: EnforcementCase) -> str:
    """The criminal threshold's amount conditions alone (cases.rules.criminal_threshold with the
    province's figures), from prefetched worker lines; the province's name is not needed, so
    no query per case (cases.services.threshold_for looks it up)."""
    setting = CriminalThresholdSetting.for_province(case.region.province_code)
    return criminal_threshold(
        [WorkerArrears(w.amount_owed, w.months_unpaid) for w in case.workers.all()],
        individual_figure=setting.individual_amount,
        cumulative_figure=setting.cumulative_amount,
        order_ignored_or_absconded=case.order_ignored_or_absconded,
    ).amount_answer


def assess(case: EnforcementCase) -> PublishAnswer:
    """Whether `case` must be published, of which kind and why (rules.must_publish)."""
    return must_publish(
        CaseFacts(
            decided=case.state in DECIDED_STATES,
            transferred=bool(case.transfers.all()),
            amount_answer=amount_answer(case),
            mass_incident=case.mass_incident,
        )
    )


def _candidates(qs: QuerySet) -> QuerySet:
    """Cases that might qualify, narrowed in the database so the rule runs only on them: a
    transfer, or decided with a mass incident, a worker 3+ months unpaid at or above the
    national lower figure, or 10+ workers owed."""
    transferred = Exists(PoliceTransfer.objects.filter(case=OuterRef("pk")))
    long_unpaid = Exists(
        CaseWorker.objects.filter(
            case=OuterRef("pk"), months_unpaid__gte=MIN_MONTHS, amount_owed__gte=INDIVIDUAL_LOW
        )
    )
    many = Exists(
        CaseWorker.objects.filter(case=OuterRef("pk"), amount_owed__gt=0)
        .order_by()
        .values("case")
        .annotate(n=Count("pk"))
        .filter(n__gte=MIN_WORKERS)
    )
    decided = Q(state__in=DECIDED_STATES) & (Q(mass_incident=True) | long_unpaid | many)
    return qs.filter(transferred | decided)


@dataclass(frozen=True)
class QueueEntry:
    case: EnforcementCase
    answer: PublishAnswer
    # The draft or submitted batch of the user's bureau the case already sits in, if any.
    pending_item: PublicationItem | None


def queue(user: User) -> list[QueueEntry]:
    """待公布: cases in the user's jurisdiction that must be published and are not yet in an
    approved or published batch of the user's bureau. Newest decisions first; a fixed number
    of queries however long the list."""
    cases = EnforcementCase.objects.restrict(user, "view")
    if not user.can("view", MODEL) or user.agency_id is None:
        return []
    settled = PublicationItem.objects.filter(
        case=OuterRef("pk"), batch__agency=user.agency_id, batch__state__in=SETTLED_STATES
    )
    rows = (
        _candidates(cases)
        .exclude(Exists(settled))
        .select_related("region")
        .prefetch_related("workers", "transfers", "publication_items__batch")
        .order_by("-decided_on", "-filed_on", "-id")
    )
    out = []
    for case in rows:
        answer = assess(case)
        if not answer.required:
            continue
        pending = next(
            (i for i in case.publication_items.all() if i.batch.agency_id == user.agency_id),
            None,
        )
        out.append(QueueEntry(case, answer, pending))
    return out


# --- the text first proposed for an item (Order 29 art. 6) -----------------------------------


def _legal_representative(case: EnforcementCase) -> str:
    if case.employer and case.employer.legal_representative:
        return case.employer.legal_representative
    for p in case.persons.all():
        if p.role == PersonRole.LEGAL_REPRESENTATIVE:
            return p.person.name
    return ""


def _handling(case: EnforcementCase) -> str:
    """处理情况 from the case's measures and transfers, in order; amounts, never names."""
    parts = []
    for d in case.decisions.all():
        text = f"{d.issued_on:%Y年%m月%d日}{DecisionKind(d.kind).label}"
        if d.kind == DecisionKind.HANDLING and d.amount_due is not None:
            text += f"，责令支付劳动报酬 {yuan(d.amount_due)} 元"
            if d.compensation_amount:
                text += f"并加付赔偿金 {yuan(d.compensation_amount)} 元"
        if d.kind == DecisionKind.PENALTY and d.fine_amount is not None:
            text += f"，罚款 {yuan(d.fine_amount)} 元"
        if d.article:
            text += f"（{d.article}）"
        parts.append(text)
    for t in case.transfers.all():
        parts.append(
            f"{t.transferred_on:%Y年%m月%d日}以涉嫌拒不支付劳动报酬罪移送{t.police_agency}"
        )
    workers = list(case.workers.all())
    recovered = sum((w.amount_recovered for w in workers), Decimal(0))
    if recovered:
        parts.append(f"已为劳动者追回工资 {yuan(recovered)} 元")
    return "；".join(parts) + "。" if parts else "已依法作出处理。"


def proposed_text(case: EnforcementCase) -> dict[str, str]:
    """The published fields first proposed for a case; the editor may change them, and
    whatever they become is redacted on save."""
    employer = case.employer
    workers = [w for w in case.workers.all() if w.amount_owed > 0]
    owed = sum((w.amount_owed for w in workers), Decimal(0))
    unit = (employer.name if employer else "") or case.employer_name
    summary = f"{unit}拖欠 {len(workers)} 名劳动者劳动报酬共计 {yuan(owed)} 元。"
    return {
        "unit_name": unit,
        "credit_code": (employer.credit_code if employer else "") or case.employer_credit_code,
        "address": (employer.address if employer else "") or case.work_address,
        "legal_representative": _legal_representative(case),
        "facts": (summary + (case.facts or "")).strip()[:5000],
        "handling": _handling(case)[:5000],
    }
