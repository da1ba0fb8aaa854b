"""The assignments' one filter, serving the list page and the API list alike."""

from __future__ import annotations

from datetime import date

from django.db.models import Q, QuerySet

from .rules import AssignmentState


def overdue_q(today: date) -> Q:
    """Still waiting for the department's answer after the reply deadline (rules.is_overdue)."""
    return Q(state=AssignmentState.ASSIGNED, due_date__lt=today)


def filter_assignments(qs: QuerySet, data: dict, today: date) -> QuerySet:
    """Each key is optional: `state`, `overdue` (True / False), `agency` (the answering one)."""
    if data.get("state"):
        qs = qs.filter(state=data["state"])
    if data.get("overdue") is True:
        qs = qs.filter(overdue_q(today))
    elif data.get("overdue") is False:
        qs = qs.exclude(overdue_q(today))
    if data.get("agency"):
        qs = qs.filter(agency_id=data["agency"])
    return qs
