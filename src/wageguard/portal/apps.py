from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "wageguard.portal"
    label = "portal"
    verbose_name = "公众服务"

    def ready(self) -> None:
        from . import jobs

        jobs.register()
