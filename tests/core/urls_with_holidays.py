"""The site's URLs plus the holiday-year page, until the site's urls.py includes it itself."""

from django.urls import include, path

from wageguard.core.urls import holiday_urlpatterns
from wageguard.urls import urlpatterns as site_urlpatterns

urlpatterns = list(site_urlpatterns)
if not any(getattr(p, "name", None) == "holiday-years" for p in urlpatterns) and not any(
    getattr(p, "urlconf_name", None) is holiday_urlpatterns for p in urlpatterns
):
    urlpatterns.append(path("calendar/", include(holiday_urlpatterns)))
