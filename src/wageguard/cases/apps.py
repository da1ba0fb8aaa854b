from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "wageguard.cases"
    label = "cases"
    verbose_name = "案件"

    def ready(self) -> None:
        from . import jobs

        jobs.register()
