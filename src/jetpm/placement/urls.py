from django.urls import path

from jetpm.placement import views

app_name = "placement"

urlpatterns = [
    path("", views.home, name="home"),
    path("mine/", views.mine, name="mine"),
    path("runs/<int:run_id>/", views.run_detail, name="run"),
    path("runs/<int:run_id>/progress/", views.run_progress, name="run_progress"),
    path("runs/<int:run_id>/start/", views.run_start, name="run_start"),
    path("runs/<int:run_id>/publish/", views.run_publish, name="run_publish"),
    path("runs/<int:run_id>/correct/", views.run_correct, name="run_correct"),
    path("runs/<int:run_id>/adjust/", views.run_adjust, name="run_adjust"),
    path("runs/<int:run_id>/placed/", views.run_placed, name="run_placed"),
    path("runs/<int:run_id>/unplaced/", views.run_unplaced, name="run_unplaced"),
    path("runs/<int:run_id>/organisations/", views.run_organisations, name="run_organisations"),
    path(
        "runs/<int:run_id>/organisations/<int:organisation_id>/",
        views.run_organisation,
        name="run_organisation",
    ),
    path("notices/<int:application_id>/", views.notice, name="notice"),
    path("notices/<int:application_id>/decline/", views.decline, name="decline"),
]
