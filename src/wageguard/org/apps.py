from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "wageguard.org"
    label = "org"
    verbose_name = "机构与用户"

    def ready(self) -> None:
        from . import signals  # noqa: F401  (login/logout audit)
