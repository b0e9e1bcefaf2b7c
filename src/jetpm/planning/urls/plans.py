"""URLs of the country recruitment plan (namespace ``planning``)."""

from django.urls import URLPattern, path

from jetpm.planning.views import plans as views

urlpatterns: list[URLPattern] = [
    path("plans/", views.plan_list, name="plan_list"),
    path("plans/new/", views.plan_create, name="plan_create"),
    path("plans/<int:plan_id>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:plan_id>/parameters/", views.plan_parameters, name="plan_parameters"),
    path("plans/<int:plan_id>/compute/", views.plan_compute, name="plan_compute"),
    path("plans/<int:plan_id>/lines/", views.plan_lines, name="plan_lines"),
    path("plans/<int:plan_id>/propose/", views.plan_propose, name="plan_propose"),
    path("plans/<int:plan_id>/approve/", views.plan_approve, name="plan_approve"),
    path("plans/<int:plan_id>/send-back/", views.plan_send_back, name="plan_send_back"),
    path("plans/<int:plan_id>/new-version/", views.plan_new_version, name="plan_new_version"),
    path("plans/<int:plan_id>/export.csv", views.plan_export, {"fmt": "csv"}, name="plan_export_csv"),
    path("plans/<int:plan_id>/export.xlsx", views.plan_export, {"fmt": "xlsx"}, name="plan_export_xlsx"),
]
