from django.apps import AppConfig


class CluesConfig(AppConfig):
    name = "wageguard.clues"
    label = "clues"
    verbose_name = "线索"

    def ready(self) -> None:
        from wageguard.core.deadlines import MARGINS, SUPERVISION

        from . import jobs
        from .models import ClueSettings

        jobs.register()
        # The province's due-soon margin, set with the clue limits, serves every supervised stage.
        MARGINS.register(SUPERVISION, lambda: ClueSettings.for_province().due_soon_days)
