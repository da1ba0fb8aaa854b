"""Every change to campaigns and ledger items: permission, jurisdiction, transition, deadline,
history and audit, all in one transaction (DESIGN: Workflow); and which campaigns a record falls
in (its division within the campaign's scope, its day within the period).

Who may do what on a ledger item (`may_act`):
- report a rectification (rectify) and upload evidence: a role with ("rectify",
  "campaigns.ledgeritem") at the responsible bureau;
- verify and close (销号) or return: a role with ("close", ...) whose jurisdiction holds the item
  and whose bureau is a level above the responsible one, never the person who reported the
  rectification; the provincial department has nobody above it, so its items are closed by
  another member of the department. Closing needs at least one evidence file;
- supervise (督办): ("supervise", ...) from a level above, on open items; it raises the item's
  supervision level to the supervisor's (city or province) and never lowers it;
- notify (通报) and record accountability (问责): ("notify", ...) from a level above (or, at the
  top, another member).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from wageguard.core import audit, calendar, files
from wageguard.org.models import Agency, AgencyKind, User
from wageguard.parties.services import enterprise_for
from wageguard.projects.models import Project
from wageguard.regions.models import Level, Region

from . import rules
from .models import (
    Campaign,
    CampaignMilestone,
    CampaignTarget,
    LedgerEvidence,
    LedgerHistory,
    LedgerItem,
    LedgerSupervision,
)
from .rules import Action, LedgerState, Source, UnitKind

MODEL = "campaigns.ledgeritem"
CAMPAIGN_MODEL = "campaigns.campaign"
MAX_NOTE = 4000
ITEM_FIELDS = [
    "source",
    "unit_kind",
    "enterprise",
    "project",
    "warning",
    "sector",
    "campaign",
    "agency",
    "region",
    "description",
    "opened_at",
    "due_date",
    "due_provisional",
    "state",
    "rectification_note",
    "rectified_by",
    "rectified_at",
    "close_note",
    "closed_by",
    "closed_at",
    "supervision_level",
    "notified",
    "notification_note",
    "accountability_note",
]
CAMPAIGN_FIELDS = [
    "name",
    "kind",
    "region",
    "parent",
    "start_date",
    "end_date",
    "sectors",
    "description",
]
LEVEL_RANK = {Level.COUNTY: 0, Level.CITY: 1, Level.PROVINCE: 2}


# --- campaigns: scope and period -----------------------------------------------------------


def _local_midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def scope_codes(region: Region) -> QuerySet:
    """The divisions a campaign of `region` covers (itself and every one below it), as a
    subquery of codes, so filtering by it stays one SQL statement."""
    if region.level == Level.PROVINCE:
        return Region.objects.filter(province_code=region.province_code).values("code")
    if region.level == Level.CITY:
        return Region.objects.filter(Q(code=region.code) | Q(parent_id=region.code)).values("code")
    return Region.objects.filter(code=region.code).values("code")


def in_campaign(
    qs: QuerySet, campaign: Campaign, date_field: str = "opened_at", region_field: str = "region"
) -> QuerySet:
    """The rows of `qs` that fall in `campaign`: their division within its scope and their
    day (`date_field`) within its period. A datetime is judged as a local day (midnight to
    midnight, Asia/Shanghai); a date field (a case's `filed_on`, a warning's `issued_on`) is
    compared as it is. Sectors are not judged here: each kind of record ties itself to a sector
    differently (`sector_q`)."""
    field = qs.model._meta.get_field(date_field)
    if isinstance(field, models.DateTimeField):
        period = {
            f"{date_field}__gte": _local_midnight(campaign.start_date),
            f"{date_field}__lt": _local_midnight(campaign.end_date + dt.timedelta(days=1)),
        }
    else:
        period = {
            f"{date_field}__gte": campaign.start_date,
            f"{date_field}__lte": campaign.end_date,
        }
    return qs.filter(**{f"{region_field}_id__in": scope_codes(campaign.region)}, **period)


# Every row matches this; `Q()` would vanish when OR-ed with another condition.
EVERY = Q(pk__isnull=False)


def sector_q(campaign: Campaign, by_sector: dict[str, Q], neutral: Q | None = None) -> Q | None:
    """The sector condition of `campaign` for one kind of record, or None when the campaign
    names no sectors (then every record counts).

    `by_sector` says, for each `rules.Sector` a record of this kind can be tied to, which rows
    are of it (a clue's `sector`, a case's project, every warning is construction). A record
    this kind cannot tie to any named sector (a clue of "other fields", a case with neither
    project nor construction clue, an enterprise's ledger item without a sector) is **not**
    counted by a campaign that names sectors: it is counted only by campaigns of every sector.
    `neutral` marks records that concern the bureaus' own work rather than any employer (a
    ledger item about a department, such as an unanswered hotline): a campaign's sectors choose
    the employers it targets, not which of its own bureaus' failures count, so these count in
    every campaign of their scope and period."""
    if not campaign.sectors:
        return None
    q = Q(pk__in=[])
    for sector in campaign.sectors:
        if sector in by_sector:
            q |= by_sector[sector]
    if neutral is not None:
        q |= neutral
    return q


def ledger_sector_q(campaign: Campaign) -> Q | None:
    """Ledger items carry the sector they were opened with (`LedgerItem.sector`: construction
    for a project's item; what a sweep's employer target names); items about a department are
    sector-neutral (`sector_q`)."""
    return sector_q(
        campaign,
        {s: Q(sector=s) for s in rules.Sector.values},
        neutral=Q(sector="", unit_kind=UnitKind.DEPARTMENT),
    )


def ledger_in_campaign(qs: QuerySet, campaign: Campaign) -> QuerySet:
    """Ledger items opened in the campaign's period, within its scope and sectors: what the
    campaign page counts and the ledger's campaign filter lists, so the two always agree."""
    qs = in_campaign(qs, campaign, "opened_at", "region")
    sectors = ledger_sector_q(campaign)
    return qs if sectors is None else qs.filter(sectors)


