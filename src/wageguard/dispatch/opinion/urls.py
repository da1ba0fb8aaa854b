from django.urls import path

from . import views

# Included in the dispatch namespace (dispatch/urls.py): dispatch:opinion-list and so on.
urlpatterns = [
    path("opinion/", views.opinion_list, name="opinion-list"),
    path("opinion/new/", views.opinion_new, name="opinion-new"),
    path("opinion/<int:pk>/", views.opinion_item, name="opinion-item"),
    path("opinion/<int:pk>/act/<slug:name>/", views.opinion_act, name="opinion-act"),
]
