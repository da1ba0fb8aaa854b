from django.apps import AppConfig


class DispatchConfig(AppConfig):
    name = "wageguard.dispatch"
    label = "dispatch"
    verbose_name = "调度"

    def ready(self) -> None:
        from .kpis import catalogue

        catalogue.register()

        from .kpis import jobs as kpi_jobs

        kpi_jobs.register()

        from .rounds import jobs as round_jobs

        round_jobs.register()

        from .documents import jobs as document_jobs

        document_jobs.register()