def campaigns_for(region_id: str, day: dt.date) -> list[Campaign]:
    """The campaigns a record of division `region_id` dated `day` falls in, the most local first
    (a county's own campaign before its prefecture's before the province's)."""
    region = Region.objects.select_related("parent").filter(code=region_id).first()
    if region is None:
        return []
    chain = [region.code]
    if region.parent_id:
        chain.append(region.parent_id)
        if region.parent.parent_id:
            chain.append(region.parent.parent_id)
    found = Campaign.objects.filter(
        region_id__in=chain, start_date__lte=day, end_date__gte=day
    ).select_related("region")
    return sorted(found, key=lambda c: (chain.index(c.region_id), -c.start_date.toordinal(), c.pk))


def counts_by_state(campaign: Campaign, user: User, today: dt.date | None = None) -> dict[str, Any]:
    """The campaign's ledger as the viewer may see it: items per state, overdue, closing rate
    (one aggregate query)."""
    today = today or timezone.localdate()
    visible = ledger_in_campaign(LedgerItem.objects.restrict(user, "view"), campaign)
    row = visible.aggregate(
        total=Count("pk"),
        open=Count("pk", filter=Q(state=LedgerState.OPEN)),
        rectified=Count("pk", filter=Q(state=LedgerState.RECTIFIED)),
        closed=Count("pk", filter=Q(state=LedgerState.CLOSED)),
        overdue=Count("pk", filter=Q(state=LedgerState.OPEN, due_date__lt=today)),
        supervised=Count("pk", filter=Q(supervision_level__gt=0)),
        notified=Count("pk", filter=Q(notified=True)),
    )
    row["closing_rate"] = rules.closing_rate(row["closed"], row["total"])
    return row


