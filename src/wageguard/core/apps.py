from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "wageguard.core"
    label = "core"
    verbose_name = "核心"
