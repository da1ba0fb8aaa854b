from django.apps import AppConfig


class CluesConfig(AppConfig):
    name = "wageguard.clues"
    label = "clues"
    verbose_name = "线索"