def jurisdiction_regions(actor: User) -> QuerySet:
    """Divisions of `actor`'s jurisdiction (their own and those below it), in code order: what
    they may run a campaign for and filter their ledger by."""
    codes = actor.jurisdiction_region_ids()
    regions = Region.objects.restrict(actor, "view")
    if codes is None:
        regions = regions.filter(province_code=settings.WAGEGUARD_PROVINCE)
    else:
        regions = regions.filter(code__in=codes)
    return regions.order_by("code")


def _validate_campaign(actor: User, data: dict) -> dict:
    errors: dict[str, str] = {}
    name = (data.get("name") or "").strip()
    if not name:
        errors["name"] = _("请填写行动名称")
    if data.get("kind") not in rules.CampaignKind.values:
        errors["kind"] = _("请选择行动类型")
    region = data.get("region")
    if isinstance(region, str):
        region = Region.objects.filter(code=region).first()
    if region is None or not actor.in_jurisdiction(region.code):
        errors["region"] = _("行政区划不存在或不在您的辖区内")
    start, end = data.get("start_date"), data.get("end_date")
    if not isinstance(start, dt.date):
        errors["start_date"] = _("请填写开始日期")
    if not isinstance(end, dt.date):
        errors["end_date"] = _("请填写结束日期")
    elif isinstance(start, dt.date) and end < start:
        errors["end_date"] = _("结束日期不能早于开始日期")
    sectors = list(data.get("sectors") or [])
    if any(s not in rules.Sector.values for s in sectors):
        errors["sectors"] = _("请选择重点行业")
    parent = data.get("parent")
    if parent is not None and region is not None and "region" not in errors:
        if region.code not in set(scope_codes(parent.region).values_list("code", flat=True)):
            errors["parent"] = _("上级专项行动的范围不包含所选行政区划")
        elif (
            isinstance(start, dt.date)
            and isinstance(end, dt.date)
            and not (parent.start_date <= start and end <= parent.end_date)
        ):
            errors["parent"] = _("行动期间须在上级专项行动期间之内")
    if errors:
        raise ValidationError(errors)
    return {
        "name": name,
        "kind": data["kind"],
        "region": region,
        "parent": parent,
        "start_date": start,
        "end_date": end,
        "sectors": sectors,
        "description": (data.get("description") or "").strip(),
    }


@transaction.atomic
def create_campaign(
    actor: User,
    *,
    targets: list[dict] | None = None,
    milestones: list[dict] | None = None,
    **data: Any,
) -> Campaign:
    """A campaign of a division in `actor`'s jurisdiction, with its target and milestone rows
    (each a dict of the model's fields); a child campaign lies inside its parent's scope and
    period."""
    if not actor.can("add", CAMPAIGN_MODEL):
        raise PermissionDenied(_("无权发起专项行动"))
    clean = _validate_campaign(actor, data)
    campaign = Campaign.objects.create(**clean, created_by=actor)
    for row in targets or []:
        CampaignTarget.objects.create(campaign=campaign, **row)
    for row in milestones or []:
        CampaignMilestone.objects.create(campaign=campaign, **row)
    after = audit.snapshot(campaign, CAMPAIGN_FIELDS)
    after["targets"] = len(targets or [])
    after["milestones"] = len(milestones or [])
    audit.record("campaign.create", obj=campaign, actor=actor, after=after)
    return campaign


# --- the ledger: opening items -------------------------------------------------------------


def _due(now: dt.datetime, workdays: int) -> calendar.DateAnswer:
    return calendar.add_workdays(timezone.localdate(now), workdays)


