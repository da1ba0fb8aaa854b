from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "wageguard.cases"
    label = "cases"
    verbose_name = "案件"

    def ready(self) -> None:
        from wageguard.clues.services import ACTION_EFFECTS
        from wageguard.core.audit import READ_ACTIONS
        from wageguard.core.ops import GAUGES, Gauge, stage_counts
        from wageguard.parties.extensions import ENTERPRISE_PANELS, EnterprisePanel
        from wageguard.projects.extensions import (
            CONTRACTOR_RECORDS,
            PROJECT_PANELS,
            WARNING_OUTCOMES,
            ProjectPanel,
        )

        from . import deposit_record, jobs, overview, panels, services, work
        from .filters import STAGE
        from .models import EnforcementCase
        from .services.common import READS
        from .warning_outcome import OUTCOME

        jobs.register()
        work.register()
        overview.register()
        READ_ACTIONS.register(*READS)
        ENTERPRISE_PANELS.register(
            "cases",
            EnterprisePanel("cases/_enterprise_cases.html", panels.enterprise_cases),
            order=20,
        )
        # After the clues' panel (order 100): the cases against the project, then who answers
        # for a subcontractor's arrears (Decree 724 art. 30).
        PROJECT_PANELS.register(
            "cases", ProjectPanel("cases/_project_cases.html", panels.project_cases), order=110
        )
        PROJECT_PANELS.register(
            "liability",
            ProjectPanel("cases/_project_liability.html", panels.project_liability),
            order=120,
        )
        WARNING_OUTCOMES.register("case", OUTCOME)
        CONTRACTOR_RECORDS.register("cases", deposit_record.closed_with_arrears)
        GAUGES.register(
            "wageguard_cases",
            Gauge(
                "enforcement cases open and overdue",
                ("kind",),
                lambda: stage_counts(EnforcementCase.objects, STAGE),
            ),
        )
        ACTION_EFFECTS.register(
            "convert_to_case",
            lambda clue, user: {"case": services.file_from_clue(clue, user).number},
        )
