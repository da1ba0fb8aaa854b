"""One set of builders for the rows tests need: agencies and users, clues, enforcement cases with
workers, credit listings, publication batches with items.

Plain functions over the apps' own services where a service makes the row (so a test's data is
made the way production makes it), and over the ORM only where the state a test needs would
take a whole workflow to reach (a decided case, a current listing). When a service moves or
changes its signature, this is the one place to follow it.
"""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from wageguard.cases.models import CasePerson, Decision, EnforcementCase, PoliceTransfer
from wageguard.cases.services import file_case
from wageguard.cases.services import transition as case_transition
from wageguard.cases.services.investigation import assign_inspectors
from wageguard.clues.models import ArrearsLine, Clue
from wageguard.clues.services import intake
from wageguard.clues.services import transition as clue_transition
from wageguard.clues.validation import clean_intake
from wageguard.credit.models import CreditListing
from wageguard.demo.synthetic import Synthetic, counties_of
from wageguard.org.bootstrap import ensure_agency
from wageguard.org.models import Agency, User
from wageguard.parties.services import enterprise_for, person_for
from wageguard.publication.models import PublicationBatch, PublicationItem
from wageguard.regions.models import Region

WUHOU = "510107"
WORK_ADDRESS = "成都市武侯区人民南路四段 1 号"
WORKER_ID = "11010519491231002X"


def agency(region_code: str, kind: str = "hrss") -> Agency:
    """The bureau (or department of `kind`) of that division, made once."""
    return ensure_agency(Region.objects.get(code=region_code), kind)


def user(username: str, role: str, region_code: str, kind: str = "hrss", **extra: Any) -> User:
    """A user of that division's bureau; the password is "pw-" + username."""
    return User.objects.create_user(
        username=username,
        password="pw-" + username,
        agency=agency(region_code, kind),
        role=role,
        **extra,
    )


# Clues -------------------------------------------------------------------------------------


def clue_submission(people=None, **over: Any) -> dict:
    """A valid public submission from a worker at a Wuhou building site; `people` (a demo
    `Synthetic`) supplies the reporter and credit code, else fixed valid ones are used."""
    if people is not None:
        person = people.person()
        reporter = {
            "reporter_name": person.name,
            "id_number": person.id_number,
            "phone": person.phone,
            "employer_credit_code": people.credit_code(),
        }
    else:
        reporter = {
            "reporter_name": "张三",
            "id_number": "11010519491231002X",
            "phone": "13800138000",
        }
    data = {
        **reporter,
        "sector": "construction",
        "employer_name": "四川鑫达建筑工程有限公司",
        "project_name": "武侯区人民南路安置房项目",
        "work_address": "四川省成都市武侯区人民南路四段 12 号工地",
        "period_start": "2026-05",
        "period_end": "2026-08",
        "amount_owed": "36000",
        "workers_owed": 3,
        "description": "项目完工后包工头拖欠三个月工资。",
    }
    data.update(over)
    return data


def clue_intake(data: dict | None = None, *, public: bool = True, **kwargs: Any):
    """A clue taken in through intake as the public form (or staff, `public=False`) sends it;
    returns the intake result (`.clue`, `.secret`)."""
    return intake(
        clean_intake(data if data is not None else clue_submission(), public=public), **kwargs
    )


def people(seed: int = 11) -> Synthetic:
    """Reproducible synthetic Sichuan people and credit codes for submissions."""
    return Synthetic(counties_of("51"), seed=seed)


def clue_due(data: dict, due: dt.date) -> Clue:
    """A public clue taken in from `data`, its deadline moved to `due` (supervision tests)."""
    clue = clue_intake(data).clue
    Clue.objects.filter(pk=clue.pk).update(due_date=due)
    return Clue.objects.get(pk=clue.pk)


def staff_clue_data(**over: Any) -> dict:
    """A clue as staff enter it: no reporter and no totals (its arrears lines carry the amounts),
    four months owed on the Wuhou site."""
    data = {
        "employer_name": "四川鑫达建筑工程有限公司",
        "employer_credit_code": "",
        "project_name": "武侯区人民南路安置房项目",
        "work_address": "四川省成都市武侯区人民南路四段 12 号工地",
        "period_start": "2026-05",
        "period_end": "2026-08",
        "description": "项目完工后包工头拖欠四个月工资。",
        "sector": "construction",
    }
    data.update(over)
    return data


def clue_under_verification(by: User, lines: list[dict], **over: Any) -> Clue:
    """A staff clue (`staff_clue_data(**over)`) with one arrears line per dict of `lines`,
    accepted and under verification by `by`: the state a clue is converted to a case from."""
    clue = clue_intake(staff_clue_data(**over), public=False).clue
    for line in lines:
        ArrearsLine.objects.create(clue=clue, **line)
    clue = clue_transition(clue, "accept", by)
    return clue_transition(clue, "start_verification", by)


# Enforcement cases -------------------------------------------------------------------------


def worker(
    name: str = "王五", amount: Decimal | str = "25000", months: int = 4, **over: Any
) -> dict:
    """One worker owed wages, typed as `file_case(workers=[...])` takes it."""
    if "amount_recovered" in over:  # services take typed amounts
        over["amount_recovered"] = Decimal(over["amount_recovered"])
    return {"worker_name": name, "amount_owed": Decimal(amount), "months_unpaid": months, **over}


