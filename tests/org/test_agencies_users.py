"""Agencies of a province, user administration inside one's jurisdiction, roles and login."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from wageguard.org import services
from wageguard.org.bootstrap import create_agencies
from wageguard.org.models import Agency, AgencyKind, User
from wageguard.org.rules import Role

pytestmark = pytest.mark.django_db


def test_bootstrap_creates_every_sichuan_bureau_once_with_its_chain():
    first = create_agencies("51")
    again = create_agencies("51")
    hrss = Agency.objects.filter(kind=AgencyKind.HRSS, region__province_code="51")
    assert first["total"] == 1 + 21 + 183 == hrss.count()
    assert again["created"] == 0
    wuhou = hrss.get(region_id="510107")
    assert wuhou.name == "武侯区人力资源和社会保障局"
    assert wuhou.parent.region_id == "510100"
    assert wuhou.parent.parent.region_id == "510000"
    assert wuhou.parent.parent.name == "四川省人力资源和社会保障厅"
    assert wuhou.short_name == "武人社"


def test_jurisdiction_of_each_level(make_user):
    county = make_user("c", Role.INSPECTOR, "510107")
    city = make_user("ci", Role.SUPERVISOR, "510100")
    province = make_user("p", Role.TASKFORCE, "510000")
    assert county.jurisdiction_region_ids() == ["510107"]
    assert set(city.jurisdiction_region_ids()) >= {"510100", "510107", "510104", "510117"}
    assert "511102" not in city.jurisdiction_region_ids()  # 乐山市中区 is another city's
    assert len(city.jurisdiction_region_ids()) == 21  # 成都市 and its 20 counties
    assert province.jurisdiction_region_ids() is None  # the whole deployed province
    assert province.in_jurisdiction("513402")


def test_restrict_shows_agencies_only_within_jurisdiction(make_user):
    create_agencies("51")
    county = make_user("c", Role.INSPECTOR, "510107")
    city = make_user("ci", Role.SUPERVISOR, "510100")
    assert list(Agency.objects.restrict(county).values_list("region_id", flat=True)) == ["510107"]
    city_codes = set(Agency.objects.restrict(city).values_list("region_id", flat=True))
    assert "510107" in city_codes and "510302" not in city_codes
    anonymous = type("Anon", (), {"is_authenticated": False})()
    assert not Agency.objects.restrict(anonymous).exists()


def test_role_without_permission_sees_nothing(make_user):
    clerk = make_user("clerk", Role.CLERK, "510107")
    make_user("other", Role.INSPECTOR, "510107")
    assert not User.objects.restrict(clerk).exists()


def test_city_admin_cannot_create_provincial_or_other_city_users(make_user):
    admin = make_user("cd-admin", Role.ADMIN, "510100")
    province_agency = make_user("p", Role.INSPECTOR, "510000").agency
    other_city = make_user("zg", Role.INSPECTOR, "510300").agency
    wuhou = make_user("w", Role.INSPECTOR, "510107").agency
    for agency in (province_agency, other_city):
        with pytest.raises(ValidationError) as err:
            services.create_user(
                admin, username="x", password="Pw-123456789", agency=agency, role=Role.INSPECTOR
            )
        assert "agency" in err.value.message_dict
    with pytest.raises(ValidationError) as err:
        services.create_user(
            admin, username="x", password="Pw-123456789", agency=wuhou, role=Role.TASKFORCE
        )
    assert "role" in err.value.message_dict
    user = services.create_user(
        admin, username="x", password="Pw-123456789", agency=wuhou, role=Role.CLERK
    )
    assert user.check_password("Pw-123456789")
    visible = set(User.objects.restrict(admin).values_list("username", flat=True))
    assert visible == {"cd-admin", "w", "x"}


def test_non_admin_cannot_manage_users(make_user):
    inspector = make_user("i", Role.INSPECTOR, "510107")
    with pytest.raises(PermissionDenied):
        services.create_user(
            inspector,
            username="x",
            password="Pw-123456789",
            agency=inspector.agency,
            role=Role.CLERK,
        )


def test_user_admin_pages_are_limited_to_jurisdiction(client, make_user):
    admin = make_user("cd-admin", Role.ADMIN, "510100")
    make_user("zigong-user", Role.INSPECTOR, "510300")
    client.force_login(admin)
    page = client.get(reverse("user-list")).content.decode()
    assert "cd-admin" in page and "zigong-user" not in page
    form = client.get(reverse("user-create")).content.decode()
    assert "武侯区人力资源和社会保障局" in form or "成都市人力资源和社会保障局" in form
    assert "自贡市人力资源和社会保障局" not in form
    assert "省级专班" not in form  # task force is the province's to appoint


def test_create_user_through_the_page_and_audit(client, make_user):
    from wageguard.core.models import AuditEvent

    admin = make_user("w-admin", Role.ADMIN, "510107")
    client.force_login(admin)
    response = client.post(
        reverse("user-create"),
        {
            "username": "new-clerk",
            "full_name": "张三",
            "phone": "13800000000",
            "agency": admin.agency_id,
            "role": Role.CLERK,
            "is_active": "on",
            "password1": "Sichuan-2026-wage",
            "password2": "Sichuan-2026-wage",
        },
    )
    assert response.status_code == 302
    created = User.objects.get(username="new-clerk")
    assert created.agency == admin.agency and created.role == Role.CLERK
    event = AuditEvent.objects.filter(action="user.create").latest("seq")
    assert event.actor_name == "w-admin" and event.after["username"] == "new-clerk"


def test_bad_user_form_names_the_field(client, make_user):
    admin = make_user("w-admin", Role.ADMIN, "510107")
    client.force_login(admin)
    response = client.post(
        reverse("user-create"), {"username": "", "password1": "a", "password2": "b"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-field="username"' in body and 'data-field="password2"' in body
    assert not User.objects.filter(username="").exists()


def test_login_lockout_after_repeated_failures(client, make_user, settings):
    make_user("w-insp", Role.INSPECTOR, "510107")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "w-insp", "password": "wrong"})
    locked = client.post(reverse("login"), {"username": "w-insp", "password": "pw-w-insp"})
    assert locked.status_code == 429
    assert "锁定" in locked.content.decode()


def test_login_and_failed_login_are_audited(client, make_user):
    from wageguard.core.models import AuditEvent

    make_user("w-insp", Role.INSPECTOR, "510107")
    client.post(reverse("login"), {"username": "w-insp", "password": "wrong"})
    assert (
        client.post(reverse("login"), {"username": "w-insp", "password": "pw-w-insp"}).status_code
        == 302
    )
    actions = list(AuditEvent.objects.order_by("seq").values_list("action", flat=True))
    assert actions[-2:] == ["auth.login_failed", "auth.login"]


def test_passwords_are_hashed_with_argon2_outside_tests(settings):
    from wageguard import settings as wg_settings

    assert (
        "Argon2PasswordHasher" in [h.rsplit(".", 1)[-1] for h in wg_settings.PASSWORD_HASHERS][:2]
    )
    assert settings.SESSION_COOKIE_AGE <= 8 * 3600 and settings.SESSION_EXPIRE_AT_BROWSER_CLOSE


def test_password_change(client, make_user):
    user = make_user("w-insp", Role.INSPECTOR, "510107")
    client.force_login(user)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "pw-w-insp",
            "new_password1": "Another-2026-pass",
            "new_password2": "Another-2026-pass",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Another-2026-pass")


def test_home_page_shows_only_what_the_role_may_use(client, make_user):
    inspector = make_user("w-insp", Role.INSPECTOR, "510107")
    client.force_login(inspector)
    page = client.get(reverse("home")).content.decode()
    assert "劳动保障监察员" in page and "武侯区人力资源和社会保障局" in page
    assert reverse("user-list") not in page and reverse("audit:list") not in page
    admin = make_user("w-admin", Role.ADMIN, "510107")
    client.force_login(admin)
    assert reverse("user-list") in client.get(reverse("home")).content.decode()


def test_admin_creates_and_edits_agencies_only_in_jurisdiction(client, make_user):
    from wageguard.regions.models import Region

    admin = make_user("cd-admin", Role.ADMIN, "510100")
    client.force_login(admin)
    ok = client.post(
        reverse("agency-create"),
        {"kind": "transport", "region": "510107", "name": "武侯区交通运输局", "short_name": "武交"},
    )
    assert ok.status_code == 302
    created = Agency.objects.get(region_id="510107", kind="transport")
    assert created.parent is None or created.parent.region_id == "510100"
    refused = client.post(
        reverse("agency-create"), {"kind": "transport", "region": "510302", "name": "x"}
    )
    assert refused.status_code == 200 and 'data-field="region"' in refused.content.decode()
    assert not Agency.objects.filter(region_id="510302", kind="transport").exists()
    with pytest.raises(ValidationError):
        services.create_agency(
            admin, kind="water", region=Region.objects.get(code="510302"), name="x"
        )
    edit = client.post(
        reverse("agency-detail", args=[created.pk]),
        {"name": "武侯区交通局", "short_name": "武交", "phone": "028-1", "active": "on"},
    )
    assert edit.status_code == 302
    created.refresh_from_db()
    assert created.name == "武侯区交通局"
    inspector = make_user("i", Role.INSPECTOR, "510100")
    client.force_login(inspector)
    assert (
        client.post(reverse("agency-detail", args=[created.pk]), {"name": "x"}).status_code == 403
    )


def test_home_shows_ones_own_notices_and_marks_them_read(client, make_user):
    from wageguard.org.services import notify

    leader = make_user("w-leader", Role.SUPERVISOR, "510107")
    other = make_user("jj-leader", Role.SUPERVISOR, "510104")
    notify([leader], "紧急线索 XS123：涉及 25 名劳动者", "/clues/1/")
    notify([other], "锦江区的通知", "")
    client.force_login(leader)
    page = client.get(reverse("home")).content.decode()
    assert "紧急线索 XS123" in page and "锦江区的通知" not in page
    client.post(reverse("notifications-read"))
    assert "紧急线索 XS123" not in client.get(reverse("home")).content.decode()
    assert other.notifications.filter(read_at__isnull=True).count() == 1
