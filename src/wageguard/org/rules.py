"""Roles and what each may do: the one permission table every app asks through `user.can()`.

Actions are `view`, `add`, `change`, `delete` plus domain verbs later issues add; models are named
by their label (`org.user`). A `*` stands for any model or any action.
"""

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CLERK = "clerk", _("受理登记员")
    INSPECTOR = "inspector", _("劳动保障监察员")
    SUPERVISOR = "supervisor", _("分管领导")
    TASKFORCE = "taskforce", _("省级专班")
    LIAISON = "liaison", _("行业主管部门联络员")
    DEPARTMENT = "department", _("成员单位办理人")
    AUDITOR = "auditor", _("审计员")
    ADMIN = "admin", _("系统管理员")


# Reference data every signed-in user may read.
_REFERENCE = {("regions.region", "view"), ("regions.regionalias", "view"), ("org.agency", "view")}

# Clue work (受理、核查、答复): who may take each workflow action (clues.rules.Action).
_CLUE_INTAKE = {
    ("clues.clue", a)
    for a in ("view", "add", "accept", "reject", "transfer", "merge", "unmerge", "export")
}
_CLUE_HANDLING = _CLUE_INTAKE | {
    ("clues.clue", a)
    for a in (
        "change",
        "start_verification",
        "resolve",
        "mark_unsubstantiated",
        "refer",
        "convert_to_case",
        "reply",
        "close",
        "reopen",
    )
}
_CLUE_SUPERVISION = {("clues.clue", a) for a in ("view", "export", "supervise", "transfer")}

# Case work (立案、调查、处理、结案): inspectors carry cases; the bureau leader (supervisor) also
# approves an extension of the investigation period (Decree 423 art. 17).
# "investigate" records inspectors, interviews, evidence, ledger checks and statements; "issue"
# takes measures and generates their documents; "transfer" hands a case to the police.
_CASE_HANDLING = {
    ("cases.enforcementcase", a)
    for a in (
        "view",
        "file",
        "start_investigation",
        "investigate",
        "request_extension",
        "decide",
        "issue",
        "transfer",
        "close",
    )
} | {("cases.documenttemplate", "view")}
_CASE_LEADING = _CASE_HANDLING | {
    ("cases.enforcementcase", "approve_extension"),
    ("cases.documenttemplate", "change"),
}

# Credit discipline (Order 45) and publication (Order 29): inspectors propose and carry the
# steps; the bureau leader decides listings, removals and approves publication batches
# ("whoever enforces decides and is accountable").
_CREDIT_HANDLING = {
    ("credit.creditlisting", a) for a in ("view", "propose", "notify", "record_defence", "export")
} | {
    ("credit.watchlistentry", "view"),
    ("credit.watchlistentry", "add"),
    ("publication.publicationbatch", "view"),
    ("publication.publicationbatch", "add"),
    ("publication.publicationbatch", "submit"),
}
_CREDIT_LEADING = _CREDIT_HANDLING | {
    ("credit.creditlisting", "decide"),
    ("credit.creditlisting", "remove"),
    ("publication.publicationbatch", "approve"),
    ("publication.publicationbatch", "publish"),
}
_CREDIT_READING = {
    ("credit.creditlisting", "view"),
    ("credit.creditlisting", "export"),
    ("credit.watchlistentry", "view"),
    ("publication.publicationbatch", "view"),
}

# Publicity (宣传): inspectors draft typical cases (典型案例) from their bureau's decided cases and
# log publicity activities; the bureau leader publishes and withdraws typical cases, as they
# approve publication batches; the task force reads them and logs the province's own publicity.
_PUBLICITY_DRAFTING = {
    ("publication.typicalcase", "view"),
    ("publication.typicalcase", "add"),
    ("publication.publicityentry", "view"),
    ("publication.publicityentry", "add"),
}
_PUBLICITY_LEADING = _PUBLICITY_DRAFTING | {("publication.typicalcase", "publish")}
_PUBLICITY_READING = {
    ("publication.typicalcase", "view"),
    ("publication.publicityentry", "view"),
    ("publication.publicityentry", "add"),
}

