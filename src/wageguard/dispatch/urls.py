from django.urls import path

from . import views
from .opinion import urls as opinion_urls

app_name = "dispatch"

urlpatterns = [
    path("kpis/", views.kpi_page, name="kpis"),
]
urlpatterns += opinion_urls.urlpatterns
