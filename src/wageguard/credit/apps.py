from django.apps import AppConfig


class CreditConfig(AppConfig):
    name = "wageguard.credit"
    label = "credit"
    verbose_name = "失信联合惩戒名单"

    def ready(self) -> None:
        from . import jobs

        jobs.register()
