from django.urls import path

from jetpm.core import views, views_members, views_retention

app_name = "core"

urlpatterns = [
    path("organisations/", views.organisation_list, name="organisation_list"),
    path("organisations/<int:organisation_id>/", views.organisation_detail, name="organisation_detail"),
    path(
        "organisations/<int:organisation_id>/time-zone/",
        views.mission_time_zone_edit,
        name="mission_time_zone_edit",
    ),
    path("members/", views_members.member_home, name="member_home"),
    path("organisations/<int:organisation_id>/members/", views_members.member_list, name="member_list"),
    path(
        "organisations/<int:organisation_id>/members/invite/",
        views_members.member_invite,
        name="member_invite",
    ),
    path(
        "organisations/<int:organisation_id>/members/<int:membership_id>/role/",
        views_members.member_role,
        name="member_role",
    ),
    path(
        "organisations/<int:organisation_id>/members/<int:membership_id>/remove/",
        views_members.member_remove,
        name="member_remove",
    ),
    path("people/", views.person_list, name="person_list"),
    path("people/<int:person_id>/", views.person_detail, name="person_detail"),
    path("people/<int:person_id>/hold/", views_retention.hold_place, name="hold_place"),
    path("people/<int:person_id>/hold/lift/", views_retention.hold_lift, name="hold_lift"),
    path("privacy/retention/", views_retention.retention_list, name="retention_list"),
    path("privacy/retention/edit/", views_retention.retention_edit, name="retention_edit"),
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
