"""Demo construction projects across the province: most apply the core systems, some lack an
account, a deposit, a notice board or a labour officer, a few are suspended, completed or still
being registered, and 武侯区 holds a handful a county inspector can work through.

Rows are written in bulk (a province's 2,000 projects through the page's service would take
minutes) and then judged by the same `projects.services.assess_many` the nightly job runs, so
every status on the demo's pages is one the rules computed.
"""

import datetime as dt
import hashlib
import random
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from wageguard.core.crypto import keyed_hash
from wageguard.org.models import AgencyKind
from wageguard.org.services import agency_for
from wageguard.parties.models import Enterprise
from wageguard.parties.rules import normalise_name
from wageguard.projects import reconcile, services
from wageguard.projects.models import (
    Attendance,
    ClockDay,
    DepositMovement,
    Evidence,
    MovementKind,
    Payment,
    PayrollLine,
    Project,
    ProjectContractor,
    RosterWorker,
    WageAccount,
    WageDeposit,
)
from wageguard.projects.rules import (
    AppropriationCycle,
    ContractorRole,
    DepositForm,
    Funding,
    State,
    System,
)

from .synthetic import Synthetic, counties_of

SIZES = {"tiny": 60, "small": 2000, "province": 20000}
WUHOU = "510107"
BANKS = ("中国农业银行", "中国建设银行", "中国工商银行", "中国银行", "成都银行", "四川农信")
# A 1x1 PNG: the notice board's "photo" on every demo project (one file, content-addressed).
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)
DEPARTMENT_SHARE = (
    (AgencyKind.HOUSING, 70),
    (AgencyKind.TRANSPORT, 15),
    (AgencyKind.WATER, 10),
    (AgencyKind.NDRC, 5),
)


def _weighted(rng: random.Random, pairs) -> object:
    return rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs])[0]


