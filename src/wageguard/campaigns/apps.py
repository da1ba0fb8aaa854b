from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    name = "wageguard.campaigns"
    label = "campaigns"
    verbose_name = "专项行动"

    def ready(self) -> None:
        from wageguard.cases.extensions import FILING_SOURCES, FilingSource
        from wageguard.projects.extensions import WARNING_OUTCOMES

        from .coordination import jobs as coordination_jobs
        from .filing import from_ledger_item
        from .warning_outcome import OUTCOME

        FILING_SOURCES.register("ledger_item", FilingSource(from_ledger_item))
        WARNING_OUTCOMES.register("ledger", OUTCOME)
        coordination_jobs.register()