def open_item(
    actor: User,
    *,
    source: str,
    agency: Agency,
    description: str,
    region_id: str | None = None,
    unit_kind: str = UnitKind.DEPARTMENT,
    enterprise: Any = None,
    project: Any = None,
    warning: Any = None,
    sector: str = "",
    reason: str = "",
    workdays: int = rules.RECTIFICATION_WORKDAYS,
) -> LedgerItem:
    """Opens an item for `agency` to rectify within `workdays` working days, counted in the
    campaign it falls in. Called inside the caller's transaction by the service that found the
    problem (a failed channel check, a warning's "ledger" outcome), which has checked that
    `actor` may find it. `sector` (a `rules.Sector`) is what the unit is, when the finder knows
    it (a sweep's employer target); a project's item is construction."""
    if source not in Source.values:
        raise ValidationError({"source": _("未知的问题来源")})
    if sector and sector not in rules.Sector.values:
        raise ValidationError({"sector": _("请选择重点行业")})
    if not sector and project is not None:
        sector = rules.Sector.CONSTRUCTION
    now = timezone.now()
    due = _due(now, workdays)
    region_id = region_id or agency.region_id
    found = campaigns_for(region_id, timezone.localdate(now))
    item = LedgerItem.objects.create(
        source=source,
        unit_kind=unit_kind,
        enterprise=enterprise,
        project=project,
        warning=warning,
        sector=sector,
        campaign=found[0] if found else None,
        agency=agency,
        region_id=region_id,
        description=description,
        opened_at=now,
        opened_by=actor,
        due_date=due.date,
        due_provisional=due.provisional,
    )
    LedgerHistory.write(item, "open", actor, "", note=reason)
    audit.record(
        "ledger.open",
        obj=item,
        actor=actor,
        after=audit.snapshot(item, ITEM_FIELDS),
        reason=reason,
    )
    return item


REGISTERED_SOURCES = (Source.SUPERVISION, Source.NATIONAL_PLATFORM, Source.OTHER)


def registrable_agencies(actor: User) -> QuerySet:
    """The HRSS bureaus `actor` may put a problem on: the active ones their scoping shows."""
    return (
        Agency.objects.restrict(actor, "view")
        .filter(kind=AgencyKind.HRSS, active=True)
        .select_related("region")
        .order_by("region_id")
    )


def register_item(
    actor: User,
    *,
    source: str,
    agency: Agency | None,
    description: str,
    project_code: str = "",
    enterprise_name: str = "",
) -> LedgerItem:
    """登记问题: a problem found outside the apps that open items themselves — on a supervision
    visit (督导检查) or listed by the national platform (国家平台交办) — put on a bureau of the
    registrar's jurisdiction by someone who may supervise. The unit is the project named by its
    code, else the enterprise named, else the bureau itself. Refusals name the field."""
    if not actor.can("supervise", MODEL):
        raise PermissionDenied(_("无权登记问题"))
    errors: dict[str, str] = {}
    if source not in REGISTERED_SOURCES:
        errors["source"] = _("请选择问题来源")
    if agency is None or not registrable_agencies(actor).filter(pk=agency.pk).exists():
        errors["agency"] = _("请选择辖区内的人社部门")
    text = (description or "").strip()
    if not text:
        errors["description"] = _("请填写问题描述")
    elif len(text) > MAX_NOTE:
        errors["description"] = _("问题描述不能超过 %(n)s 字") % {"n": MAX_NOTE}
    project = None
    if project_code.strip() and "agency" not in errors:
        project = Project.objects.filter(
            code=project_code.strip(), region_id=agency.region_id
        ).first()
        if project is None:
            errors["project_code"] = _("该区县没有这个项目编码")
    if errors:
        raise ValidationError(errors)
    enterprise = None
    if project is None and enterprise_name.strip():
        enterprise = enterprise_for(enterprise_name.strip(), region=agency.region)
    kind = (
        UnitKind.PROJECT if project else UnitKind.ENTERPRISE if enterprise else UnitKind.DEPARTMENT
    )
    with transaction.atomic():
        return open_item(
            actor,
            source=source,
            agency=agency,
            description=text,
            region_id=agency.region_id,
            unit_kind=kind,
            enterprise=enterprise,
            project=project,
            reason=Source(source).label,
        )


