import pytest

from tests import factories


@pytest.fixture
def raw(db):
    """A valid public submission from a worker at a Wuhou building site, a new reporter each
    call (`tests.factories.clue_submission`)."""
    people = factories.people()

    def _raw(**over):
        return factories.clue_submission(people, **over)

    return _raw
