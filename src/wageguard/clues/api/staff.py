"""The staff and integration clue API: intake, import, list, detail, transitions."""

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import File, Header, Router, Status, UploadedFile
from ninja.pagination import paginate

from wageguard.core.api.errors import ApiError
from wageguard.core.api.pagination import MappedPage, Pagination
from wageguard.core.api.types import Line
from wageguard.org.rules import sees_personal_data

from .. import filters, services
from ..models import Clue
from ..services import imports
from ..validation import clean_intake, clean_received_at
from ..views.access import audit_read
from .errors import invalid as _invalid
from .schemas import (
    ClueDetailOut,
    ClueImportErrorOut,
    ClueImportOut,
    ClueOut,
    ClueTransitionIn,
    StaffClueIn,
    request_clock,
)

router = Router(tags=["clues"])


@router.post(
    "",
    response={200: ClueOut, 201: ClueOut},
    url_name="clue_create",
    summary="登记线索（工作人员、系统对接）",
)
def create(
    request: HttpRequest,
    payload: StaffClueIn,
    idempotency_key: Line = Header("", alias="Idempotency-Key"),
):
    """各渠道登记线索。

    同一 Idempotency-Key 或同一渠道外部编号重复提交时，返回已登记的线索（200），不会重复登记。
    """
    if len(idempotency_key) > 100:
        raise ApiError(
            422, "validation_error", _("Idempotency-Key 不能超过 100 个字符"), "Idempotency-Key"
        )
    raw = payload.dict()
    raw["arrears"] = [line for line in raw.get("arrears") or []]
    try:
        data = clean_intake(raw, public=False)
        result = services.intake(
            data,
            channel=payload.channel,
            actor=request.user,
            received_at=clean_received_at(payload.received_at),
            external_id=payload.external_id,
            idempotency_key=idempotency_key or None,
        )
    except ValidationError as exc:
        raise _invalid(exc) from None
    clue = Clue.objects.select_related("agency", "assignee", "merged_into").get(pk=result.clue.pk)
    return Status(201 if result.created else 200, clue)


def _listing(request: HttpRequest):
    return Clue.objects.restrict(request.user, "view").select_related(
        "agency", "assignee", "merged_into"
    )


@router.post("/import", response=ClueImportOut, url_name="clue_import", summary="导入全国平台线索")
def import_batch(request: HttpRequest, file: UploadedFile = File(...)):
    """上传全国根治欠薪线索反映平台导出的 .json 或 .xlsx；以平台线索编号去重，重复导入不新增；
    错误行逐行报告原因，其余行照常导入。"""
    try:
        report = imports.import_rows(imports.read_file(file.name, file), request.user)
    except ValidationError as exc:
        raise _invalid(exc) from None
    return ClueImportOut(
        created=report.created,
        existing=report.existing,
        errors=[ClueImportErrorOut(**vars(e)) for e in report.errors],
    )


@router.get("", response=list[ClueOut], url_name="clue_list", summary="线索列表")
@paginate(Pagination)
def list_clues(
    request: HttpRequest,
    state: Line = "",
    sla: Line = "",
    channel: Line = "",
    sector: Line = "",
    region: Line = "",
    urgent: Line = "",
    reopened: Line = "",
    listed: Line = "",
    assignee: Line = "",
    received_from: Line = "",
    received_to: Line = "",
    due_from: Line = "",
    due_to: Line = "",
    outcome: Line = "",
    q: Line = "",
    sort: Line = "due",
    reveal: bool = False,
):
    """本辖区线索，筛选条件与线索台账页面相同（listed=1、city 或 province：挂牌督办中的线索）。

    反映人姓名、身份证号码和手机号码默认遮蔽；有权知悉的岗位传 reveal=true 取得完整信息。
    每次调用记入审计日志（筛选条件和返回的线索）。"""
    clock = request_clock(request)
    params = {k: v for k, v in locals().items() if k not in {"request", "clock", "reveal"}}
    if reveal and not sees_personal_data(request.user):
        raise ApiError(
            403,
            "personal_data_refused",
            _("您的岗位无需知悉反映人的个人信息，不能取得完整的身份证号码和手机号码。"),
            "reveal",
        )
    try:
        qs = filters.apply(_listing(request), params, clock, request.user)
    except ValidationError as exc:
        raise _invalid(exc) from None
    request.clue_clear = reveal

    def audited(rows: list[Clue]) -> None:
        ids = [c.pk for c in rows]
        paging = {k: request.GET[k] for k in ("limit", "offset") if k in request.GET}
        query = {**params, **paging, **({"reveal": "true"} if reveal else {})}
        if ids:
            action, mode = ("clue.reveal", "reveal") if reveal else ("clue.list", "list")
            audit_read(request, action, mode, ids, ids if reveal else [], query)

    return MappedPage(qs, lambda clue: clue, fetch=filters.page, on_page=audited)


@router.get("/{int:clue_id}", response=ClueDetailOut, url_name="clue_detail", summary="线索详情")
def detail(request: HttpRequest, clue_id: int):
    clue = get_object_or_404(_listing(request), pk=clue_id)
    sees = sees_personal_data(request.user)
    audit_read(request, "clue.view", "detail", [clue.pk], [clue.pk] if sees else [], obj=clue)
    return clue


@router.post(
    "/{int:clue_id}/transitions",
    response=ClueDetailOut,
    url_name="clue_transition",
    summary="办理操作",
)
def transition(request: HttpRequest, clue_id: int, payload: ClueTransitionIn):
    """按状态流转表执行受理、不予受理、核查、化解、答复、办结、重新办理、移交、合并等操作。"""
    clue = get_object_or_404(_listing(request), pk=clue_id)
    data = {k: v for k, v in payload.dict().items() if k != "action" and v not in ("", None)}
    try:
        moved = services.transition(clue, payload.action, request.user, **data)
    except ValidationError as exc:
        raise _invalid(exc) from None
    # A clue transferred out of the user's jurisdiction is answered once more, as it now stands
    # (with nothing left for them to do), rather than with a 404 for the action just taken.
    return _listing(request).filter(pk=clue_id).first() or moved
