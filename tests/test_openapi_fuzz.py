"""Schemathesis over /api/v1/openapi.json (issue 3, "Done when"): no server error, no response that
breaks the documented schema, no undocumented content type.

Bounded for CI: a few deterministic (derandomized) examples per operation, in-process through the
WSGI app on pytest-django's database, with the bearer token of a 武侯区 inspector who has a clue and
a public-opinion item of their own, so the read and transition routes reach real rows (the spec's
examples name id 1, which is what a fresh SQLite test database gives them). The dispatch rounds,
which a county cannot reach, run again as the province's task force and as 成都's leader. The
public rate limit is raised for the run. Every check schemathesis has runs, status-code
conformance included: each route's 4xx answers are declared once, from its shape, by
`wageguard.core.api.openapi`.
"""

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase
from hypothesis import settings as hsettings
from schemathesis.checks import CHECKS as REGISTRY
from schemathesis.checks import is_check_class, load_all_checks
from schemathesis.config import PositiveDataAcceptanceConfig

load_all_checks()
# Every check function schemathesis registers (class-based checks run on their own).
CHECKS = [c for c in REGISTRY.get_all() if not is_check_class(c)]
EXAMPLES_PER_OPERATION = 25


@pytest.fixture
def _keep_test_connection():
    """The WSGI handler closes the connection around each request (CONN_MAX_AGE 0), which would
    end the test's transaction; Django's own test client unhooks that signal the same way."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def fuzz_token(db, _keep_test_connection, make_user, settings):
    """A 武侯区 inspector's bearer token, with one Wuhou clue so ids and codes hit real rows."""
    from tests import factories
    from wageguard.org.services import create_token

    settings.WAGEGUARD_PUBLIC_RATE = "100000/60"
    user = make_user("fuzz-wuhou", "inspector", "510107")
    factories.clue_intake(factories.clue_submission(employer_name="成都鑫华建筑工程有限公司"))
    _opinion_item(user)
    _token, key = create_token(None, user, "schemathesis")
    return key


def _opinion_item(user):
    from django.utils import timezone

    from wageguard.dispatch.opinion import services as opinion
    from wageguard.regions.models import Region

    return opinion.create(
        user,
        opinion.OpinionData(
            source="weibo",
            source_url="https://weibo.com/fuzz",
            title="工地工人讨薪",
            summary="网友反映工地拖欠工资",
            seen_at=timezone.now(),
            region=Region.objects.get(code="510107"),
        ),
    )


@pytest.fixture(params=["province", "prefecture"])
def rounds_token(request, db, _keep_test_connection, make_user, settings):
    """The province's task force (starts rounds, returns reports) or 成都's leader (submits its
    own report), over one round of the province: report 1 is 成都's, waiting to be submitted."""
    import datetime as dt

    from django.utils import timezone

    from wageguard.dispatch.rounds import services as rounds
    from wageguard.org.services import create_token

    province = make_user("fuzz-province", "taskforce", "510000")
    today = timezone.localdate()
    rounds.create_round(
        province,
        title="冬季专项行动调度",
        start=today - dt.timedelta(days=6),
        end=today,
        due_date=today + dt.timedelta(days=2),
        cadence="weekly",
    )
    user = province if request.param == "province" else make_user("fuzz-cd", "supervisor", "510100")
    _token, key = create_token(None, user, "schemathesis")
    return key


def _load_schema():
    """The spec as the server publishes it, fetched through the WSGI app (no database needed).

    Loaded at collection so each operation is its own test item (schemathesis' lazy
    `from_fixture` relies on a pytest internal that pytest 9 removed).
    """
    from django.core.wsgi import get_wsgi_application

    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


schema = _load_schema()
# A request can match the spec and still break a domain rule (an agency outside the caller's
# jurisdiction, a file that is not .xlsx, an unknown state): the answer is then a 422 naming the
# field, which positive-data acceptance must take as an answer rather than a refusal of valid data.
schema.config.checks.positive_data_acceptance = PositiveDataAcceptanceConfig(
    expected_statuses=["2xx", "3xx", "401", "403", "404", "409", "422", "429", "5xx"]
)


@schema.parametrize()
@hsettings(
    max_examples=EXAMPLES_PER_OPERATION,
    derandomize=True,
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
@pytest.mark.django_db
def test_api_conforms_to_its_schema(case, fuzz_token):
    case.call_and_validate(headers={"Authorization": f"Bearer {fuzz_token}"}, checks=CHECKS)


@schema.include(path_regex=r"^/api/v1/dispatch-rounds").parametrize()
@hsettings(
    max_examples=EXAMPLES_PER_OPERATION,
    derandomize=True,
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
@pytest.mark.django_db
def test_dispatch_rounds_conform_as_province_and_prefecture(case, rounds_token):
    case.call_and_validate(headers={"Authorization": f"Bearer {rounds_token}"}, checks=CHECKS)


# Regressions for what the fuzzer found, pinned so a smaller run still covers them.
@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/clues?offset=1261085926467222575842401892433920",
        "/api/v1/channel-checks?limit=100000000000000000000000",
        "/api/v1/clues?assignee=ApiTokenQuerySet",
    ],
)
def test_found_by_fuzzing_list_params(client, fuzz_token, url):
    response = client.get(url, HTTP_AUTHORIZATION=f"Bearer {fuzz_token}")
    assert response.status_code == 422, response.content


def test_found_by_fuzzing_ancient_received_at(client, fuzz_token):
    body = {
        "channel": "inspection",
        "employer_name": "ys",
        "work_address": "成都市武侯区人民南路1号",
        "description": "x",
        "received_at": "0412-12-22T14:58:22+11:58",
    }
    response = client.post(
        "/api/v1/clues",
        body,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {fuzz_token}",
    )
    assert response.status_code == 422, response.content
    assert response.json()["field"] == "received_at"


@pytest.mark.parametrize(
    "url",
    ["/api/v1/calendar/is-workday?date=0", "/api/v1/channel-checks?date_to=0"],
)
def test_found_by_fuzzing_numbers_are_not_dates(client, fuzz_token, url):
    """pydantic would read 0 as the Unix epoch; the spec promises `format: date`."""
    response = client.get(url, HTTP_AUTHORIZATION=f"Bearer {fuzz_token}")
    assert response.status_code == 422, response.content
    assert response.json()["code"] == "validation_error"


def test_found_by_fuzzing_unmatched_api_url_answers_json(client, fuzz_token):
    response = client.get(
        "/api/v1/channel-checks/null,null", HTTP_AUTHORIZATION=f"Bearer {fuzz_token}"
    )
    assert response.status_code == 404
    assert response.json() == {
        "code": "not_found",
        "message": "对象不存在或不在您的辖区内",
        "field": None,
    }


def test_unmatched_page_url_still_answers_a_page(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_found_by_fuzzing_oversized_body_answers_json(client, fuzz_token, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100
    response = client.post(
        "/api/v1/regions/route",
        {"addresses": ["成都市武侯区" * 50]},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {fuzz_token}",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "bad_request"
