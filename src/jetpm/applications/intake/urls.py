"""URLs of the intake pages (included by jetpm.applications.urls under the "applications" namespace)."""

from django.urls import path

from jetpm.applications.intake import views

urlpatterns = [
    path("intake/", views.intake_list, name="intake_list"),
    path("intake/export/", views.intake_export, name="intake_export"),
    path("intake/eligibility/", views.intake_bulk_eligibility, name="intake_bulk_eligibility"),
    path("intake/<int:application_id>/", views.intake_detail, name="intake_detail"),
    path("intake/<int:application_id>/status/", views.intake_status, name="intake_status"),
    path(
        "intake/<int:application_id>/problem/", views.intake_document_problem, name="intake_document_problem"
    ),
    path(
        "intake/<int:application_id>/problem/clear/",
        views.intake_document_clear,
        name="intake_document_clear",
    ),
    path("intake/<int:application_id>/upload/", views.intake_upload, name="intake_upload"),
]
