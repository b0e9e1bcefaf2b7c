"""URLs of applications: the applicant portal and referees' links (``portal.urls``), the missions' intake
(``intake.urls``), and the one document download."""

from django.urls import path

from jetpm.applications import views
from jetpm.applications.intake import urls as intake_urls
from jetpm.applications.portal import urls as portal_urls

app_name = "applications"

urlpatterns = [
    path("documents/<int:document_id>/", views.document_download, name="document_download"),
    *portal_urls.urlpatterns,
    *intake_urls.urlpatterns,
]
