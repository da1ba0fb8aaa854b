from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "wageguard.core"
    label = "core"
    verbose_name = "核心"

    def ready(self) -> None:
        # checks and signals register themselves (system checks, calendar cache, test hooks).
        from . import checks, signals, tabs  # noqa: F401

        tabs.discover()
