"""Demo enforcement: cases in every state across the province, with their documents, transfers
to the police, credit listings (current, in the defence period, expired, removed early) and
published batches of major violations.

Everything goes through the real services, so documents are numbered and rendered, and history
and audit are what production would hold. Time is simulated by filing a case, then moving its
dates back before the next step (an order's deadline must have passed before "not complied"
can be recorded), exactly as the services would have seen them on those days.
"""

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import DateField, F
from django.utils import timezone

from wageguard.cases import services
from wageguard.cases.models import EnforcementCase
from wageguard.cases.rules import case_due
from wageguard.cases.services import investigation as investigate
from wageguard.cases.services import measures, transfer
from wageguard.cases.services.documents import record_service
from wageguard.credit import services as credit
from wageguard.credit.models import CreditListing
from wageguard.org.bootstrap import ensure_agency
from wageguard.org.models import User
from wageguard.org.rules import Role
from wageguard.publication import services as publication
from wageguard.publication.queue import queue as publication_queue
from wageguard.regions.models import Region

from .synthetic import County, Synthetic, counties_of

SIZES = {"tiny": 12, "small": 48, "province": 400}
# Counties that get cases besides 武侯区 and 锦江区: one or two per prefecture, by size.
COUNTIES = {"tiny": 2, "small": 8, "province": 60}
POLICE = "{}公安局{}分局"


@dataclass
class Team:
    """Two inspectors and the bureau leader of one county bureau (Decree 423 art. 16)."""

    a: User
    b: User
    leader: User


def _team(county: Region, names: Synthetic) -> Team:
    """The demo logins where they exist (武侯区), else quiet working accounts of that bureau."""
    agency = ensure_agency(county)
    if county.code == "510107":
        get = User.objects.get
        return Team(
            get(username="wuhou-inspector"),
            get(username="wuhou-inspector2"),
            get(username="wuhou-leader"),
        )

    def user(suffix: str, role: str) -> User:
        found, _ = User.objects.get_or_create(
            username=f"demo-{county.code}-{suffix}",
            defaults={"agency": agency, "role": role, "full_name": names.name()},
        )
        if found.has_usable_password():
            found.set_unusable_password()
            found.save(update_fields=["password"])
        return found

    return Team(user("a", Role.INSPECTOR), user("b", Role.INSPECTOR), user("lead", Role.SUPERVISOR))


def _back(case: EnforcementCase, days: int) -> EnforcementCase:
    """Moves the filing date back, with the 60-working-day limit recomputed (art. 17)."""
    filed = timezone.localdate() - dt.timedelta(days=days)
    due = case_due(filed, extended=case.extended)
    EnforcementCase.objects.filter(pk=case.pk).update(
        filed_on=filed, due_date=due.date, due_provisional=due.provisional
    )
    case.history.update(at=timezone.now() - dt.timedelta(days=days))
    return EnforcementCase.objects.get(pk=case.pk)


def _file(team: Team, county: County, people: Synthetic, rng: random.Random, big: bool):
    employer = people.employer()
    workers = 12 if big else rng.choice([1, 2, 3, 5, 8])
    amount = (lambda: rng.randrange(9000, 16000)) if big else (lambda: rng.randrange(2000, 8000))
    lines = [
        {
            "worker_name": p.name,
            "id_number": p.id_number,
            "amount_owed": Decimal(amount()),
            "months_unpaid": rng.choice([3, 4, 5]) if big else rng.choice([1, 2, 3]),
        }
        for p in people.people(workers)
    ]
    case = services.file_case(
        team.a,
        region=county.code,
        source="inspection",
        employer_name=employer.name,
        employer_credit_code=employer.credit_code,
        project_name=people.project_name(county),
        work_address=people.address(county),
        facts=f"{employer.name}拖欠{workers}名农民工工资，经多次协调仍未支付。",
        workers=lines,
    )
    # The registered unit and its legal representative, as the investigation finds them.
    rep = employer.legal_representative
    party = investigate.add_party(
        case,
        team.a,
        role="employer",
        name=employer.name,
        credit_code=employer.credit_code,
        legal_representative=rep.name,
        address=employer.address,
    )
    investigate.add_person(
        case,
        team.a,
        role="legal_representative",
        name=rep.name,
        id_number=rep.id_number,
        enterprise_id=party.enterprise_id,
        position="执行董事",
    )
    return case


