from django.urls import include, path

from . import views
from .coordination.urls import assignment_patterns, group_patterns

app_name = "campaigns"

urlpatterns = [
    path("", views.campaign_list, name="list"),
    path("new/", views.campaign_new, name="new"),
    path("<int:pk>/", views.campaign_detail, name="detail"),
    path("sweeps/", include("wageguard.campaigns.sweeps.urls")),
    path("ledger/", views.ledger_list, name="ledger"),
    path("ledger/export.xlsx", views.ledger_export, name="ledger-export"),
    path("ledger/new/", views.ledger_new, name="ledger-new"),
    path("ledger/<int:pk>/", views.ledger_item, name="ledger-item"),
    path("ledger/<int:pk>/act/<slug:name>/", views.ledger_act, name="ledger-act"),
    path(
        "ledger/<int:pk>/evidence/<int:evidence_pk>/",
        views.evidence_file,
        name="ledger-evidence",
    ),
    path("assignments/", include(assignment_patterns)),
    path("group/", include(group_patterns)),
]