def open_item_from_warning(actor: User, warning: Any, note: str) -> LedgerItem:
    """A project warning handed on to the ledger (the warning's "ledger" outcome, called inside
    the warning's transition): the project's supervising bureau rectifies it within the
    ledger's working days, and it is closed above that bureau like any other item."""
    if not (actor.can("view", MODEL) and actor.in_jurisdiction(warning.region_id)):
        raise PermissionDenied(_("无权将该预警列入问题台账"))
    if LedgerItem.objects.filter(warning=warning).exists():
        raise ValidationError(_("该预警已列入问题台账"))
    project = warning.project
    text = f"{project.name}（{project.code}）：{warning.summary}"
    return open_item(
        actor,
        source=Source.WARNING,
        agency=project.agency,
        region_id=warning.region_id,
        unit_kind=UnitKind.PROJECT,
        project=project,
        warning=warning,
        description=f"{text}\n{note}".strip() if note else text,
        reason=_("工程项目预警"),
    )


# --- the ledger: who may act ---------------------------------------------------------------


def _rank(agency: Agency | None) -> int:
    if agency is None:
        return -1
    return LEVEL_RANK.get(agency.region.level, -1)


def _above(actor: User, item: LedgerItem) -> bool:
    """`actor`'s bureau is a level above the responsible one (their jurisdiction holds it)."""
    return actor.agency_id is not None and _rank(actor.agency) > _rank(item.agency)


def _top_peer(actor: User, item: LedgerItem) -> bool:
    """At the top (the provincial department), another member of the responsible bureau."""
    return item.agency.parent_id is None and actor.agency_id == item.agency_id


def may_act(actor: User, item: LedgerItem, action: str) -> bool:
    """Whether `actor` may apply `action` (or upload evidence) to `item`, its state aside."""
    verb = rules.ACTION_PERMISSION.get(action, "rectify" if action == "evidence" else None)
    if verb is None or not actor.can(verb, MODEL):
        return False
    if not actor.in_jurisdiction(item.region_id):
        return False
    if action in (Action.RECTIFY, "evidence"):
        return actor.agency_id == item.agency_id
    if action == Action.SUPERVISE:
        return _above(actor, item)
    if action in (Action.VERIFY_CLOSE, Action.RETURN):
        if actor.pk == item.rectified_by_id:
            return False
        return _above(actor, item) or _top_peer(actor, item)
    return _above(actor, item) or _top_peer(actor, item)


def available_actions(actor: User, item: LedgerItem) -> list[str]:
    """The workflow actions `actor` may take on `item` now, in the table's order."""
    return [a for a in rules.WORKFLOW.allowed(item.state) if may_act(actor, item, a)]


def may_add_evidence(actor: User, item: LedgerItem) -> bool:
    return item.state != LedgerState.CLOSED and may_act(actor, item, "evidence")


# --- the ledger: changes -------------------------------------------------------------------


def _clean_note(note: str | None) -> str:
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("请填写说明")})
    if len(note) > MAX_NOTE:
        raise ValidationError({"note": _("说明不能超过 %(n)s 字") % {"n": MAX_NOTE}})
    return note


def _locked(item: LedgerItem) -> LedgerItem | None:
    return (
        LedgerItem.objects.select_for_update()
        .select_related("agency__region")
        .filter(pk=item.pk)
        .first()
    )


def _store_evidence(
    item: LedgerItem, actor: User, upload: UploadedFile, note: str
) -> LedgerEvidence:
    evidence = LedgerEvidence(item=item, note=(note or "")[:200], uploaded_by=actor)
    files.save_file(evidence, upload, "file")
    return evidence


