from django.urls import include, path

from . import views
from .opinion import urls as opinion_urls

app_name = "dispatch"

urlpatterns = [
    path("kpis/", views.kpi_page, name="kpis"),
    path("", include("wageguard.dispatch.rounds.urls")),
    path("", include("wageguard.dispatch.meeting.urls")),
    path("", include("wageguard.dispatch.documents.urls")),
]
urlpatterns += opinion_urls.urlpatterns