# Channel checks (暗访/测试) and the one problem ledger (campaigns): checkers record checks; the
# responsible bureau reports rectification with evidence ("rectify"); a second person above it
# verifies and closes or returns items ("close"), supervises them (督办, "supervise") and notifies
# (通报) or records accountability (问责) ("notify"). Supervisors and the task force launch
# campaigns (专项行动).
_CHANNEL_CHECKS = {
    ("inspections.channelcheck", "view"),
    ("inspections.channelcheck", "add"),
    ("campaigns.ledgeritem", "view"),
    ("campaigns.campaign", "view"),
}

_LEDGER_LEADING = {("campaigns.ledgeritem", a) for a in ("close", "supervise", "notify")} | {
    ("campaigns.campaign", "add")
}

# Sweeps (拉网式排查, campaigns.sweep): inspectors visit the targets assigned to their team;
# supervisors and the task force plan sweeps (targets, teams, assignment, random draws).
_SWEEP_VISIT = {("campaigns.sweep", "view"), ("campaigns.sweep", "visit")}
_SWEEP_PLAN = {("campaigns.sweep", "view"), ("campaigns.sweep", "plan")}
# Coordination (campaigns.coordination): the leading group's member units and contacts per level,
# kept by the HRSS bureau of the division (the group's office sits there); assignments (交办) to
# other departments, made, accepted or returned by the bureau's leaders ("decide") and answered
# by the department's own users. A department user ("department") reads and answers only what was
# assigned to their agency (Assignment.restrict_extra) and nothing else in the product.
_GROUP_READING = {("campaigns.leadinggroup", "view")}
_GROUP_KEEPING = _GROUP_READING | {("campaigns.leadinggroup", "change")}
_ASSIGNMENTS_READING = {("campaigns.assignment", "view")}
_ASSIGNMENTS_LEADING = {("campaigns.assignment", a) for a in ("view", "add", "decide")}
_DEPARTMENT = {("campaigns.assignment", "view"), ("campaigns.assignment", "answer")}

# Construction projects and their core systems: the county's inspectors register and keep them;
# an industry department's liaison reads the projects it answers for (projects.models).
_PROJECTS = {("projects.project", a) for a in ("view", "add", "change")} | {
    ("projects.warning", a)
    for a in ("view", "assign", "handle", "refer", "verify", "reject", "close", "dismiss")
}
_PROJECTS_READING = {("projects.project", "view"), ("projects.warning", "view")}

# Dispatch (调度): the KPIs by region and period, read by the bureau leader and the task force.
# "dispatch.kpi" names no model: the figures are computed from the other apps' records, each
# read through its own restrict().
_DISPATCH_READING = {("dispatch.kpi", "view")}
# Progress reports (进展情况): the province's leaders and task force start dispatch rounds and
# return reports ("request", checked at the province in dispatch/rounds/services.py); a
# prefecture's bureau leader writes its own ("submit", checked at the prefecture's own bureau).
_ROUNDS_REQUESTING = {("dispatch.progressreport", a) for a in ("view", "request")}
_ROUNDS_REPORTING = {("dispatch.progressreport", a) for a in ("view", "submit")}
# Public opinion linkage (舆情联动): those who handle clues enter items, verify them, link them
# to a clue or case and publish the response, each in their own jurisdiction.
_OPINION = {("dispatch.opinionitem", a) for a in ("view", "add", "handle")}
# The industry department's liaison reads its projects' warnings and records what it did.
_PROJECTS_LIAISON = _PROJECTS_READING | {("projects.warning", "handle")}

