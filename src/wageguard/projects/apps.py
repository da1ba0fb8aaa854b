from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "wageguard.projects"
    label = "projects"
    verbose_name = "工程项目"

    def ready(self) -> None:
        from wageguard.core.imports import IMPORTERS

        from . import jobs
        from .imports import IMPORTER

        IMPORTERS.register("projects", IMPORTER)
        jobs.register()
