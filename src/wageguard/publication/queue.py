"""Which of a bureau's cases must be published (Order 29, cited by title: no stored text), and the
text first proposed for each: read-only helpers of `services` and the staff queue page."""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    Count,
    Exists,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Sum,
    prefetch_related_objects,
)

from wageguard.cases.models import (
    CaseWorker,
    CriminalThresholdSetting,
    Decision,
    EnforcementCase,
    PoliceTransfer,
)
from wageguard.cases.rules import (
    CUMULATIVE_HIGH,
    INDIVIDUAL_HIGH,
    MIN_MONTHS,
    MIN_WORKERS,
    DecisionKind,
    PersonRole,
    TransferResponse,
    yuan,
)
from wageguard.cases.rules import State as CaseState
from wageguard.cases.services import threshold_for
from wageguard.org.models import User

from .models import PublicationItem
from .rules import SETTLED_STATES, CaseFacts, PublishAnswer, must_publish

MODEL = "publication.publicationbatch"
DECIDED_STATES = (CaseState.DECIDED, CaseState.CLOSED)


def amount_answer(case: EnforcementCase) -> str:
    """The criminal threshold's amount conditions alone, counted the one way the case page, the
    transfer and the credit list count them (cases.services.threshold_for: what was unpaid at
    the lapsed order's deadline, else outstanding now), from prefetched worker lines and
    decisions; the province's name is not needed, so no query for it."""
    return threshold_for(case, named=False, province="本省").amount_answer


def assess(case: EnforcementCase) -> PublishAnswer:
    """Whether `case` must be published, of which kind and why (rules.must_publish): a transfer
    counts while it stands (pending, accepted, filed); one the police declined to file does not,
    and the arrears themselves must qualify."""
    transfers = list(case.transfers.all())
    standing = any(t.response != TransferResponse.NOT_FILED for t in transfers)
    return must_publish(
        CaseFacts(
            decided=case.state in DECIDED_STATES,
            transferred=standing,
            amount_answer=amount_answer(case),
            mass_incident=case.mass_incident,
            transfer_not_filed=bool(transfers) and not standing,
        )
    )


def _lowest_meeting_figures() -> tuple[Decimal, Decimal]:
    """The lowest individual and cumulative amounts at which any province's amount answer can be
    "meets" (法释〔2013〕3号 art. 3): a province's own figure, or the national upper bound while it
    has none. One query; a bound for the database filter, the rule still decides."""
    figures = CriminalThresholdSetting.objects.aggregate(
        individual=Min("individual_amount"), cumulative=Min("cumulative_amount")
    )
    return (
        min(INDIVIDUAL_HIGH, figures["individual"] or INDIVIDUAL_HIGH),
        min(CUMULATIVE_HIGH, figures["cumulative"] or CUMULATIVE_HIGH),
    )


def _candidates(qs: QuerySet) -> QuerySet:
    """Cases that can be required under Order 29, narrowed in the database so the rule runs only
    on a page of them: a transfer to the police the police did not decline, or decided with a
    mass incident, a
    worker 3+ months unpaid at or above the lowest figure that "meets" in any province, or 10+
    workers owed at least the lowest cumulative figure. Gross amounts: what the rule counts is
    never more than owed, so nothing the rule requires is left out."""
    individual, cumulative = _lowest_meeting_figures()
    transferred = Exists(
        PoliceTransfer.objects.filter(case=OuterRef("pk")).exclude(
            response=TransferResponse.NOT_FILED
        )
    )
    long_unpaid = Exists(
        CaseWorker.objects.filter(
            case=OuterRef("pk"), months_unpaid__gte=MIN_MONTHS, amount_owed__gte=individual
        )
    )
    many = Exists(
        CaseWorker.objects.filter(case=OuterRef("pk"), amount_owed__gt=0)
        .order_by()
        .values("case")
        .annotate(n=Count("pk"), total=Sum("amount_owed"))
        .filter(n__gte=MIN_WORKERS, total__gte=cumulative)
    )
    decided = Q(state__in=DECIDED_STATES) & (Q(mass_incident=True) | long_unpaid | many)
    return qs.filter(transferred | decided)


@dataclass(frozen=True)
class QueueEntry:
    case: EnforcementCase
    answer: PublishAnswer
    # The draft or submitted batch of the user's bureau the case already sits in, if any.
    pending_item: PublicationItem | None


def queue_cases(user: User) -> QuerySet:
    """待公布 as a query, for paging in the database: the candidates of the user's jurisdiction
    (all periods: a case left unpublished from an earlier period is still owed) that are not in
    an approved or published batch of the user's bureau, newest decisions first."""
    if not user.can("view", MODEL) or user.agency_id is None:
        return EnforcementCase.objects.none()
    settled = PublicationItem.objects.filter(
        case=OuterRef("pk"), batch__agency=user.agency_id, batch__state__in=SETTLED_STATES
    )
    return (
        _candidates(EnforcementCase.objects.restrict(user, "view"))
        .exclude(Exists(settled))
        .select_related("region")
        .order_by("-decided_on", "-filed_on", "-id")
    )


def entries_for(user: User, cases: Iterable[EnforcementCase]) -> list[QueueEntry | None]:
    """The rule applied to some rows of `queue_cases` (a page), one entry per row in order:
    None for a candidate the rule does not require after all. A fixed number of queries."""
    cases = list(cases)
    # Decisions with their documents: the threshold reads each order's service.
    decisions = Prefetch("decisions", Decision.objects.select_related("document"))
    prefetch_related_objects(cases, "workers", decisions, "transfers", "publication_items__batch")
    out: list[QueueEntry | None] = []
    for case in cases:
        answer = assess(case)
        pending = next(
            (i for i in case.publication_items.all() if i.batch.agency_id == user.agency_id),
            None,
        )
        out.append(QueueEntry(case, answer, pending) if answer.required else None)
    return out


def queue(user: User) -> list[QueueEntry]:
    """The whole queue (the demo and tests; pages use `queue_cases` with `entries_for` on one
    page)."""
    return [e for e in entries_for(user, queue_cases(user)) if e is not None]


# --- the text first proposed for an item (the fields Order 29 publishes) ---------------------


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
        text = f"{t.transferred_on:%Y年%m月%d日}以涉嫌拒不支付劳动报酬罪移送{t.police_agency}"
        if t.response == TransferResponse.NOT_FILED:
            text += "，公安机关决定不予立案"
        parts.append(text)
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