def _investigate(case: EnforcementCase, team: Team, rng: random.Random) -> EnforcementCase:
    case = services.transition(case, "start_investigation", team.a)
    investigate.assign_inspectors(case, team.a, [team.a.pk, team.b.pk], lead_id=team.a.pk)
    held = timezone.now() - dt.timedelta(hours=rng.randrange(2, 20))
    investigate.record_interview(
        case,
        team.a,
        interviewee="项目负责人",
        interviewee_role="employer",
        held_at=held,
        place="项目部会议室",
        inspector_ids=[team.a.pk, team.b.pk],
        summary="被询问人承认拖欠工资，称因建设单位未按期拨付工程款。",
    )
    investigate.record_ledger_check(
        case,
        team.a,
        checked_on=timezone.localdate(),
        ledger_kept=rng.random() < 0.5,
        period="近 6 个月",
        findings="工资支付台账不完整，部分月份无劳动者签字。",
    )
    return case


def _order_lapsed(case: EnforcementCase, team: Team, violation: str = "") -> None:
    """An order to pay within 10 days (art. 26), or to correct `violation`, issued 30 days ago,
    served the next day and ignored."""
    issued = timezone.localdate() - dt.timedelta(days=30)
    order = measures.issue_measure(
        case,
        team.a,
        "order",
        issued_on=issued,
        deadline=issued + dt.timedelta(days=10),
        violation=violation,
        content="限你单位于期限内改正。"
        if violation
        else "限你单位于期限内足额支付拖欠的农民工工资。",
    )
    # Served the next day: an order counts as ignored only once served (SPC2013 art. 4).
    record_service(
        order.document,
        team.a,
        service_method="direct",
        served_on=issued + dt.timedelta(days=1),
        served_to="法定代表人",
    )
    measures.record_outcome(
        order, team.a, complied=False, on=issued + dt.timedelta(days=12), note="逾期未支付"
    )


def _hear(case: EnforcementCase, team: Team) -> None:
    investigate.record_statement(
        case,
        team.a,
        kind="statement",
        received_on=timezone.localdate(),
        speaker="法定代表人",
        content="资金周转困难，请求宽限。",
        adopted=False,
        response="理由不能成立，不予采纳。",
    )


def _transfer(case: EnforcementCase, team: Team, county: County, filed: bool = True) -> None:
    """Transferred and answered: filed, or (`filed=False`) not filed with the police's reason.
    A unit whose transfer the police filed is in criminal proceedings and cannot be removed
    from the credit list early (Order 45 art. 13(2))."""
    sent = transfer.transfer_to_police(
        case,
        team.a,
        police_agency=POLICE.format(county.city_name, county.name),
        conduct="order_ignored",
        checklist=[],
    )
    if not filed:
        transfer.record_police_response(
            sent,
            team.a,
            response="not_filed",
            on=timezone.localdate(),
            reason="经审查，用人单位已筹措资金，尚不构成犯罪。",
        )
        return
    transfer.record_police_response(
        sent,
        team.a,
        response="filed",
        on=timezone.localdate(),
        next_follow_up=timezone.localdate() + dt.timedelta(days=30),
    )


def _shift(case: EnforcementCase, days: int) -> None:
    """Moves every date of a case and what hangs on it back by `days`, as if it had all
    happened then (listings that have since expired or been removed early need a past)."""
    delta = dt.timedelta(days=days)
    for qs in (
        EnforcementCase.objects.filter(pk=case.pk),
        case.decisions.all(),
        case.transfers.all(),
        CreditListing.objects.filter(case=case),
    ):
        dates = [f.name for f in qs.model._meta.concrete_fields if type(f) is DateField]
        for name in dates:
            qs.filter(**{f"{name}__isnull": False}).update(**{name: F(name) - delta})
    case.history.update(at=F("at") - delta)