def seed(size: str = "small", province_code: str = "51") -> int:
    """Creates the demo's projects once (a second run finds them and adds nothing)."""
    if Project.objects.filter(code__startswith="DEMO-").exists():
        return 0
    rng = random.Random(11)
    counties = counties_of(province_code)
    names = Synthetic(counties, seed=11)
    total = SIZES.get(size, SIZES["small"])
    today = timezone.localdate()

    contractors = _enterprises(names, 240)
    developers = _enterprises(names, 160)
    photo = _photo()

    projects = []
    wuhou = next(c for c in counties if c.code == WUHOU)
    for n in range(total):
        county = wuhou if n < 12 else rng.choice(counties)
        agency = agency_for(county.code)
        started = today - dt.timedelta(days=rng.randrange(30, 900))
        state = _weighted(
            rng,
            (
                (State.UNDER_CONSTRUCTION, 78),
                (State.SUSPENDED, 4),
                (State.REGISTERED, 6),
                (State.COMPLETED, 8),
                (State.SETTLED, 4),
            ),
        )
        contract_value = Decimal(rng.randrange(800, 90000)) * 10000
        project = Project(
            name=names.project_name(county),
            code=f"DEMO-{county.code}-{n:05d}",
            site_address=names.address(county),
            region_id=county.code,
            agency=agency,
            department=_weighted(rng, DEPARTMENT_SHARE),
            developer=rng.choice(developers),
            general_contractor=rng.choice(contractors),
            funding=rng.choice(Funding.values),
            contract_value=contract_value,
            labour_cost_share=Decimal(rng.choice((15, 18, 20, 22, 25, 30))),
            appropriation_cycle=AppropriationCycle.MONTH
            if rng.random() < 0.93
            else AppropriationCycle.QUARTER,
            contract_signed_on=started - dt.timedelta(days=rng.randrange(10, 60)),
            permit_on=started - dt.timedelta(days=rng.randrange(0, 20)),
            started_on=None if state == State.REGISTERED else started,
            planned_completion_on=started + dt.timedelta(days=rng.randrange(300, 1100)),
            state=state,
            labour_officer=names.name() if rng.random() < 0.9 else "",
        )
        project.name_norm = normalise_name(project.name)
        if state in (State.COMPLETED, State.SETTLED):
            project.completed_on = min(today, started + dt.timedelta(days=rng.randrange(200, 700)))
            if state == State.SETTLED:
                project.settled_on = project.completed_on + dt.timedelta(days=60)
        projects.append(project)
    Project.objects.bulk_create(projects, batch_size=1000)
    projects = list(Project.objects.filter(code__startswith="DEMO-").order_by("pk"))

    accounts, deposits, boards, subs = [], [], [], []
    for project in projects:
        if project.state == State.REGISTERED:
            continue
        if rng.random() < 0.9:
            accounts.append(
                WageAccount(
                    project=project,
                    bank=rng.choice(BANKS),
                    number="".join(str(rng.randrange(10)) for _ in range(19)),
                    opened_on=project.contract_signed_on + dt.timedelta(days=rng.randrange(3, 28)),
                )
            )
        roll = rng.random()
        lodged = project.permit_on + dt.timedelta(days=rng.randrange(3, 25))
        if roll < 0.62:
            deposits.append(
                WageDeposit(
                    project=project,
                    form=DepositForm.CASH,
                    rate=Decimal("2.00"),
                    amount=(project.contract_value * Decimal("0.02")).quantize(Decimal("0.01")),
                    bank=rng.choice(BANKS),
                    lodged_on=lodged,
                )
            )
        elif roll < 0.84:
            # Guarantees of a year or more; some run out within the month, some already did.
            expires = today + dt.timedelta(days=rng.choice((-20, 12, 25, 200, 400, 500)))
            deposits.append(
                WageDeposit(
                    project=project,
                    form=DepositForm.GUARANTEE,
                    amount=(project.contract_value * Decimal("0.02")).quantize(Decimal("0.01")),
                    bank=rng.choice(BANKS),
                    lodged_on=lodged,
                    expires_on=expires,
                )
            )
        elif roll < 0.9:
            deposits.append(
                WageDeposit(
                    project=project,
                    form=DepositForm.EXEMPT,
                    exemption_reason="施工合同额低于300万元，且施工总承包单位上一年度未发生工资拖欠，经审核免于存储。",
                )
            )
        if rng.random() < 0.85:
            boards.append(
                Evidence(
                    project=project,
                    system=System.NOTICE_BOARD,
                    file=photo,
                    original_name="维权信息告示牌.png",
                    content_type="image/png",
                    size=len(PNG),
                    sha256=hashlib.sha256(PNG).hexdigest(),
                    dated=project.started_on,
                    note="项目大门口",
                )
            )
        for sub in rng.sample(contractors, rng.randrange(1, 4)):
            if sub.pk != project.general_contractor_id:
                subs.append(
                    ProjectContractor(
                        project=project,
                        enterprise=sub,
                        role=rng.choice(ContractorRole.values),
                        team_leader=names.name(),
                        entered_on=project.started_on,
                    )
                )
    WageAccount.objects.bulk_create(accounts, batch_size=1000)
    WageDeposit.objects.bulk_create(deposits, batch_size=1000)
    # Each lodged cash deposit or guarantee opens its ledger with what was lodged.
    DepositMovement.objects.bulk_create(
        [
            DepositMovement(deposit=d, kind=MovementKind.LODGED, amount=d.amount, on=d.lodged_on)
            for d in WageDeposit.objects.filter(
                project__code__startswith="DEMO-", amount__gt=0, lodged_on__isnull=False
            ).exclude(form=DepositForm.EXEMPT)
        ],
        batch_size=1000,
    )
    Evidence.objects.bulk_create(boards, batch_size=1000)
    ProjectContractor.objects.bulk_create(subs, batch_size=1000, ignore_conflicts=True)
    with_account = {a.project_id for a in accounts}
    fed = [p for p in projects if p.state in (State.UNDER_CONSTRUCTION, State.SUSPENDED)]
    _feeds([p for p in fed if p.pk in with_account][:FED_PROJECTS], rng, names, today)
    services.assess_many(projects, today)
    return len(projects)


# Construction companies are named for the trade; the synthetic employer's trades are all trades.
BUILDERS = ("建设工程", "建筑工程", "建工集团", "路桥建设", "水利水电建设", "市政工程", "建筑劳务")


# Projects given a roster and 12 months of feeds; the first of them pays late, the second lets
# one person hold five workers' bank cards (card custody), the third pays a front account.
FED_PROJECTS = 150
FEED_MONTHS = 12
# Projects whose last month comes from clock-ins rather than day totals.
CLOCKIN_PROJECTS = 3


