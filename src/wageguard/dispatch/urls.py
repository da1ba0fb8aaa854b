from django.urls import path

from . import views

app_name = "dispatch"

urlpatterns = [
    path("kpis/", views.kpi_page, name="kpis"),
]
