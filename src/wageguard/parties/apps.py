from django.apps import AppConfig


class PartiesConfig(AppConfig):
    name = "wageguard.parties"
    label = "parties"
    verbose_name = "企业与人员"
