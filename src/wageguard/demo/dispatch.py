"""The demo's dispatch rounds: three weekly rounds of the winter campaign, started by the
province's task force through the real services (`create_round`, `next_round`, `submit`), every
prefecture reported in the first two and all but 攀枝花市 in the third, which is late. Each
prefecture's report is written by its bureau's leader (成都's demo login, a user without a
password elsewhere). Submission times are set back to the day before each due date, since the
seed runs today. Re-running finds the rounds and does nothing."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from wageguard.campaigns.models import Campaign
from wageguard.dispatch.rounds import services as rounds
from wageguard.dispatch.rounds.models import DispatchRound, ProgressReport
from wageguard.org.bootstrap import ensure_agency
from wageguard.org.models import AgencyKind, User
from wageguard.org.rules import Role

from .campaigns import NAME

TITLE = "冬季专项行动调度"
LATE = "510400"  # 攀枝花市: has not reported in the third round
NARRATIVES = (
    "本周集中排查在建工程项目，对发现的问题逐项建立台账、限期整改；欠薪线索均已按期核查。",
    "重点推进政府投资项目欠薪清零，对拒不整改的用人单位依法立案查处，并移送公安机关。",
    "开展春节前欠薪隐患排查，落实工资专用账户和实名制管理，重点行业用人单位全覆盖。",
)


def _reporter(region, chengdu: User | None) -> User:
    if chengdu is not None and chengdu.agency.region_id == region.code:
        return chengdu
    user, created = User.objects.get_or_create(
        username=f"dispatch-{region.code}",
        defaults={
            "agency": ensure_agency(region, AgencyKind.HRSS),
            "role": Role.SUPERVISOR,
            "full_name": f"{region.name}人社局分管领导",
        },
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def _submit_all(r: DispatchRound, chengdu: User | None, skip: str = "") -> int:
    done = 0
    on = timezone.make_aware(
        dt.datetime.combine(r.due_date - dt.timedelta(days=1), dt.time(16, 30))
    )
    for report in ProgressReport.objects.filter(round=r).select_related("region", "round"):
        if report.region_id == skip:
            continue
        text = NARRATIVES[(r.number + done) % len(NARRATIVES)]
        rounds.submit(_reporter(report.region, chengdu), report, text)
        done += 1
    ProgressReport.objects.filter(round=r, state="submitted").update(
        submitted_at=on, first_submitted_at=on
    )
    return done


@transaction.atomic
def seed() -> int:
    """Creates the three rounds once; returns the number of reports submitted."""
    if DispatchRound.objects.filter(title=TITLE).exists():
        return 0
    taskforce = User.objects.filter(username="province-taskforce").first()
    campaign = Campaign.objects.filter(name__endswith=NAME, parent=None).first()
    if taskforce is None or campaign is None:
        return 0
    chengdu = User.objects.filter(username="chengdu-supervisor").first()
    today = timezone.localdate()
    first = rounds.create_round(
        taskforce,
        title=TITLE,
        start=today - dt.timedelta(days=27),
        end=today - dt.timedelta(days=21),
        due_date=today - dt.timedelta(days=20),
        cadence="weekly",
        campaign=campaign,
    )
    submitted = _submit_all(first, chengdu)
    second = rounds.next_round(taskforce, first)
    submitted += _submit_all(second, chengdu)
    third = rounds.next_round(taskforce, second)
    submitted += _submit_all(third, chengdu, skip=LATE)
    return submitted
