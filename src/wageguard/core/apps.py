from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "wageguard.core"
    label = "core"
    verbose_name = "核心"

    def ready(self) -> None:
        # checks and signals register themselves (system checks, calendar cache, test hooks).
        from . import audit, checks, jobs, signals, tabs  # noqa: F401

        tabs.discover()
        jobs.register(
            "audit.anchor",
            audit.anchor_job,
            help="write the audit chain's head to the anchors file (audit verify checks it)",
            schedule="hourly",
            order=900,
        )
