from django.apps import AppConfig


class InspectionsConfig(AppConfig):
    name = "wageguard.inspections"
    label = "inspections"
    verbose_name = "监督检查"

    def ready(self) -> None:
        from wageguard.campaigns.metrics import COUNTERS

        from .campaign_counts import COUNTER

        COUNTERS.register("channel_checks", COUNTER, order=40)
