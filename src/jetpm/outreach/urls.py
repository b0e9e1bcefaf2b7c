from django.urls import path

from jetpm.outreach import views

app_name = "outreach"

urlpatterns = [
    path("", views.activity_list, name="activity_list"),
    path("activities/new/", views.activity_create, name="activity_create"),
    path("activities/<int:activity_id>/edit/", views.activity_edit, name="activity_edit"),
    path("activities/<int:activity_id>/delete/", views.activity_delete, name="activity_delete"),
    path("evaluations/new/", views.evaluation_create, name="evaluation_create"),
    path("evaluations/<int:evaluation_id>/", views.evaluation_detail, name="evaluation_detail"),
    path("evaluations/<int:evaluation_id>/edit/", views.evaluation_edit, name="evaluation_edit"),
    path("evaluations/<int:evaluation_id>/submit/", views.evaluation_submit, name="evaluation_submit"),
    path("evaluations/<int:evaluation_id>/review/", views.evaluation_review, name="evaluation_review"),
    path("review/", views.review, name="review"),
    path("review/export/", views.review_export, name="review_export"),
]