PERMISSIONS: dict[str, set[tuple[str, str]]] = {
    Role.CLERK: _REFERENCE | _CLUE_INTAKE | _GROUP_READING,
    Role.INSPECTOR: _REFERENCE
    | _CLUE_HANDLING
    | _CASE_HANDLING
    | _CREDIT_HANDLING
    | _CHANNEL_CHECKS
    | _PROJECTS
    | _SWEEP_VISIT
    | {("campaigns.ledgeritem", "rectify")}
    | _OPINION
    | _PUBLICITY_DRAFTING,
    Role.SUPERVISOR: _REFERENCE
    | _CLUE_HANDLING
    | _CASE_LEADING
    | _CREDIT_LEADING
    | _CLUE_SUPERVISION
    | _CHANNEL_CHECKS
    | _PROJECTS
    | {("clues.clue", "assign"), ("org.user", "view")}
    | _LEDGER_LEADING
    | _SWEEP_PLAN
    | _SWEEP_VISIT
    | {("campaigns.ledgeritem", "rectify")}
    | _GROUP_KEEPING
    | _ASSIGNMENTS_LEADING
    | _DISPATCH_READING
    | _ROUNDS_REQUESTING
    | _ROUNDS_REPORTING
    | _OPINION
    | _PUBLICITY_LEADING,
    Role.TASKFORCE: _REFERENCE
    | _CLUE_SUPERVISION
    | {("cases.enforcementcase", "view"), ("cases.documenttemplate", "view")}
    | _CREDIT_READING
    | _CHANNEL_CHECKS
    | _PROJECTS_READING
    | _LEDGER_LEADING
    | _SWEEP_PLAN
    | {("org.user", "view")}
    | _GROUP_KEEPING
    | _ASSIGNMENTS_LEADING
    | _DISPATCH_READING
    | _ROUNDS_REQUESTING
    | _OPINION
    | _PUBLICITY_READING,
    Role.LIAISON: _REFERENCE | _PROJECTS_LIAISON,
    # Nothing but the assignments of their own agency: no reference pages, no projects.
    Role.DEPARTMENT: _DEPARTMENT,
    # The auditor reads everything, the audit log included, and changes nothing.
    Role.AUDITOR: {("*", "view")},
    Role.ADMIN: _REFERENCE
    | {
        ("org.user", "view"),
        ("org.user", "add"),
        ("org.user", "change"),
        ("org.agency", "add"),
        ("org.agency", "change"),
        ("org.apitoken", "view"),
        ("org.apitoken", "add"),
        ("org.apitoken", "change"),
        ("core.holidayyear", "view"),
        ("core.holidayyear", "change"),
        ("clues.cluesettings", "change"),
        ("cases.criminalthresholdsetting", "change"),
        ("cases.documenttemplate", "view"),
        ("cases.documenttemplate", "change"),
        ("credit.creditsettings", "change"),
        ("publication.publicationsettings", "change"),
        ("projects.warningrule", "change"),
        ("projects.feedsettings", "change"),
        ("projects.depositsettings", "change"),
        ("campaigns.leadinggroup", "view"),
        ("campaigns.leadinggroup", "change"),
        ("campaigns.assignmentsettings", "change"),
    },
}

# Roles whose work needs a person's full ID and phone number (DESIGN: Money and people).
SEES_PERSONAL_DATA = {Role.CLERK, Role.INSPECTOR, Role.SUPERVISOR, Role.TASKFORCE}


def sees_personal_data(user: Any) -> bool:
    """Whether pages, exports and the API show this user full ID and phone numbers; everyone
    else gets them masked (parties.rules.mask_*)."""
    return bool(user.is_superuser or user.role in SEES_PERSONAL_DATA)


def role_can(role: str, action: str, model_label: str) -> bool:
    granted = PERMISSIONS.get(role, set())
    return any((m == "*" or m == model_label) and (a == "*" or a == action) for m, a in granted)


# Which roles an administrator at a given agency level may hand out: nobody creates a user above
# their own level, and only the province creates task-force members.
ASSIGNABLE_ROLES = {
    "province": set(Role.values),
    "city": set(Role.values) - {Role.TASKFORCE},
    "county": set(Role.values) - {Role.TASKFORCE},
}
