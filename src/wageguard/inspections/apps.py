from django.apps import AppConfig


class InspectionsConfig(AppConfig):
    name = "wageguard.inspections"
    label = "inspections"
    verbose_name = "监督检查"

    def ready(self) -> None:
        from wageguard.cases.extensions import FILING_SOURCES, FilingSource
        from wageguard.projects.extensions import WARNING_OUTCOMES

        from .filing import from_finding
        from .warning_outcome import OUTCOME

        FILING_SOURCES.register("finding", FilingSource(from_finding))
        WARNING_OUTCOMES.register("ledger", OUTCOME)
