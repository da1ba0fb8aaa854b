import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from wageguard.cases.models import CasePerson, Decision
from wageguard.cases.services import file_case
from wageguard.credit import services
from wageguard.org.rules import Role
from wageguard.parties.services import enterprise_for, person_for

WORKER = "张晓工"
WORKER_ID = "51010719900101123X"
REP_ID = "510107199001011248"


@pytest.fixture
def inspector(make_user):
    return make_user("wh-credit-inspector", Role.INSPECTOR, "510107")


@pytest.fixture
def supervisor(make_user):
    return make_user("wh-credit-leader", Role.SUPERVISOR, "510107")


def make_case(user, *, amount="25000", months=4, missed=True, mass_incident=False, name=None):
    """A 武侯区 case: one worker owed `amount` for `months`, an order to pay that was missed."""
    case = file_case(
        user,
        region="510107",
        employer_name=name or "成都失信示例建筑有限公司",
        employer_credit_code="91510100MA61R8XQ4E" if name is None else "",
        workers=[
            {
                "worker_name": WORKER,
                "id_number": WORKER_ID,
                "amount_owed": Decimal(amount),
                "months_unpaid": months,
            }
        ],
    )
    enterprise = enterprise_for(
        case.employer_name, case.employer_credit_code, legal_representative="王法人"
    )
    case.employer = enterprise
    case.mass_incident = mass_incident
    case.save(update_fields=["employer", "mass_incident"])
    CasePerson.objects.create(
        case=case,
        person=person_for("王法人", REP_ID),
        enterprise=enterprise,
        role="legal_representative",
        position="执行董事",
    )
    today = timezone.localdate()
    Decision.objects.create(
        case=case,
        kind="order",
        state="not_complied" if missed else "issued",
        issued_on=today - dt.timedelta(days=30),
        deadline=today - dt.timedelta(days=10) if missed else today + dt.timedelta(days=10),
        article="《劳动保障监察条例》第二十六条",
    )
    return case


@pytest.fixture
def eligible_case(inspector):
    return make_case(inspector)


@pytest.fixture
def clock(monkeypatch):
    """Sets "today" for services and documents alike; None means the real today."""

    class Clock:
        day: dt.date | None = None

    state = Clock()
    real = timezone.localdate

    def fake(value=None, timezone=None):
        return state.day if value is None and state.day else real(value, timezone)

    monkeypatch.setattr("django.utils.timezone.localdate", fake)
    return state


def listed(clock, inspector, supervisor, **case_kwargs):
    """A listing decided 20 days ago (notice 30 days ago), current today."""
    today = timezone.localdate()
    clock.day = today - dt.timedelta(days=40)
    listing = services.propose(make_case(inspector, **case_kwargs), inspector)
    clock.day = today - dt.timedelta(days=30)
    listing = services.transition(listing, "notify", inspector)
    clock.day = today - dt.timedelta(days=20)
    listing = services.transition(listing, "decide", supervisor)
    clock.day = None
    return listing
