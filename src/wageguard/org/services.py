"""Every change to users, agencies and tokens: checks, change and audit in one transaction."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wageguard.core import audit
from wageguard.core.memo import memo
from wageguard.regions.models import Region

from .models import Agency, AgencyKind, ApiToken, User
from .rules import ASSIGNABLE_ROLES

_USER_FIELDS = ["username", "full_name", "phone", "agency", "role", "is_active"]


def _check_target(actor: User, action: str, agency: Agency | None, role: str | None) -> None:
    """An administrator acts only inside their jurisdiction and never above their own level."""
    if not actor.can(action, "org.user"):
        raise PermissionDenied(_("无权管理用户"))
    if agency is None:
        if actor.jurisdiction_region_ids() is not None:
            raise ValidationError({"agency": _("请选择所属机构")})
        return
    if not actor.in_jurisdiction(agency.region_id):
        raise ValidationError({"agency": _("只能管理本辖区内机构的用户")})
    if role and actor.agency_id is not None:
        allowed = ASSIGNABLE_ROLES[actor.agency.region.level]
        if role not in allowed:
            raise ValidationError({"role": _("无权分配该角色")})


@transaction.atomic
def create_user(actor: User, *, password: str, **fields) -> User:
    _check_target(actor, "add", fields.get("agency"), fields.get("role"))
    user = User(**fields)
    user.set_password(password)
    user.full_clean()
    user.save()
    audit.record("user.create", obj=user, actor=actor, after=audit.snapshot(user, _USER_FIELDS))
    return user


@transaction.atomic
def update_user(actor: User, user: User, **changes) -> User:
    _check_target(actor, "change", user.agency, None)
    _check_target(actor, "change", changes.get("agency", user.agency), changes.get("role"))
    before = audit.snapshot(user, _USER_FIELDS)
    for name, value in changes.items():
        setattr(user, name, value)
    user.full_clean()
    user.save()
    audit.record(
        "user.update",
        obj=user,
        actor=actor,
        before=before,
        after=audit.snapshot(user, _USER_FIELDS),
    )
    return user


@transaction.atomic
def reset_password(actor: User, user: User, password: str) -> None:
    _check_target(actor, "change", user.agency, None)
    user.set_password(password)
    user.save(update_fields=["password"])
    audit.record("user.password_reset", obj=user, actor=actor)


@transaction.atomic
def token_refusal(actor: User, user: User) -> str | None:
    """Why `actor` may not mint a token for `user`, or None. A token acts as its user with every
    right and in the audit log under that name, so a person's token is minted by that person
    only: an administrator who could mint one for an inspector would read what the pages refuse
    the administrator, audited as the inspector. An integration account has no person behind
    it; an administrator of its jurisdiction mints its tokens and is recorded as their creator."""
    if not actor.is_active:
        return _("无权创建接口令牌")
    if actor.pk == user.pk:
        return None
    if not user.is_integration:
        return _("个人账户的令牌只能由本人创建")
    if not actor.can("add", "org.apitoken"):
        return _("无权创建接口令牌")
    if not actor.in_jurisdiction(user.agency.region_id if user.agency else None):
        return _("只能为本辖区用户创建令牌")
    return None


def create_token(actor: User | None, user: User, name: str = "") -> tuple[ApiToken, str]:
    """A new token for `user`; the clear key is returned once and never stored.

    `actor` None means the operator's command line, which acts with the server's own authority.
    """
    if actor is not None and (refusal := token_refusal(actor, user)):
        raise PermissionDenied(refusal)
    key = ApiToken.generate()
    token = ApiToken.objects.create(
        user=user,
        name=name,
        key_prefix=key[:10],
        key_hash=ApiToken.hash_key(key),
        created_by=actor,
    )
    audit.record(
        "token.create",
        obj=token,
        actor=actor,
        after={"user": user.username, "name": name, "prefix": token.key_prefix},
    )
    return token, key


@transaction.atomic
def revoke_token(actor: User | None, token: ApiToken) -> ApiToken:
    # One's own token may always be revoked; others' within the administrator's jurisdiction.
    if (
        actor is not None
        and token.user_id != actor.pk
        and not ApiToken.objects.restrict(actor, "change").filter(pk=token.pk).exists()
    ):
        raise PermissionDenied(_("无权吊销该令牌"))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit.record("token.revoke", obj=token, actor=actor, after={"prefix": token.key_prefix})
    return token


_AGENCY_FIELDS = ["name", "short_name", "kind", "region", "parent", "phone", "active"]


def _check_agency(actor: User, action: str, region_id: str) -> None:
    if not actor.can(action, "org.agency"):
        raise PermissionDenied(_("无权管理机构"))
    if not actor.in_jurisdiction(region_id):
        raise ValidationError({"region": _("只能管理本辖区内的机构")})


@transaction.atomic
def create_agency(actor: User, **fields) -> Agency:
    """A department at a division of the jurisdiction; its parent is the same kind one level up."""
    region = fields["region"]
    _check_agency(actor, "add", region.code)
    if Agency.objects.filter(region=region, kind=fields["kind"]).exists():
        raise ValidationError({"kind": _("该区划已有此类机构")})
    if "parent" not in fields and region.parent_id:
        fields["parent"] = Agency.objects.filter(
            region_id=region.parent_id, kind=fields["kind"]
        ).first()
    agency = Agency(**fields)
    agency.full_clean()
    agency.save()
    audit.record(
        "agency.create", obj=agency, actor=actor, after=audit.snapshot(agency, _AGENCY_FIELDS)
    )
    return agency


@transaction.atomic
def update_agency(actor: User, agency: Agency, **changes) -> Agency:
    _check_agency(actor, "change", agency.region_id)
    before = audit.snapshot(agency, _AGENCY_FIELDS)
    for name, value in changes.items():
        setattr(agency, name, value)
    agency.full_clean()
    agency.save()
    audit.record(
        "agency.update",
        obj=agency,
        actor=actor,
        before=before,
        after=audit.snapshot(agency, _AGENCY_FIELDS),
    )
    return agency


def notify(users, text: str, url: str = "") -> int:
    """In-app notices, written with the change that caused them (same transaction)."""
    from .models import Notification

    rows = [Notification(user=u, text=text[:300], url=url) for u in users]
    Notification.objects.bulk_create(rows)
    return len(rows)


def leaders_of(agency: Agency, roles: tuple[str, ...]) -> list[User]:
    return list(User.objects.filter(agency=agency, role__in=roles, is_active=True))


@memo(60)
def agency_for(region_code: str, kind: str = AgencyKind.HRSS) -> Agency | None:
    """The bureau of `kind` answering for a division: its own, else the nearest one above it (a
    county without its own housing bureau answers to the prefecture's)."""
    node: Region | None = Region.objects.select_related("parent").filter(code=region_code).first()
    while node is not None:
        agency = Agency.objects.filter(region=node, kind=kind).first()
        if agency:
            return agency
        node = node.parent
    return None
