from django.urls import path

from . import views

app_name = "regions"
urlpatterns = [
    path("", views.browse, name="browse"),
    path("map/<str:province>.geojson", views.prefecture_map_view, name="map"),
    path("<str:code>/", views.browse, name="detail"),
]
