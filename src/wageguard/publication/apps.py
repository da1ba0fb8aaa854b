from django.apps import AppConfig


class PublicationConfig(AppConfig):
    name = "wageguard.publication"
    label = "publication"
    verbose_name = "重大违法行为社会公布"
