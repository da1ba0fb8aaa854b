"""Fixtures for the regions tests: a signed-in staff member with no jurisdiction-specific data."""

import pytest


@pytest.fixture
def staff(db):
    from wageguard.org.models import User

    return User.objects.create_user(
        username="region-reader", password="pw-reader-2026", role="inspector"
    )


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client
