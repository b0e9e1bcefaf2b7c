from django.urls import path

from jetpm.appointments import views

app_name = "appointments"

urlpatterns = [
    path("participants/", views.participant_list, name="participant_list"),
    path("participants/<int:participant_id>/", views.participant_detail, name="participant_detail"),
    path("terms/end/", views.term_end, name="term_end"),
    path("reappointment/", views.reappointment_list, name="reappointment_list"),
    path("reappointment/rules/", views.round_rules_edit, name="round_rules"),
    path("reappointment/progress/", views.reappointment_progress, name="reappointment_progress"),
    path("reappointment/intention/", views.reappointment_intention, name="reappointment_intention"),
    path("reappointment/assess/", views.reappointment_assess, name="reappointment_assess"),
    path("reappointment/decide/", views.reappointment_decide, name="reappointment_decide"),
]
