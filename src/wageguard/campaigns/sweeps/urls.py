"""Sweep pages under /campaigns/sweeps/ (included by campaigns/urls.py: names in the campaigns
namespace, "campaigns:sweep-...")."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.sweep_list, name="sweep-list"),
    path("mine/", views.my_targets, name="sweep-mine"),
    path("targets/", views.target_list, name="sweep-targets"),
    path("new/<int:campaign_pk>/", views.sweep_new, name="sweep-new"),
    path("<int:pk>/", views.sweep_detail, name="sweep-detail"),
    path("<int:pk>/plan/<slug:what>/", views.sweep_plan, name="sweep-plan"),
    path("<int:pk>/coverage/", views.sweep_coverage, name="sweep-coverage"),
    path("targets/<int:pk>/visit/", views.visit, name="sweep-visit"),
    path("visits/<int:pk>/", views.visit_detail, name="sweep-visit-detail"),
    path("visits/<int:pk>/arrears/", views.visit_arrears, name="sweep-visit-arrears"),
    path("visits/<int:pk>/photos/<int:photo_pk>/", views.visit_photo, name="sweep-visit-photo"),
    path("draws/<int:pk>/", views.draw_detail, name="sweep-draw"),
    path("draws/<int:pk>/publish/", views.draw_publish, name="sweep-draw-publish"),
    path("draws/<int:pk>/public/", views.draw_public, name="sweep-draw-public"),
]
