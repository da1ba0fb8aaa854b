from django.urls import include, path

from wageguard.api.v1 import api
from wageguard.clues.views.settings import clue_settings
from wageguard.core import ops
from wageguard.core.api.errors import handler404 as api_aware_404
from wageguard.core.api.errors import handler500 as api_aware_500
from wageguard.core.urls import holiday_urlpatterns, import_urlpatterns
from wageguard.credit.public import public_list as public_credit_list
from wageguard.portal import landing, publications, typical_cases

urlpatterns = [
    path("healthz", ops.healthz, name="healthz"),
    path("metrics", ops.metrics, name="metrics"),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("audit/", include("wageguard.core.urls")),
    path("calendar/", include(holiday_urlpatterns)),
    path("imports/", include(import_urlpatterns)),
    path("settings/clues/", clue_settings, name="clue-settings"),
    path("regions/", include("wageguard.regions.urls")),
    path("inspections/", include("wageguard.inspections.urls")),
    path("campaigns/", include("wageguard.campaigns.urls")),
    path("projects/", include("wageguard.projects.urls")),
    path("parties/", include("wageguard.parties.urls")),
    path("clues/", include("wageguard.clues.urls")),
    path("cases/", include("wageguard.cases.urls")),
    path("credit/", include("wageguard.credit.urls")),
    path("publications/", include("wageguard.publication.urls")),
    path("dispatch/", include("wageguard.dispatch.urls")),
    path("report/", include("wageguard.portal.urls")),
    path("public/", landing.landing, name="public-home"),
    path("public/credit-list/", public_credit_list, name="public-credit-list"),
    path("public/publications/", include(publications.urlpatterns)),
    path("feeds/publications.atom", publications.publications_atom, name="publications-atom"),
    path("feeds/publications.json", publications.publications_json, name="publications-json"),
    path("public/typical-cases/", include(typical_cases.urlpatterns)),
    path("feeds/typical-cases.atom", typical_cases.typical_cases_atom, name="typical-cases-atom"),
    path("feeds/typical-cases.json", typical_cases.typical_cases_json, name="typical-cases-json"),
    # The site root: the public landing page for anyone not signed in, the staff home (org's
    # "home", which this shadows and calls) for staff.
    path("", landing.root, name="home"),
    path("", include("wageguard.org.urls")),
]

handler404 = api_aware_404
handler500 = api_aware_500
