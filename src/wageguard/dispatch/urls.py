from django.urls import include, path

from . import views

app_name = "dispatch"

urlpatterns = [
    path("kpis/", views.kpi_page, name="kpis"),
    path("", include("wageguard.dispatch.rounds.urls")),
]
