"""URLs of the orientations, checklists and send-off evaluations (included from predeparture/urls.py)."""

from django.urls import path

from jetpm.predeparture.orientations import checklist_views, sendoff_views, views

urlpatterns = [
    path("orientations/", views.event_list, name="orientation_list"),
    path("orientations/new/", views.event_create, name="orientation_create"),
    path("orientations/<int:orientation_id>/", views.event_detail, name="orientation_detail"),
    path("orientations/<int:orientation_id>/edit/", views.event_edit, name="orientation_edit"),
    path("orientations/<int:orientation_id>/invite/", views.event_invite, name="orientation_invite"),
    path(
        "orientations/<int:orientation_id>/invite-group/",
        views.event_invite_group,
        name="orientation_invite_group",
    ),
    path(
        "orientations/<int:orientation_id>/attendance/", views.event_attendance, name="orientation_attendance"
    ),
    path("orientations/<int:orientation_id>/hold/", views.event_hold, name="orientation_hold"),
    path("orientations/<int:orientation_id>/cancel/", views.event_cancel, name="orientation_cancel"),
    path("orientations/<int:orientation_id>/materials/", views.material_add, name="material_add"),
    path("orientations/<int:orientation_id>/speakers/", views.speaker_add, name="speaker_add"),
    path("materials/<int:material_id>/", views.material_download, name="material_download"),
    path("materials/<int:material_id>/remove/", views.material_remove, name="material_remove"),
    path("speakers/<int:speaker_id>/remove/", views.speaker_remove, name="speaker_remove"),
    path("my/orientations/", views.my_invitations, name="my_invitations"),
    path("my/orientations/<int:orientation_invitation_id>/", views.my_invitation, name="my_invitation"),
    path("checklists/", checklist_views.checklist_list, name="checklist_list"),
    path("checklists/open/", checklist_views.checklist_open, name="checklist_open"),
    path("checklists/<int:checklist_id>/visa/", checklist_views.checklist_visa, name="checklist_visa"),
    path("sendoff/", sendoff_views.sendoff_list, name="sendoff_list"),
    path("sendoff/new/", sendoff_views.sendoff_create, name="sendoff_create"),
    path("sendoff/review/", sendoff_views.sendoff_side_by_side, name="sendoff_side_by_side"),
    path("sendoff/<int:sendoff_id>/", sendoff_views.sendoff_detail, name="sendoff_detail"),
    path("sendoff/<int:sendoff_id>/edit/", sendoff_views.sendoff_edit, name="sendoff_edit"),
    path("sendoff/<int:sendoff_id>/submit/", sendoff_views.sendoff_submit, name="sendoff_submit"),
    path("sendoff/<int:sendoff_id>/review/", sendoff_views.sendoff_review, name="sendoff_review"),
]
