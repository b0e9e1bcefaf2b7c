"""URLs of applications: the applicant portal and referees' links (urls_portal), the missions' intake
(urls_intake), and the one document download."""

from django.urls import path

from jetpm.applications import urls_intake, urls_portal, views_documents

app_name = "applications"

urlpatterns = [
    path("documents/<int:document_id>/", views_documents.document_download, name="document_download"),
    *urls_portal.urlpatterns,
    *urls_intake.urlpatterns,
]
