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

        from . import jobs, panels, services
        from .filters import STAGE
        from .models import EnforcementCase
        from .services.common import READS

        jobs.register()
        READ_ACTIONS.register(*READS)
        ENTERPRISE_PANELS.register(
            "cases",
            EnterprisePanel("cases/_enterprise_cases.html", panels.enterprise_cases),
            order=20,
        )
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
