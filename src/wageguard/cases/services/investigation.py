"""The investigation record of a case (调查记录): inspectors, interviews, evidence, the wage-ledger
check, the employer's statement and defence, worker lines and their recovery, and the parties.

Each function is one state change in the house way: permission ("investigate") and jurisdiction,
the case re-read under a lock, checks that name the field, history and audit, one transaction.
"""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wageguard.clues import services as clue_services
from wageguard.clues.rules import RecoveryMethod
from wageguard.core import audit, legal
from wageguard.core import files as attachments
from wageguard.org.models import User
from wageguard.parties.services import enterprise_for, person_for

from ..models import (
    CaseInspector,
    CaseParty,
    CasePerson,
    CaseRecovery,
    CaseWorker,
    EnforcementCase,
    Evidence,
    EvidenceKind,
    Interview,
    InterviewRole,
    LedgerCheck,
    Statement,
    StatementKind,
)
from ..rules import PartyRole, PersonRole
from ..rules.preconditions import INSPECTOR_ROLES, MIN_INSPECTORS, inspectors_problem
from . import common, recovery

INVESTIGATE = "investigate"


def _open(case: EnforcementCase, user: User) -> EnforcementCase:
    case = common.locked_case(case, user, INVESTIGATE)
    common.require_open(case)
    return case


def _choice(value, choices, field: str, label: str) -> str:
    if value not in choices.values:
        raise ValidationError({field: _("请选择有效的%(label)s") % {"label": label}})
    return value


