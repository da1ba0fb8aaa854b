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
from wageguard.core.api.forms import transition_schema
from wageguard.core.api.pagination import MappedPage, Pagination
from wageguard.core.api.types import Block, InputSchema, Line

from . import filters, public, records, services
from .actions import ACTIONS
from .models import CreditListing
from .rules import CURRENT_STATES, State

rules_router = Router(tags=["rules"])
router = Router(tags=["credit list"])
public_router = Router(tags=["public credit list"], auth=None)

EligibilityOut = Literal["eligible", "not_eligible", "depends_on_provincial_figure"]
# The credit list's own actions a person takes, from its registry: the spec lists exactly these.
CreditActionName = Literal[tuple(a.name for a in ACTIONS if not a.automatic)]  # type: ignore[valid-type]


class EligibilityCaseIn(InputSchema):
    case: int = Field(..., ge=1, le=2**31 - 1, description="案件 id")


class CreditEligibilityOut(Schema):
    answer: EligibilityOut
    reasons: list[str]


class CreditProposeIn(EligibilityCaseIn):
    facts: Block = Field("", max_length=2000, description="失信行为事实（公开），空则自动生成")
    note: Block = Field("", max_length=2000)


CreditTransitionIn = transition_schema(
    "CreditTransitionIn",
    "一项失信名单办理操作及其字段；各操作需要哪些字段见字段说明。",
    CreditActionName,
    ((spec.name, spec.form) for spec in ACTIONS if not spec.automatic),
)


class ListedPersonOut(Schema):
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
    order_deadline: dt.date | None = Field(
        None, description="责令限期支付文书指定期限；作出列入决定的期限自其届满之日起计算"
    )
    notified_on: dt.date | None
    served_on: dt.date | None = Field(None, description="告知书送达日期（以文书登记的送达为准）")
    defence_due: dt.date | None = Field(None, description="异议期限：送达后 5 个工作日")
    objection_check_due: dt.date | None = Field(
        None, description="异议核实期限：收到异议后 5 个工作日；已核实或无异议时为空"
    )
    decision_due: dt.date | None = Field(
        None, description="作出列入决定期限：责令文书期限届满后 20 个工作日，经批准延长 20 个"
    )
    decision_extended: bool
    due_provisional: bool
    listed_on: dt.date | None
    expires_on: dt.date | None = Field(None, description="期满移出日期（当日起不再列入）")
    removed_on: dt.date | None
    removal_review_due: dt.date | None

    @staticmethod
    def resolve_served_on(obj: CreditListing) -> dt.date | None:
        return obj.served_on

    @staticmethod
    def resolve_defence_due(obj: CreditListing) -> dt.date | None:
        return obj.objection_due

    @staticmethod
    def resolve_objection_check_due(obj: CreditListing) -> dt.date | None:
        return obj.objection_check_due

    @staticmethod
    def resolve_current(obj: CreditListing) -> bool:
        return obj.is_current(timezone.localdate())

    @staticmethod
    def resolve_case(obj: CreditListing) -> int:
        return obj.case_id

    @staticmethod
    def resolve_case_number(obj: CreditListing) -> str:
        return obj.case.number

    @staticmethod
    def resolve_region(obj: CreditListing) -> str:
        return obj.region_id

    @staticmethod
    def resolve_agency(obj: CreditListing) -> str:
        return obj.agency.name


class CreditCheckOut(Schema):
    answer: str
    reasons: list[str]


class ListingDetailOut(ListingOut):
    facts: str
    eligibility_reasons: list[str]
    persons: list[ListedPersonOut]
    defence_on: dt.date | None
    defence_text: str
    drop_reason: str
    corrected_on: dt.date | None
    removal_refused_reason: str
    decision_extended_on: dt.date | None
    decision_extension_reason: str
    objection_checked_on: dt.date | None
    objection_result: str
    relief_commitment_on: dt.date | None
    relief_choice: str
    relief_reason: str
    relief: CreditCheckOut | None = Field(None, description="可以不予列入的情形（列入决定前）")
    removal_check: CreditCheckOut | None = Field(
        None, description="提前移出条件和不得提前移出的情形（列入期间）：allowed/refused/unknown"
    )
    recurrence_finding: str
    criminal_finding: str
    findings_note: str
    restored_on: dt.date | None
    restore_reason: str
    revoked_on: dt.date | None
    revoking_kind: str
    revoking_body: str
    revoking_document: str
    order_revoked_on: dt.date | None
    revocation_note: str
    documents: dict[str, str]
    available_actions: list[CreditActionName] = Field(
        ..., description="当前状态下本人可执行的办理操作（与页面提供的操作相同）"
    )

    @staticmethod
    def resolve_persons(obj: CreditListing) -> list[dict]:
        return [
            {"name": p.person.name, "role": p.role, "position": p.position}
            for p in obj.persons.select_related("person")
        ]

    @staticmethod
    def resolve_relief(obj: CreditListing) -> dict | None:
        if obj.state not in (State.PROPOSED, State.NOTIFIED):
            return None
        answer = records.relief_for(obj)
        return {"answer": answer.answer, "reasons": answer.reasons}

    @staticmethod
    def resolve_removal_check(obj: CreditListing) -> dict | None:
        if obj.state not in CURRENT_STATES:
            return None
        commitment = obj.commitment if obj.state == State.REMOVAL_REQUESTED else True
        _fixed, check = records.removal_check_for(
            obj, timezone.localdate(), commitment, obj.recurrence_finding, obj.criminal_finding
        )
        return {"answer": check.answer, "reasons": check.reasons}

    @staticmethod
    def resolve_documents(obj: CreditListing) -> dict[str, str]:
        pairs = (
            ("notice", obj.notice_document),
            ("decision", obj.decision_document),
            ("removal", obj.removal_document),
        )
        return {kind: doc.number for kind, doc in pairs if doc is not None}

    @staticmethod
    def resolve_available_actions(obj: CreditListing, context) -> list[str]:
        return services.available_actions(obj, context["request"].user)


