from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "wageguard.cases"
    label = "cases"
    verbose_name = "案件"

    def ready(self) -> None:
        from wageguard.clues.services import ACTION_EFFECTS

        from . import jobs, services

        jobs.register()
        ACTION_EFFECTS.register(
            "convert_to_case",
            lambda clue, user: {"case": services.file_from_clue(clue, user).number},
        )
