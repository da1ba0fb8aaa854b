from django.apps import AppConfig


class CluesConfig(AppConfig):
    name = "wageguard.clues"
    label = "clues"
    verbose_name = "线索"

    def ready(self) -> None:
        from wageguard.core.audit import READ_ACTIONS
        from wageguard.core.deadlines import MARGINS, SUPERVISION
        from wageguard.core.ops import GAUGES, Gauge, stage_counts
        from wageguard.parties.extensions import ENTERPRISE_PANELS, EnterprisePanel
        from wageguard.projects.extensions import PROJECT_PANELS, WARNING_OUTCOMES, ProjectPanel
        from wageguard.projects.warnings.rules import SIGNALS

        from . import jobs, work
        from .filters import STAGE
        from .models import Clue, ClueSettings
        from .panels import enterprise_clues, project_clues
        from .project_signal import CODE, OUTCOME_NAME, open_clues
        from .views.access import READS
        from .warning_outcome import OUTCOME

        jobs.register()
        work.register()
        PROJECT_PANELS.register("clues", ProjectPanel("clues/_project_clues.html", project_clues))
        ENTERPRISE_PANELS.register(
            "clues", EnterprisePanel("clues/_enterprise_clues.html", enterprise_clues), order=10
        )
        WARNING_OUTCOMES.register(OUTCOME_NAME, OUTCOME)
        # A clue open on a project is one of the project's warning signals (DOMAIN section 3).
        SIGNALS.register(CODE, open_clues)
        READ_ACTIONS.register(*READS)
        GAUGES.register(
            "wageguard_clues",
            Gauge("clues open and overdue", ("kind",), lambda: stage_counts(Clue.objects, STAGE)),
        )
        # The province's due-soon margin, set with the clue limits, serves every supervised stage.
        MARGINS.register(SUPERVISION, lambda: ClueSettings.for_province().due_soon_days)
