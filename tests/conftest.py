"""Shared fixtures: the real division table loaded once per run, and users at any level."""

import os

os.environ.setdefault("WAGEGUARD_TESTING", "1")

import pytest


def pytest_configure(config) -> None:
    from django.conf import settings

    settings.VAR_DIR.mkdir(parents=True, exist_ok=True)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test sees all of China's divisions like production; routing and scoping need them."""
    from wageguard.regions.loader import load_regions

    with django_db_blocker.unblock():
        load_regions()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit windows and cached settings must not leak from one test into the next."""
    from django.core.cache import cache

    from wageguard.core.memo import clear_all

    cache.clear()
    clear_all()


@pytest.fixture(autouse=True)
def _regions_present(request):
    """Transactional tests (the browser ones) flush every table; reload the divisions after them."""
    yield
    if "transactional_db" in request.fixturenames or "live_server" in request.fixturenames:
        from wageguard.regions.loader import load_regions

        load_regions()


@pytest.fixture
def make_user(db):
    """make_user("u1", "inspector", "510107") -> a user at that division's HRSS bureau."""
    from wageguard.org.bootstrap import ensure_agency
    from wageguard.org.models import User
    from wageguard.regions.models import Region

    def _make(username: str, role: str, region_code: str, kind: str = "hrss", **extra):
        agency = ensure_agency(Region.objects.get(code=region_code), kind)
        user = User.objects.create_user(
            username=username, password="pw-" + username, agency=agency, role=role, **extra
        )
        return user

    return _make