def case(
    by: User,
    employer_name: str = "成都标记劳务有限公司",
    workers: list[dict] | None = None,
    *,
    region: str = WUHOU,
    decided_on: dt.date | None = None,
    due_date: dt.date | None = None,
    **data: Any,
):
    """A case filed by `by` through the cases service (立案), with `workers`; `decided_on` moves
    it straight to `decided` (the case workflow is tested in tests/cases, not here), `due_date`
    moves its deadline (supervision tests)."""
    data.setdefault("work_address", WORK_ADDRESS)
    filed = file_case(
        by,
        region=region,
        employer_name=employer_name,
        workers=workers if workers is not None else [worker()],
        **data,
    )
    if decided_on is not None:
        EnforcementCase.objects.filter(pk=filed.pk).update(state="decided", decided_on=decided_on)
    if due_date is not None:
        EnforcementCase.objects.filter(pk=filed.pk).update(due_date=due_date)
    filed.refresh_from_db()
    return filed


def under_investigation(of_case, by: User, inspectors: list[User]):
    """The case moved to investigation by `by`, with `inspectors` assigned (Decree 423 art. 16
    wants two)."""
    of_case = case_transition(of_case, "start_investigation", by)
    assign_inspectors(of_case, by, [u.pk for u in inspectors])
    return of_case


def police_transfer(of_case, on: dt.date | None = None, **over: Any):
    """The case transferred to the police (移送公安) as recorded after the fact."""
    data = {
        "transferred_on": on or timezone.localdate(),
        "police_agency": "成都市公安局武侯区分局",
        "threshold_answer": "meets",
        "conduct": "absconded",
    }
    data.update(over)
    return PoliceTransfer.objects.create(case=of_case, **data)


# Credit list -------------------------------------------------------------------------------


def credit_listing(of_case, proposed_by: User, *, state: str = "listed", **over: Any):
    """A listing of the case's employer, `listed` today for three years unless told otherwise."""
    today = timezone.localdate()
    data = {
        "enterprise": enterprise_for(of_case.employer_name),
        "region": of_case.region,
        "agency": of_case.agency,
        "state": state,
        "unit_name": of_case.employer_name,
        "facts": f"{of_case.employer_name} 拖欠工资",
        "proposed_on": today,
        "proposed_by": proposed_by,
        "listed_on": today,
        "expires_on": today.replace(year=today.year + 3),
    }
    data.update(over)
    return CreditListing.objects.create(case=of_case, **data)


def listable_case(
    by: User,
    *,
    amount: str = "25000",
    months: int = 4,
    missed: bool = True,
    mass_incident: bool = False,
    name: str | None = None,
    worker_name: str = "张晓工",
    worker_id: str = "51010719900101123X",
    representative_id: str = "510107199001011248",
):
    """A Wuhou case the credit list can take: one worker owed `amount` for `months`, the employer
    with its legal representative (王法人), and an order to pay that was missed (or still
    running, `missed=False`)."""
    filed = file_case(
        by,
        region=WUHOU,
        employer_name=name or "成都失信示例建筑有限公司",
        employer_credit_code="91510100MA61R8XQ4E" if name is None else "",
        workers=[worker(worker_name, amount, months, id_number=worker_id)],
    )
    enterprise = enterprise_for(
        filed.employer_name, filed.employer_credit_code, legal_representative="王法人"
    )
    filed.employer = enterprise
    filed.mass_incident = mass_incident
    filed.save(update_fields=["employer", "mass_incident"])
    CasePerson.objects.create(
        case=filed,
        person=person_for("王法人", representative_id),
        enterprise=enterprise,
        role="legal_representative",
        position="执行董事",
    )
    today = timezone.localdate()
    Decision.objects.create(
        case=filed,
        kind="order",
        state="not_complied" if missed else "issued",
        issued_on=today - dt.timedelta(days=30),
        deadline=today - dt.timedelta(days=10) if missed else today + dt.timedelta(days=10),
        article="《劳动保障监察条例》第二十六条",
    )
    return filed


# Publication -------------------------------------------------------------------------------


def publication_batch(of_agency: Agency, **over: Any):
    """A draft ad-hoc publication batch of the bureau, due today."""
    today = timezone.localdate()
    data = {
        "region_id": of_agency.region_id,
        "period_kind": "ad_hoc",
        "period_label": "marker",
        "period_start": today,
        "period_end": today,
        "due_date": today,
    }
    data.update(over)
    return PublicationBatch.objects.create(agency=of_agency, **data)


def publication_item(batch, of_case, **over: Any):

    data = {"kind": "wages", "unit_name": of_case.employer_name, "facts": "x"}
    data.update(over)
    return PublicationItem.objects.create(batch=batch, case=of_case, **data)


# Coordination ------------------------------------------------------------------------------


def assignment(by: User, kind: str = "housing", **over: Any):
    """An assignment (交办) by `by`'s HRSS bureau to the department of `kind` of its division,
    through the service (deadline, history, audit)."""
    from wageguard.campaigns.coordination import services as coordination

    data = {
        "agency": agency(by.agency.region_id, kind),
        "subject": "督促开设工资专用账户",
        "details": "请核实并答复",
    }
    data.update(over)
    return coordination.assign(by, **data)
