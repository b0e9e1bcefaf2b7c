from django.urls import path

from jetpm.alumni.surveys import views

app_name = "surveys"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.create, name="create"),
    path("<int:questionnaire_id>/", views.detail, name="detail"),
    path("<int:questionnaire_id>/open/", views.open_survey, name="open"),
    path("<int:questionnaire_id>/close/", views.close_survey, name="close"),
    path("<int:questionnaire_id>/send/", views.send, name="send"),
    path("<int:questionnaire_id>/remind/", views.remind, name="remind"),
    path("<int:questionnaire_id>/export/", views.export, name="export"),
    path("answer/<int:response_id>/", views.answer, name="answer"),
]
