from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "wageguard.projects"
    label = "projects"
    verbose_name = "工程项目"

    def ready(self) -> None:
        from wageguard.core.imports import IMPORTERS

        from . import jobs, services
        from .imports import IMPORTER
        from .warnings.services import after_assess

        IMPORTERS.register("projects", IMPORTER)
        jobs.register()
        services.AFTER_ASSESS.register("warnings", after_assess)