def add_evidence(
    actor: User, item: LedgerItem, *, file: UploadedFile, note: str = ""
) -> LedgerEvidence:
    """整改佐证: a photo or PDF from the responsible bureau, checked by its bytes; audited."""
    evidence = None
    try:
        with transaction.atomic():
            locked = _locked(item)
            if locked is None or not may_add_evidence(actor, locked):
                raise PermissionDenied(_("无权为该问题上传佐证材料"))
            evidence = _store_evidence(locked, actor, file, note)
            evidence.save()
            LedgerHistory.write(
                locked, "evidence", actor, locked.state, note=evidence.original_name
            )
            audit.record(
                "ledger.evidence",
                obj=locked,
                actor=actor,
                after={"name": evidence.original_name, "sha256": evidence.sha256},
            )
    except Exception:
        if evidence is not None:
            files.discard([evidence])
        raise
    return evidence


def transition(
    actor: User, item: LedgerItem, action: str, note: str, file: UploadedFile | None = None
) -> LedgerItem:
    """The one way an item changes: `action` is a `rules.Action` value; `file` is evidence sent
    with a rectification. Refusals name the field (`note`, `evidence`, `action`)."""
    if action not in Action.values:
        raise ValidationError({"action": _("未知操作")})
    note = _clean_note(note)
    stored: list[LedgerEvidence] = []
    try:
        with transaction.atomic():
            locked = _apply(actor, item, action, note, file, stored)
    except Exception:
        files.discard(stored)
        raise
    return locked


def _apply(
    actor: User,
    item: LedgerItem,
    action: str,
    note: str,
    file: UploadedFile | None,
    stored: list[LedgerEvidence],
) -> LedgerItem:
    # Lock the row and decide on its committed state, so two clicks never both apply.
    locked = _locked(item)
    if locked is None or not may_act(actor, locked, action):
        raise PermissionDenied(_("无权对该问题执行此操作"))
    before_state = locked.state
    new_state = rules.WORKFLOW.next_or_error(locked.state, action)
    before = audit.snapshot(locked, ITEM_FIELDS)
    now = timezone.now()
    data: dict[str, Any] = {}
    if action == Action.RECTIFY:
        if file is not None:
            evidence = _store_evidence(locked, actor, file, "")
            stored.append(evidence)
            evidence.save()
            data["evidence"] = evidence.original_name
        locked.rectification_note = note
        locked.rectified_by = actor
        locked.rectified_at = now
    elif action == Action.VERIFY_CLOSE:
        if not locked.evidence.exists():
            raise ValidationError(
                {"evidence": _("缺少整改佐证材料：请责任单位上传照片或文件后再核验销号")}
            )
        locked.close_note = note
        locked.closed_by = actor
        locked.closed_at = now
    elif action == Action.RETURN:
        locked.close_note = note
    elif action == Action.SUPERVISE:
        level = rules.LEVEL_OF_REGION.get(actor.agency.region.level, rules.SupervisionLevel.NONE)
        locked.supervision_level = max(locked.supervision_level, int(level))
        LedgerSupervision.objects.create(
            item=locked, by=actor, at=now, note=note, level=locked.supervision_level
        )
        data["level"] = locked.supervision_level
    elif action == Action.NOTIFY:
        locked.notified = True
        locked.notification_note = _append(locked.notification_note, note, actor, now)
    elif action == Action.ACCOUNT:
        locked.accountability_note = _append(locked.accountability_note, note, actor, now)
    locked.state = new_state
    locked.save()
    LedgerHistory.write(locked, action, actor, before_state, note=note, data=data)
    audit.record(
        f"ledger.{action}",
        obj=locked,
        actor=actor,
        before=before,
        after=audit.snapshot(locked, ITEM_FIELDS),
        reason=note,
    )
    return locked


def _append(existing: str, note: str, actor: User, now: dt.datetime) -> str:
    """Notifications and accountability accumulate: each entry dated and signed."""
    stamp = timezone.localtime(now).strftime("%Y-%m-%d")
    line = f"{stamp} {actor.display_name}：{note}"
    return f"{existing}\n{line}" if existing else line