def _feeds(projects: list[Project], rng: random.Random, names: Synthetic, today: dt.date) -> None:
    """Roster, attendance, signed payroll and the bank's payments for `projects`, in bulk, then
    reconciled by the same `reconcile.summarise` an import runs."""
    this_month = today.replace(day=1)
    months = []
    month = this_month
    for _ in range(FEED_MONTHS):
        month = (month - dt.timedelta(days=1)).replace(day=1)
        months.append(month)
    months.reverse()
    teams = {}
    for c in ProjectContractor.objects.filter(project__in=projects).order_by("pk"):
        teams.setdefault(c.project_id, []).append(c.pk)
    workers = []
    for n, project in enumerate(projects):
        unsigned = 2 if n % 10 == 9 else 0  # a tenth of the projects lack two contracts
        for i in range(rng.randrange(8, 25)):
            person = names.person()
            workers.append(
                RosterWorker(
                    project=project,
                    name=person.name,
                    id_number=person.id_number,
                    mobile=person.phone,
                    trade=rng.choice(("钢筋工", "木工", "混凝土工", "架子工", "电工", "普工")),
                    contractor_id=rng.choice(teams[project.pk]) if project.pk in teams else None,
                    contract_signed=i >= unsigned,
                    contract_signed_on=project.started_on if i >= unsigned else None,
                    safety_trained=True,
                    safety_trained_on=project.started_on,
                    entered_on=project.started_on,
                )
            )
    RosterWorker.objects.bulk_create(workers, batch_size=1000)
    roster: dict[int, list[RosterWorker]] = {}
    for w in RosterWorker.objects.filter(project__in=projects).order_by("pk"):
        roster.setdefault(w.project_id, []).append(w)
    attendance, payroll, payments = [], [], []
    custody_card = "6222021234567890"
    for n, project in enumerate(projects):
        start = project.started_on.replace(day=1)
        late = n == 0 or n % 12 == 5  # pays the last two due months only in part
        for month in months:
            if month < start:
                continue
            due_soon = month >= months[-3]
            for i, w in enumerate(roster.get(project.pk, [])):
                days = rng.randrange(16, 27)
                gross = Decimal(days * rng.randrange(260, 420))
                if n == 2 and i == 0 and month == months[-2]:
                    gross = Decimal("62000.00")  # a front account: one name, a team's wages
                attendance.append(Attendance(project=project, worker=w, month=month, days=days))
                payroll.append(
                    PayrollLine(
                        project=project, worker=w, month=month, gross=gross, net=gross, signed=True
                    )
                )
                if late and due_soon and i % 3 == 0:
                    continue
                card = custody_card if n == 1 and i < 5 else f"62220212{w.pk:08d}"
                payments.append(
                    Payment(
                        project=project,
                        worker=w,
                        month=month,
                        paid_on=min(today, (month + dt.timedelta(days=40)).replace(day=10)),
                        amount=gross,
                        reference=f"DEMO{w.pk:07d}{month:%Y%m}",
                        card_hash=keyed_hash(card, "card"),
                        card_last4=card[-4:],
                    )
                )
    Attendance.objects.bulk_create(attendance, batch_size=2000)
    PayrollLine.objects.bulk_create(payroll, batch_size=2000)
    Payment.objects.bulk_create(payments, batch_size=2000)
    _clock_days(projects[:CLOCKIN_PROJECTS], roster, months[-1], rng)
    reconcile.summarise_projects([p.pk for p in projects])


def _clock_days(projects: list[Project], roster: dict, month: dt.date, rng: random.Random) -> None:
    """The last month of a few projects as their gate's clock-ins: each worked day kept as its
    first and last clock-in, one or two short days a worker (under four hours: not counted),
    and the month's attendance counted from them as a clock-in import would."""
    days = []
    last = (month + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    workdays = [month + dt.timedelta(days=d) for d in range(last.day)]
    workdays = [d for d in workdays if d.weekday() < 6]
    for project in projects:
        for w in roster.get(project.pk, []):
            for i, day in enumerate(
                rng.sample(workdays, min(len(workdays), rng.randrange(16, 24)))
            ):
                first = rng.randrange(7 * 60 + 20, 8 * 60 + 15)
                span = (
                    rng.randrange(60, 200) if i < rng.randrange(1, 3) else rng.randrange(540, 660)
                )
                days.append(
                    ClockDay(
                        project=project, worker=w, month=month, day=day, first_minute=first,
                        last_minute=min(first + span, 23 * 60 + 59),
                    )
                )  # fmt: skip
    ClockDay.objects.bulk_create(days, batch_size=2000)
    reconcile.attendance_from_clock_days({(p.pk, month) for p in projects})


def _enterprises(names: Synthetic, n: int) -> list[Enterprise]:
    made = {}
    for _ in range(n):
        e = names.employer()
        stem = e.name.removesuffix("有限公司")
        e = e.__class__(
            name=f"{stem[:4]}{names.rng.choice(BUILDERS)}有限公司",
            credit_code=e.credit_code,
            legal_representative=e.legal_representative,
            address=e.address,
            region_code=e.region_code,
        )
        made.setdefault(
            e.credit_code,
            Enterprise(
                name=e.name,
                name_norm=normalise_name(e.name),
                credit_code=e.credit_code,
                legal_representative=e.legal_representative.name,
                address=e.address,
                region_id=e.region_code,
            ),
        )
    Enterprise.objects.bulk_create(list(made.values()), batch_size=1000, ignore_conflicts=True)
    return list(Enterprise.objects.filter(credit_code__in=list(made)))


def _photo() -> str:
    """The stored name of the one demo photo, written once under MEDIA_ROOT."""
    holder = Evidence(sha256=hashlib.sha256(PNG).hexdigest())
    holder.file.save(f"{holder.sha256[:32]}.png", ContentFile(PNG), save=False)
    return holder.file.name
