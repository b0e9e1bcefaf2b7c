from django.urls import path

from jetpm.appointments import views
from jetpm.appointments.costs import views as costs_views
from jetpm.appointments.reappointment import views as reappointment
from jetpm.appointments.training import views as training_views

app_name = "appointments"

urlpatterns = [
    path("participants/", views.participant_list, name="participant_list"),
    path("participants/<int:participant_id>/", views.participant_detail, name="participant_detail"),
    path("terms/end/", views.term_end, name="term_end"),
    path("reappointment/", reappointment.reappointment_list, name="reappointment_list"),
    path("reappointment/progress/", reappointment.reappointment_progress, name="reappointment_progress"),
    path(
        "reappointment/intention/",
        reappointment.reappointment_intention,
        name="reappointment_intention",
    ),
    path("reappointment/assess/", reappointment.reappointment_assess, name="reappointment_assess"),
    path("reappointment/decide/", reappointment.reappointment_decide, name="reappointment_decide"),
]

urlpatterns += [
    path("training/", training_views.training_list, name="training_list"),
    path("training/new/", training_views.training_event_create, name="training_event_create"),
    path(
        "training/<int:training_event_id>/",
        training_views.training_event_detail,
        name="training_event_detail",
    ),
    path(
        "training/<int:training_event_id>/edit/",
        training_views.training_event_edit,
        name="training_event_edit",
    ),
    path("training/<int:training_event_id>/invite/", training_views.training_invite, name="training_invite"),
    path(
        "training/invitations/<int:invitation_id>/attendance/",
        training_views.training_attendance,
        name="training_attendance",
    ),
    path(
        "training/invitations/<int:invitation_id>/feedback/",
        training_views.training_feedback,
        name="training_feedback",
    ),
    path("costs/", costs_views.cost_overview, name="cost_overview"),
    path("costs/export/", costs_views.cost_export, name="cost_export"),
    path("costs/rates/", costs_views.cost_rates_edit, name="cost_rates"),
    path("costs/<int:organisation_id>/", costs_views.cost_organisation, name="cost_organisation"),
]