def _listing(case: EnforcementCase, team: Team, until: str) -> CreditListing:
    """Drives a listing to `until`: notified, listed, expired or removed (Order 45)."""
    listing = credit.propose(case, team.a)
    listing = credit.transition(listing, "notify", team.a)
    if until == "notified":
        return listing
    listing = credit.transition(
        listing, "record_defence", team.a, defence_text="对拖欠事实无异议，请求从轻处理。"
    )
    # An objection made in time is checked, and the result told, before the decision
    # (Order 45 art. 6).
    listing = credit.transition(
        listing, "check_objection", team.a, result="经核实，拖欠事实清楚，异议不成立。"
    )
    listing = credit.transition(listing, "decide", team.leader)
    if until == "expired":
        _shift(case, 3 * 365 + 60)
        credit.expire_due()
    elif until == "removed":
        _shift(case, 400)
        listing.refresh_from_db()
        # Early removal needs the arrears paid as the case records them (Order 45 art. 12):
        # cleared 200 days ago, long after the missed order's deadline and the listing, so the
        # unit has been on the list 6 months since it corrected.
        _pay_all(case, team, timezone.localdate() - dt.timedelta(days=200))
        listing = credit.transition(
            listing,
            "apply_removal",
            team.a,
            commitment=True,
            commitment_text="本单位承诺今后按时足额支付农民工工资。",
        )
        listing = credit.transition(listing, "approve_removal", team.leader)
    return listing


def _pay_all(case: EnforcementCase, team: Team, on: dt.date) -> None:
    """Every worker of the case paid in full by the employer by `on`, in two payments (half
    three days before, the rest on `on`), each one recovery on the case page."""
    for worker in case.workers.all():
        outstanding = worker.amount_owed - worker.amount_recovered
        first = (outstanding / 2).quantize(Decimal("0.01"))
        for amount, day in ((first, on - dt.timedelta(days=3)), (outstanding - first, on)):
            if amount > 0:
                investigate.record_recovery(
                    worker, team.a, amount=amount, recovered_on=day, method="employer"
                )


def _close(case: EnforcementCase, team: Team, report: str, exception: str = "") -> None:
    services.transition(case, "decide", team.a)
    services.transition(case, "close", team.a, report=report, exception_reason=exception)


def _paid_case(case: EnforcementCase, team: Team, rng: random.Random) -> None:
    """Ordered, paid in full, handled with additional compensation, closed."""
    case = _investigate(case, team, rng)
    issued = timezone.localdate() - dt.timedelta(days=20)
    order = measures.issue_measure(
        case, team.a, "order", issued_on=issued, deadline=issued + dt.timedelta(days=7)
    )
    measures.record_outcome(order, team.a, complied=True, on=issued + dt.timedelta(days=5))
    investigate.record_statement(
        case, team.a, kind="waived", received_on=timezone.localdate(), speaker="法定代表人"
    )
    _pay_all(case, team, issued + dt.timedelta(days=5))
    _close(case, team, "用人单位已按责令改正指令书足额支付拖欠工资，劳动者已确认收到。")


def _penalised(case: EnforcementCase, team: Team, rng: random.Random) -> None:
    """No wage ledger kept (Decree 724 art. 54): ordered to correct, not corrected by the
    deadline, heard, fined, still investigating."""
    case = _investigate(case, team, rng)
    _order_lapsed(case, team, violation="724-54-2")
    _hear(case, team)
    measures.issue_measure(
        case,
        team.a,
        "penalty",
        penalty_key="724-54-unit",
        violation="724-54-2",
        fine_amount=Decimal(30000),
        addressee=case.employer_name,
        content="未编制工资支付台账，经责令改正逾期未改正。",
    )


