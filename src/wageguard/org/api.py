"""Who am I: the signed-in user's identity, role and jurisdiction."""

from django.http import HttpRequest
from ninja import Router, Schema

router = Router(tags=["org"])


class AgencyOut(Schema):
    id: int
    name: str
    kind: str
    region: str
    level: str


class MeOut(Schema):
    username: str
    name: str
    role: str
    role_label: str
    agency: AgencyOut | None
    jurisdiction: list[str] | None


@router.get("/me", response=MeOut, summary="当前用户")
def me(request: HttpRequest) -> MeOut:
    user = request.user
    agency = user.agency
    return MeOut(
        username=user.username,
        name=user.display_name,
        role=user.role,
        role_label=user.get_role_display(),
        agency=AgencyOut(
            id=agency.id,
            name=agency.name,
            kind=agency.kind,
            region=agency.region_id,
            level=agency.region.level,
        )
        if agency
        else None,
        jurisdiction=user.jurisdiction_region_ids(),
    )
