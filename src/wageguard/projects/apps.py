from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "wageguard.projects"
    label = "projects"
    verbose_name = "工程项目"
