from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "wageguard.core"
    label = "core"
    verbose_name = "核心"

    def ready(self) -> None:
        from . import checks, signals  # noqa: F401  (system checks, calendar cache, test hooks)
