"""Credit-list API: the eligibility rule for a case, the jurisdiction's listings and their workflow,
and the public list of current listings (no login; no personal data beyond the legal
representative's name)."""

import datetime as dt
from typing import Literal

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from wageguard.cases.models import EnforcementCase
from wageguard.core import audit
from wageguard.core.api.pagination import MappedPage, Pagination

from . import filters, public, services
from .models import CreditListing
from .rules import Action

rules_router = Router(tags=["rules"])
router = Router(tags=["credit list"])
public_router = Router(tags=["public credit list"], auth=None)

EligibilityOut = Literal["eligible", "not_eligible", "depends_on_provincial_figure"]
ActionIn = Literal[tuple(a for a in Action.values if a not in ("propose", "expire"))]  # type: ignore[valid-type]


class CaseIn(Schema):
    case: int = Field(..., ge=1, le=2**31 - 1, description="案件 id")


class EligibilityResultOut(Schema):
    answer: EligibilityOut
    reasons: list[str]


class ProposeIn(CaseIn):
    facts: str = Field("", max_length=2000, description="失信行为事实（公开），空则自动生成")
    note: str = Field("", max_length=2000)


class TransitionIn(Schema):
    action: ActionIn
    note: str = Field("", max_length=2000)
    reason: str = Field("", max_length=5000, description="不予列入 / 不予提前移出的理由")
    notified_on: dt.date | None = Field(None, description="告知书送达日期（notify，默认今天）")
    defence_on: dt.date | None = None
    defence_text: str = Field("", max_length=20000)
    removal_applied_on: dt.date | None = None
    commitment: bool = Field(
        False,
        description="已作出信用承诺（apply_removal；是否足额支付、改正日期取自案件的追回记录）",
    )
    commitment_text: str = Field("", max_length=5000)


class PersonOut(Schema):
    name: str
    role: str
    position: str


class ListingOut(Schema):
    id: int
    state: str
    current: bool
    case: int
    case_number: str
    unit_name: str
    credit_code: str
    region: str
    agency: str
    proposed_on: dt.date
    notified_on: dt.date | None
    defence_due: dt.date | None
    decision_due: dt.date | None
    due_provisional: bool
    listed_on: dt.date | None
    expires_on: dt.date | None = Field(None, description="期满移出日期（当日起不再列入）")
    removed_on: dt.date | None
    removal_review_due: dt.date | None


class ListingDetailOut(ListingOut):
    facts: str
    eligibility_reasons: list[str]
    persons: list[PersonOut]
    defence_on: dt.date | None
    defence_text: str
    drop_reason: str
    corrected_on: dt.date | None
    removal_refused_reason: str
    documents: dict[str, str]
    allowed_actions: list[str]


class PublicListingOut(Schema):
    id: int
    unit_name: str
    credit_code: str
    legal_representative: str
    facts: str
    listed_on: dt.date
    expires_on: dt.date = Field(..., description="期满移出日期（当日起不再列入）")
    deciding_agency: str


def _listing_qs(request: HttpRequest):
    return CreditListing.objects.restrict(request.user, "view").select_related("agency", "case")


def _out(listing: CreditListing, today: dt.date) -> dict:
    return {
        "id": listing.pk,
        "state": listing.state,
        "current": listing.is_current(today),
        "case": listing.case_id,
        "case_number": listing.case.number,
        "unit_name": listing.unit_name,
        "credit_code": listing.credit_code,
        "region": listing.region_id,
        "agency": listing.agency.name,
        "proposed_on": listing.proposed_on,
        "notified_on": listing.notified_on,
        "defence_due": listing.defence_due,
        "decision_due": listing.decision_due,
        "due_provisional": listing.due_provisional,
        "listed_on": listing.listed_on,
        "expires_on": listing.expires_on,
        "removed_on": listing.removed_on,
        "removal_review_due": listing.removal_review_due,
    }


def _get(request: HttpRequest, listing_id: int) -> CreditListing:
    return get_object_or_404(
        _listing_qs(request).select_related(
            "notice_document", "decision_document", "removal_document"
        ),
        pk=listing_id,
    )


