from django.urls import path

from jetpm.core import views

app_name = "core"

urlpatterns = [
    path("organisations/", views.organisation_list, name="organisation_list"),
    path("organisations/<int:organisation_id>/", views.organisation_detail, name="organisation_detail"),
    path("people/", views.person_list, name="person_list"),
    path("people/<int:person_id>/", views.person_detail, name="person_detail"),
    path("calendar/", views.cycle_list, name="cycle_list"),
    path("calendar/new/", views.cycle_create, name="cycle_create"),
    path("calendar/<int:cycle_id>/", views.cycle_detail, name="cycle_detail"),
    path("calendar/<int:cycle_id>/edit/", views.cycle_edit, name="cycle_edit"),
    path(
        "calendar/<int:cycle_id>/missions/<int:mission_id>/",
        views.mission_dates_edit,
        name="mission_dates_edit",
    ),
    path("me/data/", views.my_data, name="my_data"),
    path("audit/", views.audit_list, name="audit_list"),
    path("audit/chain/", views.audit_chain, name="audit_chain"),
    path("audit/<int:event_id>/", views.audit_detail, name="audit_detail"),
]
