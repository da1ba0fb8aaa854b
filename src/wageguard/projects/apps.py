from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "wageguard.projects"
    label = "projects"
    verbose_name = "工程项目"

    def ready(self) -> None:
        from wageguard.core.audit import READ_ACTIONS
        from wageguard.core.imports import IMPORTERS
        from wageguard.parties.extensions import ENTERPRISE_PANELS, EnterprisePanel

        from . import feeds, jobs, services
        from .imports import IMPORTER
        from .panels import enterprise_projects
        from .signals import SIGNALS as FEED_SIGNALS
        from .warnings.rules import SIGNALS
        from .warnings.services import after_assess

        IMPORTERS.register("projects", IMPORTER)
        for kind, importer in feeds.importers().items():
            IMPORTERS.register(kind, importer)
        READ_ACTIONS.register(*feeds.READS)
        jobs.register()
        ENTERPRISE_PANELS.register(
            "projects",
            EnterprisePanel("projects/_enterprise_projects.html", enterprise_projects),
            order=40,
        )
        services.AFTER_ASSESS.register("warnings", after_assess)
        for code, signal in FEED_SIGNALS.items():
            SIGNALS.register(code, signal)
