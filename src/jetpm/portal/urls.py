"""URLs of the portal (the paths stay under /applications/portal/, where the applicant's pages are)."""

from django.urls import path

from jetpm.portal import views

app_name = "portal"

urlpatterns = [
    path("applications/portal/<int:application_id>/", views.application, name="application"),
]