def _detail(request: HttpRequest, listing: CreditListing) -> ListingDetailOut:
    documents = {
        kind: doc.number
        for kind, doc in (
            ("notice", listing.notice_document),
            ("decision", listing.decision_document),
            ("removal", listing.removal_document),
        )
        if doc is not None
    }
    return ListingDetailOut(
        **_out(listing, timezone.localdate()),
        facts=listing.facts,
        eligibility_reasons=listing.eligibility_reasons,
        persons=[
            PersonOut(name=p.person.name, role=p.role, position=p.position)
            for p in listing.persons.select_related("person")
        ],
        defence_on=listing.defence_on,
        defence_text=listing.defence_text,
        drop_reason=listing.drop_reason,
        corrected_on=listing.corrected_on,
        removal_refused_reason=listing.removal_refused_reason,
        documents=documents,
        allowed_actions=services.actions_for(listing, request.user),
    )


@rules_router.post(
    "/credit-list-eligibility",
    response=EligibilityResultOut,
    url_name="rule_credit_list_eligibility",
    summary="失信联合惩戒名单列入条件判断",
)
def credit_list_eligibility(request: HttpRequest, payload: CaseIn):
    """按《拖欠农民工工资失信联合惩戒对象名单管理暂行办法》第五条判断案件的用人单位是否应列入：
    经责令限期支付逾期未支付，且拖欠数额达到拒不支付劳动报酬罪数额标准或引发群体性、极端事件。
    本省未设定数额标准而数额介于全国幅度之间时答 depends_on_provincial_figure。仅限本辖区案件。"""
    case = get_object_or_404(
        EnforcementCase.objects.restrict(request.user, "view"), pk=payload.case
    )
    result = services.eligibility_for(case)
    return EligibilityResultOut(answer=result.answer, reasons=result.reasons)


@router.get("", response=list[ListingOut], url_name="credit_listing_list", summary="失信名单")
@paginate(Pagination)
def list_listings(request: HttpRequest, state: str = "", status: str = "", q: str = ""):
    """本辖区失信名单记录；status：current（当前有效）、in_progress、expired、removed、dropped。"""
    today = timezone.localdate()
    qs = filters.apply(_listing_qs(request), {"state": state, "status": status, "q": q}, today)
    return MappedPage(qs, lambda x: ListingOut(**_out(x, today)))


@router.post(
    "", response={201: ListingDetailOut}, url_name="credit_listing_propose", summary="提出列入建议"
)
def propose(request: HttpRequest, payload: ProposeIn):
    """对符合第五条条件的本辖区案件提出列入建议；不符合时答 422 并说明理由。"""
    case = get_object_or_404(
        EnforcementCase.objects.restrict(request.user, "view"), pk=payload.case
    )
    listing = services.propose(case, request.user, facts=payload.facts, note=payload.note)
    return Status(201, _detail(request, _get(request, listing.pk)))


@router.get(
    "/{int:listing_id}",
    response=ListingDetailOut,
    url_name="credit_listing_detail",
    summary="失信名单记录详情",
)
def detail(request: HttpRequest, listing_id: int):
    listing = _get(request, listing_id)
    audit.record("credit.view", obj=listing, actor=request.user)
    return _detail(request, listing)


@router.post(
    "/{int:listing_id}/transition",
    response=ListingDetailOut,
    url_name="credit_listing_transition",
    summary="失信名单办理操作",
)
def transition(request: HttpRequest, listing_id: int, payload: TransitionIn):
    """告知、登记陈述申辩、作出列入决定、不予列入、登记提前移出申请、同意或不予提前移出。"""
    listing = get_object_or_404(_listing_qs(request), pk=listing_id)
    data = {k: v for k, v in payload.dict().items() if k != "action" and v not in ("", None)}
    services.transition(listing, payload.action, request.user, **data)
    return _detail(request, _get(request, listing_id))


@public_router.get(
    "/credit-listings",
    response=list[PublicListingOut],
    url_name="public_credit_listings",
    summary="失信联合惩戒名单公示",
)
@paginate(Pagination)
def public_listings(request: HttpRequest, q: str = ""):
    """当前有效的失信联合惩戒名单：单位名称、统一社会信用代码、法定代表人、失信行为事实、列入日期、
    期满移出日期、作出决定机关。不含劳动者姓名、身份证号码和手机号码。"""
    return MappedPage(
        public.current_listings(q=q), lambda x: PublicListingOut(**public.public_row(x))
    )
