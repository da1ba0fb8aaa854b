from django.urls import include, path

from wageguard.api import api
from wageguard.core.urls import holiday_urlpatterns

urlpatterns = [
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("audit/", include("wageguard.core.urls")),
    path("calendar/", include(holiday_urlpatterns)),
    path("regions/", include("wageguard.regions.urls")),
    path("inspections/", include("wageguard.inspections.urls")),
    path("report/", include("wageguard.portal.urls")),
    path("", include("wageguard.org.urls")),
]