def _int(value, field: str, label: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ValidationError({field: _("请选择有效的%(label)s") % {"label": label}}) from None


def _ids(values, field: str) -> list[int]:
    try:
        ids = [int(v) for v in values or []]
    except (TypeError, ValueError):
        raise ValidationError({field: _("人员编号应为整数")}) from None
    return list(dict.fromkeys(ids))


@transaction.atomic
def assign_inspectors(
    case: EnforcementCase, user: User, inspector_ids: list[int], lead_id: int | None = None
) -> list[CaseInspector]:
    """Replaces the case's inspectors: at least two (Decree 423 art. 16), each an active
    inspector or supervisor of the case's own bureau; the lead (主办) defaults to the first."""
    case = _open(case, user)
    ids = _ids(inspector_ids, "inspector_ids")
    problem = inspectors_problem(len(ids))
    if problem:
        raise ValidationError({"inspector_ids": problem})
    users = {
        u.pk: u
        for u in User.objects.filter(
            pk__in=ids, agency_id=case.agency_id, role__in=INSPECTOR_ROLES, is_active=True
        )
    }
    strangers = [i for i in ids if i not in users]
    if strangers:
        raise ValidationError({"inspector_ids": _("承办人须为本案承办机构在职的监察员或分管领导")})
    lead = ids[0] if lead_id in (None, "") else _int(lead_id, "lead_id", _("主办监察员"))
    if lead not in users:
        raise ValidationError({"lead_id": _("主办监察员须是本案承办人之一")})
    before = sorted(case.inspectors.values_list("user_id", flat=True))
    case.inspectors.all().delete()
    rows = CaseInspector.objects.bulk_create(
        [CaseInspector(case=case, user=users[i], lead=i == lead) for i in ids]
    )
    names = [users[i].display_name for i in ids]
    common.history(case, "assign", user, case.state, inspectors=names, lead=lead)
    audit.record(
        "case.assign",
        obj=case,
        actor=user,
        before={"inspectors": before},
        after={"inspectors": sorted(ids), "lead": lead},
    )
    return sorted(rows, key=lambda r: (not r.lead, r.pk))


def _case_inspector_ids(case: EnforcementCase) -> set[int]:
    return set(case.inspectors.values_list("user_id", flat=True))


def _require_pair(case: EnforcementCase, field: str = "inspector_ids") -> set[int]:
    ids = _case_inspector_ids(case)
    problem = inspectors_problem(len(ids))
    if problem:
        raise ValidationError({field: problem})
    return ids


@transaction.atomic
def record_interview(
    case: EnforcementCase,
    user: User,
    *,
    interviewee: str,
    interviewee_role: str,
    held_at: dt.datetime,
    place: str,
    inspector_ids: list[int],
    summary: str,
) -> Interview:
    """询问笔录: held by at least two of the case's inspectors (Decree 423 art. 16)."""
    case = _open(case, user)
    assigned = _require_pair(case)
    present = _ids(inspector_ids, "inspector_ids")
    if len(present) < MIN_INSPECTORS:
        raise ValidationError(
            {
                "inspector_ids": _("询问应由 %(INSPECTORS)s 名以上承办监察员进行（%(basis)s）")
                % {"INSPECTORS": MIN_INSPECTORS, "basis": legal.cite("423.16")}
            }
        )
    if not set(present) <= assigned:
        raise ValidationError({"inspector_ids": _("询问人须为本案承办监察员")})
    if not isinstance(held_at, dt.datetime):
        raise ValidationError({"held_at": _("询问时间应为日期时间")})
    if timezone.is_naive(held_at):
        held_at = timezone.make_aware(held_at)
    if held_at > timezone.now():
        raise ValidationError({"held_at": _("询问时间不能晚于现在")})
    interview = Interview.objects.create(
        case=case,
        interviewee=common.clean_text(interviewee, "interviewee", _("被询问人"), 50),
        interviewee_role=_choice(interviewee_role, InterviewRole, "interviewee_role", "身份"),
        held_at=held_at,
        place=common.clean_text(place, "place", _("询问地点"), 200, required=False),
        summary=common.clean_text(summary, "summary", _("询问内容摘要"), 20000),
        recorded_by=user,
    )
    interview.inspectors.set(present)
    common.log(
        case,
        "interview",
        user,
        obj=interview,
        after={"interview": interview.pk, "role": interview.interviewee_role, "held_at": held_at},
    )
    return interview


@transaction.atomic
def add_evidence(
    case: EnforcementCase,
    user: User,
    *,
    kind: str,
    description: str,
    upload: UploadedFile | None = None,
) -> Evidence:
    """证据: a described item, with a file checked by its content like a clue's attachment
    (JPEG, PNG or PDF; the stored name comes from the content, never from the sender)."""
    case = _open(case, user)
    evidence = Evidence(
        case=case,
        kind=_choice(kind, EvidenceKind, "kind", "证据种类"),
        description=common.clean_text(description, "description", _("证据说明"), 300),
        uploaded_by=user,
    )
    written: list[Evidence] = []
    try:
        if upload is not None:
            try:
                attachments.save_file(evidence, upload)
            except ValidationError as exc:
                raise ValidationError({"upload": exc.messages[0]}) from None
            written.append(evidence)
        evidence.save()
        common.log(
            case,
            "evidence",
            user,
            obj=evidence,
            after={
                "evidence": evidence.pk,
                "kind": evidence.kind,
                "name": evidence.original_name,
                "sha256": evidence.sha256,
            },
        )
    except BaseException:
        attachments.discard(written)  # the rollback cannot remove a written file
        raise
    return evidence


@transaction.atomic
def record_ledger_check(
    case: EnforcementCase,
    user: User,
    *,
    checked_on: dt.date,
    ledger_kept: bool,
    period: str,
    findings: str,
) -> LedgerCheck:
    """工资支付台账检查 (Decree 724 art. 15: one ledger entry per worker per pay cycle, kept 3
    years); a missing ledger is itself a violation of art. 54."""
    case = _open(case, user)
    check = LedgerCheck.objects.create(
        case=case,
        checked_on=common.clean_date(checked_on, "checked_on", _("检查日期")),
        ledger_kept=bool(ledger_kept),
        period=common.clean_text(period, "period", _("检查期间"), 50, required=False),
        findings=common.clean_text(findings, "findings", _("检查情况"), 10000),
        recorded_by=user,
    )
    common.log(
        case,
        "ledger_check",
        user,
        obj=check,
        after={"check": check.pk, "checked_on": check.checked_on, "ledger_kept": ledger_kept},
    )
    return check


HEARD = (StatementKind.STATEMENT, StatementKind.HEARING)


@transaction.atomic
def record_statement(
    case: EnforcementCase,
    user: User,
    *,
    kind: str,
    received_on: dt.date,
    speaker: str = "",
    content: str = "",
    adopted: bool | None = None,
    response: str = "",
) -> Statement:
    """陈述申辩 (Decree 423 art. 19): what the employer said, or that it waived or did not
    answer; a statement not adopted carries the reasons (复核意见). Before a work stoppage the
    record also says what became of the employer's right to ask for a hearing (Administrative
    Penalty Law arts. 63, 64): a hearing held, or none asked for within 5 days of the notice;
    the system records the employer's choice and never presumes it."""
    case = _open(case, user)
    kind = _choice(kind, StatementKind, "kind", "陈述申辩方式")
    heard = kind in HEARD
    response = common.clean_text(response, "response", _("复核意见"), 5000, required=False)
    if heard and adopted is False and not response:
        raise ValidationError({"response": _("意见不予采纳的，请写明复核意见和理由")})
    statement = Statement.objects.create(
        case=case,
        kind=kind,
        received_on=common.clean_date(
            received_on, "received_on", _("收到日期"), earliest=case.filed_on
        ),
        speaker=common.clean_text(speaker, "speaker", _("陈述人"), 100, required=False),
        content=common.clean_text(content, "content", _("陈述申辩内容"), 20000, required=heard),
        adopted=adopted if heard else None,
        response=response,
        recorded_by=user,
    )
    common.log(
        case,
        "statement",
        user,
        obj=statement,
        after={"statement": statement.pk, "kind": kind, "adopted": statement.adopted},
    )
    return statement


@transaction.atomic
def add_worker(case: EnforcementCase, user: User, **fields) -> CaseWorker:
    """One more worker's arrears line (checked like a filed case's lines)."""
    case = _open(case, user)
    worker = CaseWorker.objects.create(case=case, **common.clean_worker(fields))
    recovery.opening_recoveries(case, [worker], user)
    common.log(
        case,
        "add_worker",
        user,
        obj=case,
        after={"worker": worker.pk, "amount_owed": worker.amount_owed},
    )
    return worker


def _clue_line(case: EnforcementCase, worker: CaseWorker):
    """The source clue's arrears line for this worker: same ID number, else the only line with
    the same name; None when there is no clue or no unambiguous match."""
    if case.clue_id is None:
        return None
    lines = list(case.clue.arrears.all())
    if worker.id_number:
        same = [line for line in lines if line.id_number == worker.id_number]
        if same:
            return same[0]
    named = [
        line
        for line in lines
        if line.worker_name == worker.worker_name and (not line.id_number or not worker.id_number)
    ]
    return named[0] if len(named) == 1 else None


@transaction.atomic
def record_recovery(
    worker: CaseWorker,
    user: User,
    *,
    amount: Decimal,
    recovered_on: dt.date,
    method: str,
    note: str = "",
) -> CaseRecovery:
    """追回: one payment recovered for the worker — the amount of this payment, the day it was
    paid and how (by the employer, by the general contractor first, from the wage deposit or
    the emergency fund) — added to the line's recoveries. The amount of this payment, not a new
    total: it is what the inspector holds (a bank voucher, a signed receipt), it carries its own
    day, and a payment recorded late keeps its day, which the deadline rule reads
    (rules.unpaid_at). At most what is still owed; not after today; not before the arrears
    began (the line's `period_start`, when known). The line's total rolls up to the case and,
    through `clues.services.record_recovery`, to the source clue's line for the same worker, so
    the clue's and the dispatch figures agree. Also after closing: money recovered later is
    still recorded."""
    case = common.locked_case(worker.case, user, INVESTIGATE)
    worker = CaseWorker.objects.select_for_update().get(case=case, pk=worker.pk)
    paid = common.clean_amount(amount, "amount", _("本次追回金额"), positive=True)
    outstanding = worker.amount_owed - worker.amount_recovered
    if paid > outstanding:
        raise ValidationError(
            {
                "amount": _("本次追回金额不能超过尚欠金额 %(outstanding)s 元")
                % {"outstanding": format(outstanding, ",.2f")}
            }
        )
    on = common.clean_date(
        recovered_on, "recovered_on", _("追回日期"), earliest=worker.period_start
    )
    method = _choice(method, RecoveryMethod, "method", _("追回方式"))
    note = common.clean_text(note, "note", _("说明"), 500, required=False)
    before = audit.snapshot(worker, recovery.TOTALS)
    event = CaseRecovery.objects.create(
        worker=worker, amount=paid, recovered_on=on, method=method, recorded_by=user, note=note
    )
    recovery.resync(worker)
    line = _clue_line(case, worker)
    if line is not None:
        clue_services.record_recovery(
            user,
            line,
            min(worker.amount_recovered, line.amount_owed),
            worker.recovered_on or on,
            worker.method or method,
        )
    after = {
        "worker": worker.pk,
        "recovery": event.pk,
        "amount": paid,
        "recovered_on": on,
        "method": method,
        "total": worker.amount_recovered,
        "clue_line": line.pk if line else None,
    }
    common.history(case, "recovery", user, case.state, note=note, **after)
    audit.record(
        "case.recovery",
        obj=event,
        actor=user,
        before=before,
        after={**after, **audit.snapshot(worker, recovery.TOTALS)},
        reason=note,
    )
    return event


@transaction.atomic
def recover_all(
    case: EnforcementCase,
    user: User,
    *,
    recovered_on: dt.date,
    method: str,
    confirmed: bool = False,
    note: str = "",
) -> EnforcementCase:
    """全部足额追回: every worker of the case still owed is paid what remains, on one day and one
    way, in one step (issue 14: an inspector holding one payroll voucher for the whole site
    should not type it worker by worker). Each worker gets the recovery `record_recovery` would
    record for what is outstanding, with the same checks (not after today, not before the
    worker's arrears began) and the same roll-up to the source clue; the case's history gets
    one entry naming the workers and the total, and the audit trail one event. `confirmed`:
    the official has confirmed every worker was paid in full (the page asks; so must the API)."""
    if not confirmed:
        raise ValidationError({"confirmed": _("请确认本案全部劳动者均已足额领取欠薪")})
    case = common.locked_case(case, user, INVESTIGATE)
    workers = [
        w
        for w in CaseWorker.objects.select_for_update().filter(case=case).order_by("pk")
        if w.amount_recovered < w.amount_owed
    ]
    if not workers:
        raise ValidationError({"action": _("本案劳动者的欠薪均已足额追回")})
    method = _choice(method, RecoveryMethod, "method", _("追回方式"))
    note = common.clean_text(note, "note", _("说明"), 500, required=False)
    earliest = max((w.period_start for w in workers if w.period_start), default=None)
    on = common.clean_date(recovered_on, "recovered_on", _("追回日期"), earliest=earliest)
    paid = []
    total = Decimal(0)
    for worker in workers:
        amount = worker.amount_owed - worker.amount_recovered
        event = CaseRecovery.objects.create(
            worker=worker,
            amount=amount,
            recovered_on=on,
            method=method,
            recorded_by=user,
            note=note,
        )
        recovery.resync(worker)
        line = _clue_line(case, worker)
        if line is not None:
            clue_services.record_recovery(
                user, line, min(worker.amount_recovered, line.amount_owed), on, method
            )
        paid.append({"worker": worker.pk, "recovery": event.pk, "amount": amount})
        total += amount
    after = {"workers": paid, "total": total, "recovered_on": on, "method": method}
    common.history(case, "recover_all", user, case.state, note=note, **after)
    audit.record("case.recover_all", obj=case, actor=user, after=after, reason=note)
    return case


@transaction.atomic
def withdraw_recovery(
    worker: CaseWorker, user: User, *, recovery_id: int, reason: str
) -> CaseWorker:
    """Withdraws one of the worker's recoveries recorded by mistake (a wrong amount or day),
    with the reason: the row goes, the line's totals are rewritten from the rest and rolled up
    to the clue's line like a recovery, and the withdrawn payment stays in the case's history
    and in the audit trail (`before`). A correct payment is then recorded again. Also after
    closing, like the recovery itself."""
    case = common.locked_case(worker.case, user, INVESTIGATE)
    worker = CaseWorker.objects.select_for_update().get(case=case, pk=worker.pk)
    rid = _int(recovery_id, "recovery_id", _("追回记录"))
    row = worker.recoveries.filter(pk=rid).first()
    if row is None:
        raise ValidationError({"recovery_id": _("请选择该劳动者的一条追回记录")})
    reason = common.clean_text(reason, "reason", _("撤销理由"), 2000)
    withdrawn = audit.snapshot(row, ["amount", "recovered_on", "method", "note", "opening"])
    before = audit.snapshot(worker, recovery.TOTALS)
    row.delete()
    recovery.resync(worker)
    line = _clue_line(case, worker)
    if line is not None:
        clue_services.record_recovery(
            user,
            line,
            min(worker.amount_recovered, line.amount_owed),
            worker.recovered_on,
            worker.method,
        )
    after = {
        "worker": worker.pk,
        "recovery": rid,
        "amount": row.amount,
        "recovered_on": row.recovered_on,
        "method": row.method,
        "total": worker.amount_recovered,
        "clue_line": line.pk if line else None,
    }
    common.history(case, "withdraw_recovery", user, case.state, note=reason, **after)
    audit.record(
        "case.withdraw_recovery",
        obj=case,
        actor=user,
        before={**before, "withdrawn": withdrawn},
        after={**after, **audit.snapshot(worker, recovery.TOTALS)},
        reason=reason,
    )
    return worker


@transaction.atomic
def add_party(
    case: EnforcementCase,
    user: User,
    *,
    role: str,
    name: str,
    credit_code: str = "",
    legal_representative: str = "",
    address: str = "",
) -> CaseParty:
    """当事单位 in a role, as the shared enterprise record. The employer role replaces the
    case's employer (the registered unit found in the investigation)."""
    case = _open(case, user)
    role = _choice(role, PartyRole, "role", "单位角色")
    try:
        enterprise = enterprise_for(
            name,
            credit_code,
            legal_representative=common.clean_text(
                legal_representative, "legal_representative", _("法定代表人"), 50, required=False
            ),
            address=common.clean_text(address, "address", _("住所地址"), 300, required=False),
        )
    except ValidationError as exc:
        field, errors = next(iter(exc.message_dict.items()))
        field = {"employer_name": "name", "employer_credit_code": "credit_code"}.get(field, field)
        raise ValidationError({field: errors[0]}) from None
    before = {"employer": case.employer_id}
    if role == PartyRole.EMPLOYER:
        case.parties.filter(role=PartyRole.EMPLOYER).exclude(enterprise=enterprise).delete()
        case.employer = enterprise
        case.employer_name = enterprise.name
        case.employer_name_norm = enterprise.name_norm
        case.employer_credit_code = enterprise.credit_code
        case.save(
            update_fields=[
                "employer",
                "employer_name",
                "employer_name_norm",
                "employer_credit_code",
                "updated_at",
            ]
        )
    party, _created = CaseParty.objects.get_or_create(case=case, enterprise=enterprise, role=role)
    common.history(case, "add_party", user, case.state, role=role, enterprise=enterprise.name)
    audit.record(
        "case.add_party",
        obj=case,
        actor=user,
        before=before,
        after={"role": role, "enterprise": enterprise.pk, "employer": case.employer_id},
    )
    return party


@transaction.atomic
def add_person(
    case: EnforcementCase,
    user: User,
    *,
    role: str,
    name: str,
    id_number: str = "",
    enterprise_id: int | None = None,
    position: str = "",
) -> CasePerson:
    """当事人员: the legal representative or a directly responsible person of one of the case's
    units (the employer when none is named); these are the people a credit listing names."""
    case = _open(case, user)
    role = _choice(role, PersonRole, "role", "人员角色")
    if enterprise_id in (None, ""):
        enterprise = case.employer
    else:
        enterprise_id = _int(enterprise_id, "enterprise_id", _("当事单位"))
        party = case.parties.filter(enterprise_id=enterprise_id).select_related("enterprise")
        enterprise = party.first().enterprise if party.exists() else None
        if enterprise is None:
            raise ValidationError({"enterprise_id": _("请选择本案的当事单位")})
    person = person_for(name, str(id_number or "").strip())
    row = CasePerson.objects.create(
        case=case,
        person=person,
        enterprise=enterprise,
        role=role,
        position=common.clean_text(position, "position", _("职务"), 50, required=False),
    )
    if (
        role == PersonRole.LEGAL_REPRESENTATIVE
        and enterprise is not None
        and not enterprise.legal_representative
    ):
        enterprise.legal_representative = person.name
        enterprise.save(update_fields=["legal_representative", "updated_at"])
    common.log(
        case,
        "add_person",
        user,
        obj=case,
        after={
            "person": person.pk,
            "role": role,
            "enterprise": enterprise.pk if enterprise else None,
        },
    )
    return row


_INCIDENT_FIELDS = ["mass_incident", "mass_incident_note"]


def _set_incident(
    case: EnforcementCase,
    user: User,
    action: str,
    text: str,
    *,
    note: str,
    reason: str = "",
    **data,
) -> EnforcementCase:
    """Stores the incident note (empty: none recorded) with one history row and one audit event
    whose before/after hold the flag and the whole note."""
    before = audit.snapshot(case, _INCIDENT_FIELDS)
    case.mass_incident = bool(text)
    case.mass_incident_note = text
    case.save(update_fields=[*_INCIDENT_FIELDS, "updated_at"])
    common.history(case, action, user, case.state, note=note, previous=before, **data)
    after = {**audit.snapshot(case, _INCIDENT_FIELDS), **data}
    audit.record(f"case.{action}", obj=case, actor=user, before=before, after=after, reason=reason)
    return case


@transaction.atomic
def record_incident(
    case: EnforcementCase, user: User, *, occurred_on: dt.date, note: str
) -> EnforcementCase:
    """群体性事件、极端事件: the arrears caused a mass or extreme incident with serious social
    impact, which puts a unit that missed an order to pay on the credit list whatever the amount
    (Order 45 art. 5(2)) and makes a decided case one to publish (Order 29, cited by title: no
    stored text of it was found, docs/legal-sources.md).

    Each incident is one line "日期，情况" of the case's note, so a second incident adds a line
    and the date travels with the account wherever the note is shown. Also after closing: a
    listing or a publication may follow a closed case."""
    case = common.locked_case(case, user, INVESTIGATE)
    on = common.clean_date(occurred_on, "occurred_on", _("事件发生日期"))
    line = f"{on:%Y-%m-%d}，{common.clean_text(note, 'note', '事件情况', 2000)}"
    text = "\n".join(filter(None, [case.mass_incident_note, line]))
    return _set_incident(case, user, "incident", text, note=line, occurred_on=on)


@transaction.atomic
def withdraw_incident(case: EnforcementCase, user: User, *, reason: str) -> EnforcementCase:
    """Withdraws incidents recorded by mistake, with the reason. The withdrawn text stays in the
    history and the audit trail; a credit listing already decided on it is not undone here (it
    has its own removal)."""
    case = common.locked_case(case, user, INVESTIGATE)
    if not case.mass_incident:
        raise ValidationError({"action": _("本案没有记录群体性事件、极端事件")})
    reason = common.clean_text(reason, "reason", _("撤销理由"), 2000)
    return _set_incident(case, user, "withdraw_incident", "", note=reason, reason=reason)
