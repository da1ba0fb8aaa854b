from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    name = "wageguard.campaigns"
    label = "campaigns"
    verbose_name = "专项行动"

    def ready(self) -> None:
        from wageguard.cases.extensions import FILING_SOURCES, FilingSource
        from wageguard.projects.extensions import WARNING_OUTCOMES

        from . import jobs, metrics
        from .coordination import jobs as coordination_jobs
        from .filing import from_ledger_item
        from .rules import Metric
        from .sweeps.metrics import PROJECTS_INSPECTED
        from .warning_outcome import OUTCOME

        FILING_SOURCES.register("ledger_item", FilingSource(from_ledger_item))
        WARNING_OUTCOMES.register("ledger", OUTCOME)
        # The counts and target measures of campaigns; channel checks (inspections) and the
        # sweeps' coverage register their own into metrics.COUNTERS / metrics.MEASURERS.
        metrics.register_builtin()
        metrics.MEASURERS.register(Metric.PROJECTS_INSPECTED_RATE, PROJECTS_INSPECTED)
        jobs.register()
        coordination_jobs.register()
