"""Issue 14: the case page offers only the steps the rules would take. Each offered extension
step is performed and must not be refused; an overdue case is never offered one."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from wageguard.cases.actions import available_actions
from wageguard.cases.models import EnforcementCase
from wageguard.cases.rules import Action
from wageguard.cases.rules.preconditions import extension_refusal
from wageguard.cases.services.workflow import transition

from .conftest import direct_case

pytestmark = pytest.mark.django_db

STEPS = (Action.REQUEST_EXTENSION, Action.APPROVE_EXTENSION)


def _overdue(case):
    EnforcementCase.objects.filter(pk=case.pk).update(
        due_date=timezone.localdate() - dt.timedelta(days=3)
    )
    case.refresh_from_db()
    return case


def _requested(case, by):
    return transition(case, Action.REQUEST_EXTENSION, by, reason="案情复杂，需调取银行流水")


def _states(inspector, supervisor, colleague):
    """Cases in the states an inspector meets: filed, investigating, asked, extended, overdue."""
    from tests import factories

    filed = direct_case(inspector)
    investigating = factories.under_investigation(
        direct_case(inspector), inspector, [inspector, colleague]
    )
    asked = _requested(
        factories.under_investigation(direct_case(inspector), inspector, [inspector, colleague]),
        inspector,
    )
    extended = transition(
        _requested(direct_case(inspector), inspector), Action.APPROVE_EXTENSION, supervisor
    )
    overdue = _overdue(
        factories.under_investigation(direct_case(inspector), inspector, [inspector, colleague])
    )
    overdue_asked = _overdue(_requested(direct_case(inspector), inspector))
    return {
        "filed": filed,
        "investigating": investigating,
        "asked": asked,
        "extended": extended,
        "overdue": overdue,
        "overdue_asked": overdue_asked,
    }


def test_every_offered_extension_step_is_taken(inspector, supervisor, colleague):
    cases = _states(inspector, supervisor, colleague)
    today = timezone.localdate()
    performed = []
    for label, case in cases.items():
        for user in (inspector, supervisor):
            case = EnforcementCase.objects.get(pk=case.pk)
            for step in STEPS:
                if step not in available_actions(case, user):
                    continue
                refused = extension_refusal(
                    step,
                    extended=case.extended,
                    requested=case.extension_requested_at is not None,
                    due_date=case.due_date,
                    today=today,
                )
                assert refused is None, (label, user.username, step, refused)
                # Performing it is not refused either (then the case moves on).
                transition(case, step, user, reason="案情复杂")
                performed.append((label, step))
    assert ("filed", Action.REQUEST_EXTENSION) in performed
    assert ("asked", Action.APPROVE_EXTENSION) in performed
    assert not [p for p in performed if p[0].startswith("overdue")]


def test_overdue_case_page_offers_no_extension(client, inspector, colleague):
    from tests import factories

    case = _overdue(
        factories.under_investigation(direct_case(inspector), inspector, [inspector, colleague])
    )
    assert Action.REQUEST_EXTENSION not in available_actions(case, inspector)
    client.force_login(inspector)
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert 'data-testid="open-request_extension"' not in page
    assert "act/request_extension/" not in page


def test_refusal_matches_the_service_message(inspector, colleague):
    """What the rule says is what the service refuses with: posted anyway, the step is refused."""
    from django.core.exceptions import ValidationError

    from tests import factories

    case = _overdue(
        factories.under_investigation(direct_case(inspector), inspector, [inspector, colleague])
    )
    expected = extension_refusal(
        Action.REQUEST_EXTENSION,
        extended=False,
        requested=False,
        due_date=case.due_date,
        today=timezone.localdate(),
    )
    with pytest.raises(ValidationError) as refused:
        transition(case, Action.REQUEST_EXTENSION, inspector, reason="案情复杂")
    assert refused.value.message_dict["action"] == [expected]


def test_refused_step_comes_back_in_place_with_its_text(client, inspector, colleague):
    """Posted anyway (the page was open before the limit ran out): the form comes back on the
    case page, at its fragment, with the reason typed and the rule's error inside it."""
    from tests import factories

    case = _overdue(
        factories.under_investigation(direct_case(inspector), inspector, [inspector, colleague])
    )
    client.force_login(inspector)
    typed = "涉及三十名劳动者，需调取银行流水核对"
    response = client.post(
        reverse("cases:act", args=[case.pk, "request_extension"]),
        {"request_extension-reason": typed, "request_extension-note": ""},
    )
    page = response.content.decode()
    assert response.status_code == 400
    form = page.split('id="act-request_extension"', 1)[1].split("</form>", 1)[0]
    assert typed in form and "期限届满后不能再申请或批准延期" in form
    assert "autofocus" in form
    assert "act/request_extension/#act-request_extension" in page


def test_decide_is_offered_only_when_the_rules_allow_it(client, inspector, colleague):
    """作出处理决定 needs two inspectors and the employer heard: without them it is not offered,
    the page says what is missing; once they are there, the offered step is taken."""
    from tests import factories
    from wageguard.cases.services.investigation import record_statement

    case = factories.under_investigation(direct_case(inspector), inspector, [inspector, colleague])
    assert Action.DECIDE not in available_actions(case, inspector)
    client.force_login(inspector)
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert 'data-act="decide"' not in page and 'data-testid="decide-blockers"' in page
    assert "陈述和申辩" in page
    record_statement(case, inspector, kind="no_response", received_on=timezone.localdate())
    case = EnforcementCase.objects.get(pk=case.pk)
    assert Action.DECIDE in available_actions(case, inspector)
    assert transition(case, Action.DECIDE, inspector).state == "decided"
