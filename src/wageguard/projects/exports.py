"""项目台账 and 制度落实率 as Excel: what the project list and the rates page show, under the same
filters and the same jurisdiction, for the reports a bureau sends up.

Streamed through `core.xlsx`: projects are read `CHUNK` at a time, each chunk two queries (the
projects with their county and contractors, and the chunk's stored system statuses), so a
province's 100,000 projects never sit in memory. No personal data: units and statuses only
(never the labour officer, the roster or an account number), so every role that may view
projects gets the same columns.
"""

from __future__ import annotations

from typing import IO

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from wageguard.core.xlsx import CHUNK, Ledger

from .models import DEPARTMENTS, ProjectSystem
from .rates import RateTables
from .rules import Funding, State, Status, System

PROJECTS_TITLE = _l("项目台账")
RATES_TITLE = _l("制度落实率")


def _labels(choices) -> dict[str, str]:
    # Labels are lazy translations; openpyxl writes only plain values.
    return {key: str(label) for key, label in choices}


def project_columns() -> list[tuple[str, int]]:
    return [
        (_("项目名称"), 32),
        (_("项目编码"), 20),
        (_("辖区"), 18),
        (_("状态"), 8),
        (_("建设单位"), 28),
        (_("施工总承包单位"), 28),
        (_("行业主管部门"), 16),
        (_("投资类型"), 14),
        (_("合同金额（元）"), 16),
        (_("开工日期"), 11),
        *((str(system.label), 14) for system in System),
        (_("核心制度全部落实"), 10),
    ]


def write_projects(qs: QuerySet) -> Ledger:
    """The ledger of `qs` (already restricted and filtered), ready to save."""
    states, fundings, statuses = (
        _labels(c) for c in (State.choices, Funding.choices, Status.choices)
    )
    departments = {k.value: str(k.label) for k in DEPARTMENTS}
    not_assessed, yes, no = _("未评估"), _("是"), _("否")
    systems = Prefetch("systems", ProjectSystem.objects.only("project_id", "system", "status"))
    rows = (
        qs.select_related("region", "developer", "general_contractor")
        .prefetch_related(systems)
        .order_by("-started_on", "-pk")
    )
    ledger = Ledger(str(PROJECTS_TITLE), project_columns())
    for project in rows.iterator(chunk_size=CHUNK):
        status = {row.system: row.status for row in project.systems.all()}
        ledger.append(
            [
                project.name,
                project.code,
                f"{project.region.name}（{project.region_id}）",
                states.get(project.state, project.state),
                project.developer.name,
                project.general_contractor.name,
                departments.get(project.department, project.department),
                fundings.get(project.funding, project.funding),
                ledger.money(project.contract_value),
                ledger.date(project.started_on),
                *(
                    statuses.get(status[s], status[s]) if s in status else not_assessed
                    for s in System
                ),
                yes if project.applies_all else no,
            ]
        )
    return ledger


def build_projects(qs: QuerySet) -> tuple[IO[bytes], int]:
    """The workbook in a temporary file (deleted when closed), rewound, and its row count."""
    ledger = write_projects(qs)
    return ledger.save(), ledger.rows


def _rate_columns(first: str) -> list[tuple[str, int]]:
    return [
        (first, 22),
        (_("在建项目"), 10),
        (_("全部落实"), 10),
        (_("落实率"), 10),
    ]


def write_rates(tables: RateTables) -> Ledger:
    """The rates page's three tables, one sheet each: by division, by department, by system;
    then the whole jurisdiction's total on the first sheet's last row."""
    by_region = _("按市（州）") if tables.by_prefecture else _("按辖区")
    ledger = Ledger(by_region, _rate_columns(_("辖区")))
    for row in tables.regions:
        ledger.append(
            [
                f"{row['name']}（{row['code']}）",
                row["total"],
                row["applied"],
                ledger.percent(row["rate"]),
            ]
        )
    ledger.append([_("合计"), tables.total, tables.applied, ledger.percent(tables.rate)])
    ledger.add_sheet(_("按行业主管部门"), _rate_columns(_("行业主管部门")))
    for row in tables.departments:
        ledger.append([str(row["name"]), row["total"], row["applied"], ledger.percent(row["rate"])])
    ledger.add_sheet(
        _("按制度"),
        [(_("核心制度"), 22), (_("应落实项目"), 12), (_("已落实"), 10), (_("落实率"), 10)],
    )
    for row in tables.systems:
        ledger.append(
            [str(row["label"]), row["total"], row["applied"], ledger.percent(row["rate"])]
        )
    return ledger


def build_rates(tables: RateTables) -> tuple[IO[bytes], int]:
    ledger = write_rates(tables)
    return ledger.save(), ledger.rows
