from django.urls import include, path

from wageguard.api import api

urlpatterns = [
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("audit/", include("wageguard.core.urls")),
    path("regions/", include("wageguard.regions.urls")),
    path("", include("wageguard.org.urls")),
]