def _serious(until: str) -> Callable:
    """Ordered, ignored, transferred to the police, and on the credit list up to `until`."""

    def run(case: EnforcementCase, team: Team, rng: random.Random, county: County) -> None:
        case = _investigate(case, team, rng)
        _order_lapsed(case, team)
        _hear(case, team)
        _transfer(case, team, county, filed=until != "removed")
        services.transition(EnforcementCase.objects.get(pk=case.pk), "decide", team.a)
        if until:
            _listing(EnforcementCase.objects.get(pk=case.pk), team, until)

    return run


# (what happens, days since filing, big arrears?) in rotation across the counties.
SCENARIOS: list[tuple[str, int, bool]] = [
    ("filed", 2, False),
    ("investigating", 15, False),
    ("overdue", 110, False),
    # Extended while the 60 working days still run (art. 17: not after they ran out).
    ("extended", 75, False),
    ("paid", 40, False),
    ("penalised", 35, False),
    ("listed", 60, True),
    ("notified", 50, True),
    ("expired", 70, True),
    ("removed", 80, True),
    ("transferred", 45, True),
    ("investigating", 8, True),
]


def _run(name: str, case, team: Team, rng: random.Random, county: County) -> None:
    if name in ("investigating", "overdue"):
        _investigate(case, team, rng)
    elif name == "extended":
        case = _investigate(case, team, rng)
        case = services.transition(
            case, "request_extension", team.a, reason="涉及多个分包单位，案情复杂"
        )
        services.transition(case, "approve_extension", team.leader)
    elif name == "paid":
        _paid_case(case, team, rng)
    elif name == "penalised":
        _penalised(case, team, rng)
    elif name == "transferred":
        _serious("")(case, team, rng, county)
    elif name in ("listed", "notified", "expired", "removed"):
        _serious(name)(case, team, rng, county)


def _publish() -> int:
    """Each bureau with queued cases publishes them in a quarterly batch; 武侯区 also keeps a
    draft for the next one."""
    made = 0
    for team in {t.leader.agency_id: t for t in _TEAMS}.values():
        queue = [entry.case for entry in publication_queue(team.a)[:5]]
        if not queue:
            continue
        batch = publication.create_batch(team.a, "quarterly")
        for case in queue:
            publication.add_item(team.a, batch, case)
        publication.transition(batch, "submit", team.a)
        publication.transition(batch, "approve", team.leader)
        publication.transition(batch, "publish", team.leader)
        made += 1
    return made


_TEAMS: list[Team] = []


def seed(size: str = "small", seed_value: int = 2026) -> int:
    """Adds the demo cases once; returns how many were filed (0 when cases already exist)."""
    # Converted demo clues file cases of their own (source "clue"); these are the inspections'.
    if EnforcementCase.objects.filter(source="inspection").exists():
        return 0
    rng = random.Random(seed_value)
    counties = counties_of("51")
    people = Synthetic(counties, seed=seed_value + 1)
    chosen = [c for c in counties if c.code == "510107"]
    chosen += [c for c in counties if c.code == "510104"]
    others = [c for c in counties if c.code not in ("510107", "510104")]
    chosen += rng.sample(others, COUNTIES[size])
    teams = {c.code: _team(Region.objects.get(code=c.code), people) for c in chosen}
    _TEAMS[:] = teams.values()
    wuhou, rest = chosen[0], chosen[1:]
    filed = 0
    for i in range(SIZES[size]):
        # Half of the work in 武侯区, so its demo logins see every state.
        county = wuhou if i % 2 == 0 else rest[(i // 2) % len(rest)]
        # The others start half-way round, so even the tiny demo has every scenario.
        step = i // 2 if i % 2 == 0 else i // 2 + len(SCENARIOS) // 2
        name, days, big = SCENARIOS[step % len(SCENARIOS)]
        team = teams[county.code]
        with transaction.atomic():
            case = _back(_file(team, county, people, rng, big), days)
            _run(name, case, team, rng, county)
        filed += 1
    _publish()
    return filed
