"""`wageguard demo`: Sichuan's bureaus and one user per role, re-runnable without duplicates."""

import os
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction

from wageguard.core import audit
from wageguard.demo.clues import seed as seed_clues
from wageguard.org.bootstrap import create_agencies, ensure_agency
from wageguard.org.models import AgencyKind, User
from wageguard.org.rules import Role
from wageguard.regions.loader import load_regions
from wageguard.regions.models import Region

from .bank_profiles import seed as seed_bank_profiles
from .campaigns import seed as seed_campaigns
from .case_projects import seed as seed_case_projects
from .dispatch import seed as seed_dispatch
from .enforcement import seed as seed_cases
from .opinion import seed as seed_opinion
from .projects import seed as seed_projects
from .publicity import seed as seed_publicity
from .synthetic import Synthetic, counties_of
from .warnings import seed as seed_warnings

DEFAULT_PASSWORD = "wageguard-demo"
CHENGDU, WUHOU, JINJIANG = "510100", "510107", "510104"


@dataclass(frozen=True)
class DemoUser:
    username: str
    role: str
    region: str  # "province" or a division code
    kind: str = AgencyKind.HRSS


def demo_users(province_code: str) -> list[DemoUser]:
    province = f"{province_code}0000"
    users = [
        DemoUser("province-admin", Role.ADMIN, province),
        DemoUser("province-taskforce", Role.TASKFORCE, province),
        DemoUser("province-supervisor", Role.SUPERVISOR, province),
        DemoUser("province-inspector", Role.INSPECTOR, province),
        DemoUser("province-clerk", Role.CLERK, province),
        DemoUser("province-liaison", Role.LIAISON, province, AgencyKind.HOUSING),
        DemoUser("auditor", Role.AUDITOR, province),
        DemoUser("province-housing", Role.DEPARTMENT, province, AgencyKind.HOUSING),
    ]
    if province_code == "51":
        users += [
            DemoUser("chengdu-admin", Role.ADMIN, CHENGDU),
            DemoUser("chengdu-supervisor", Role.SUPERVISOR, CHENGDU),
            DemoUser("chengdu-inspector", Role.INSPECTOR, CHENGDU),
            DemoUser("chengdu-clerk", Role.CLERK, CHENGDU),
            DemoUser("chengdu-liaison", Role.LIAISON, CHENGDU, AgencyKind.HOUSING),
            DemoUser("chengdu-auditor", Role.AUDITOR, CHENGDU),
            DemoUser("wuhou-admin", Role.ADMIN, WUHOU),
            DemoUser("wuhou-leader", Role.SUPERVISOR, WUHOU),
            DemoUser("wuhou-inspector", Role.INSPECTOR, WUHOU),
            DemoUser("wuhou-inspector2", Role.INSPECTOR, WUHOU),
            DemoUser("wuhou-clerk", Role.CLERK, WUHOU),
            DemoUser("wuhou-liaison", Role.LIAISON, WUHOU, AgencyKind.HOUSING),
            DemoUser("wuhou-auditor", Role.AUDITOR, WUHOU),
            DemoUser("jinjiang-inspector", Role.INSPECTOR, JINJIANG),
            DemoUser("chengdu-housing", Role.DEPARTMENT, CHENGDU, AgencyKind.HOUSING),
        ]
        # A department user per kind of agency in 武侯区 (wuhou-housing, wuhou-transport...): they
        # see and answer only what 武侯区's bureau assigned to their department.
        users += [
            DemoUser(f"wuhou-{kind}", Role.DEPARTMENT, WUHOU, kind)
            for kind in AgencyKind.values
            if kind != AgencyKind.HRSS
        ]
    return users


def demo_password() -> str:
    return os.environ.get("WAGEGUARD_DEMO_PASSWORD") or DEFAULT_PASSWORD


@transaction.atomic
def seed(size: str = "small", with_clues: bool = True) -> list[tuple[DemoUser, User]]:
    """Loads divisions, creates the province's agencies and the demo users; safe to run again.

    `size` chooses the volume of domain data (clues, cases...) that the domain apps add on top.
    """
    province_code = settings.WAGEGUARD_PROVINCE
    load_regions()
    create_agencies(province_code)
    other_kinds = [k for k in AgencyKind.values if k != AgencyKind.HRSS]
    anchors = Region.objects.filter(
        code__in=[f"{province_code}0000", CHENGDU, WUHOU, JINJIANG]
    ) | Region.objects.filter(province_code=province_code, level="city")
    for region in anchors:
        for kind in other_kinds:
            ensure_agency(region, kind)

    names = Synthetic(counties_of(province_code), seed=7)
    password = demo_password()
    out = []
    for spec in demo_users(province_code):
        agency = ensure_agency(Region.objects.get(code=spec.region), spec.kind)
        user, _created = User.objects.get_or_create(
            username=spec.username,
            defaults={"agency": agency, "role": spec.role, "full_name": names.name()},
        )
        user.agency, user.role, user.is_active = agency, spec.role, True
        user.set_password(password)
        user.save()
        out.append((spec, user))
    clues = seed_clues(size) if with_clues else 0
    cases = seed_cases(size) if with_clues else 0
    projects = seed_projects(size, province_code) if with_clues else 0
    warnings = seed_warnings(province_code) if with_clues else 0
    linked = seed_case_projects() if with_clues else 0
    bank_profiles = seed_bank_profiles(province_code)
    ledger_items = seed_campaigns(province_code) if with_clues else 0
    progress_reports = seed_dispatch() if with_clues else 0
    opinion_items = seed_opinion() if with_clues else 0
    typical_cases, publicity_entries = seed_publicity() if with_clues else (0, 0)
    audit.record(
        "demo.seed",
        after={
            "size": size,
            "users": len(out),
            "clues": clues,
            "cases": cases,
            "projects": projects,
            "warnings_moved": warnings,
            "cases_on_projects": linked,
            "bank_profiles": bank_profiles,
            "ledger_items": ledger_items,
            "progress_reports": progress_reports,
            "opinion_items": opinion_items,
            "typical_cases": typical_cases,
            "publicity_entries": publicity_entries,
        },
    )
    return out


def print_logins(rows: list[tuple[DemoUser, User]]) -> None:
    print(f"\n演示账号（密码：{demo_password()}）/ demo logins (password above):")
    for spec, user in rows:
        print(f"  {spec.username:<22} {user.get_role_display():<12} {user.agency.name}")
    print()