class PublicListingOut(Schema):
    id: int
    unit_name: str
    credit_code: str
    legal_representative: str
    facts: str
    listed_on: dt.date
    expires_on: dt.date = Field(..., description="期满移出日期（当日起不再列入）")
    deciding_agency: str


class PublicCreditRevokedOut(Schema):
    id: int
    unit_name: str
    credit_code: str
    listed_on: dt.date
    revoked_on: dt.date | None
    deciding_agency: str


def _listing_qs(request: HttpRequest):
    # The notice document: its recorded service starts the objection period (defence_due).
    return CreditListing.objects.restrict(request.user, "view").select_related(
        "agency", "case", "notice_document"
    )


def _get(request: HttpRequest, listing_id: int) -> CreditListing:
    return get_object_or_404(
        _listing_qs(request).select_related(
            "notice_document", "decision_document", "removal_document"
        ),
        pk=listing_id,
    )


@rules_router.post(
    "/credit-list-eligibility",
    response=CreditEligibilityOut,
    url_name="rule_credit_list_eligibility",
    summary="失信联合惩戒名单列入条件判断",
)
def credit_list_eligibility(request: HttpRequest, payload: EligibilityCaseIn):
    """按 Order 45 art. 5（列入条件）判断案件的用人单位是否应列入：
    经责令限期支付逾期未支付，且拖欠数额达到拒不支付劳动报酬罪数额标准或引发群体性、极端事件。
    本省未设定数额标准而数额介于全国幅度之间时答 depends_on_provincial_figure。仅限本辖区案件。"""
    case = get_object_or_404(
        EnforcementCase.objects.restrict(request.user, "view"), pk=payload.case
    )
    result = services.eligibility_for(case)
    return CreditEligibilityOut(answer=result.answer, reasons=result.reasons)


@router.get("", response=list[ListingOut], url_name="credit_listing_list", summary="失信名单")
@paginate(Pagination)
def list_listings(
    request: HttpRequest,
    state: Line = "",
    status: Line = "",
    region: Line = "",
    listed_from: Line = "",
    listed_to: Line = "",
    q: Line = "",
):
    """本辖区失信名单记录；status：current（当前有效）、in_progress、expired、removed、dropped、
    revoked（列入决定已撤销）；region 为行政区划代码（含下级）；listed_from、listed_to 为列入日期
    范围（YYYY-MM-DD，含两端）。"""
    today = timezone.localdate()
    params = {
        "state": state,
        "status": status,
        "region": region,
        "listed_from": listed_from,
        "listed_to": listed_to,
        "q": q,
    }
    qs = filters.apply(_listing_qs(request), params, today)
    return MappedPage(qs, lambda listing: listing)


@router.post(
    "", response={201: ListingDetailOut}, url_name="credit_listing_propose", summary="提出列入建议"
)
def propose(request: HttpRequest, payload: CreditProposeIn):
    """对符合列入条件（Order 45 art. 5）的本辖区案件提出列入建议；不符合时答 422 并说明理由。
    作出列入决定的期限为责令限期支付文书指定期限届满之日起 20 个工作日（Order 45 art. 8）。"""
    case = get_object_or_404(
        EnforcementCase.objects.restrict(request.user, "view"), pk=payload.case
    )
    listing = services.propose(case, request.user, facts=payload.facts, note=payload.note)
    return Status(201, _get(request, listing.pk))


@router.get(
    "/{int:listing_id}",
    response=ListingDetailOut,
    url_name="credit_listing_detail",
    summary="失信名单记录详情",
)
def detail(request: HttpRequest, listing_id: int):
    listing = _get(request, listing_id)
    services.record_view(request.user, listing)
    return listing


@router.post(
    "/{int:listing_id}/transition",
    response=ListingDetailOut,
    url_name="credit_listing_transition",
    summary="失信名单办理操作",
)
def transition(request: HttpRequest, listing_id: int, payload: CreditTransitionIn):
    """告知、登记陈述申辩、作出列入决定、不予列入、登记提前移出申请、同意或不予提前移出。"""
    listing = get_object_or_404(_listing_qs(request), pk=listing_id)
    data = {k: v for k, v in payload.dict().items() if k != "action" and v not in ("", None)}
    services.transition(listing, payload.action, request.user, **data)
    return _get(request, listing_id)


@public_router.get(
    "/credit-listings",
    response=list[PublicListingOut],
    url_name="public_credit_listings",
    summary="失信联合惩戒名单公示",
)
@paginate(Pagination)
def public_listings(request: HttpRequest, q: Line = ""):
    """当前有效的失信联合惩戒名单：单位名称、统一社会信用代码、法定代表人、失信行为事实、列入日期、
    期满移出日期、作出决定机关。不含劳动者姓名、身份证号码和手机号码。"""
    return MappedPage(
        public.current_listings(q=q), lambda x: PublicListingOut(**public.public_row(x))
    )


@public_router.get(
    "/credit-listings/revoked",
    response=list[PublicCreditRevokedOut],
    url_name="public_credit_listings_revoked",
    summary="已撤销的列入决定",
)
@paginate(Pagination)
def public_revoked(request: HttpRequest, q: Line = ""):
    """列入决定所依据的责令限期支付工资文书被依法撤销，列入决定随之撤销（Order 45 art. 16）的
    单位：不再列入公示名单，在此注明撤销日期。"""
    return MappedPage(
        public.revoked_listings(q=q), lambda x: PublicCreditRevokedOut(**public.revoked_row(x))
    )
