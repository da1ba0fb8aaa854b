from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "wageguard.projects"
    label = "projects"
    verbose_name = "工程项目"

    def ready(self) -> None:
        from wageguard.core.audit import READ_ACTIONS
        from wageguard.core.imports import IMPORTERS

        from . import feeds, jobs
        from .imports import IMPORTER

        IMPORTERS.register("projects", IMPORTER)
        for kind, importer in feeds.importers().items():
            IMPORTERS.register(kind, importer)
        READ_ACTIONS.register(*feeds.READS)
        jobs.register()
