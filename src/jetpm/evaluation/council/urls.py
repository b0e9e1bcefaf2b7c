"""URLs of the Council's findings and the examination rules (namespace ``evaluation``)."""

from django.urls import URLPattern, path

from jetpm.evaluation.council import views

urlpatterns: list[URLPattern] = [
    path("findings/", views.finding_list, name="finding_list"),
    path("findings/<int:finding_id>/", views.finding_detail, name="finding_detail"),
    path("findings/<int:finding_id>/edit/", views.finding_edit, name="finding_edit"),
    path("findings/<int:finding_id>/link/", views.finding_link, name="finding_link"),
    path("findings/<int:finding_id>/unlink/", views.finding_unlink, name="finding_unlink"),
    path("findings/<int:finding_id>/adopt/", views.finding_adopt, name="finding_adopt"),
    path("findings/<int:finding_id>/withdraw/", views.finding_withdraw, name="finding_withdraw"),
    path("examination-rules/", views.examination_rules_list, name="examination_rules_list"),
    path("examination-rules/new/", views.examination_rules_create, name="examination_rules_create"),
    path(
        "examination-rules/<int:examination_rules_id>/",
        views.examination_rules_detail,
        name="examination_rules_detail",
    ),
    path(
        "examination-rules/<int:examination_rules_id>/edit/",
        views.examination_rules_edit,
        name="examination_rules_edit",
    ),
    path(
        "examination-rules/<int:examination_rules_id>/approve/",
        views.examination_rules_approve,
        name="examination_rules_approve",
    ),
    path(
        "examination-rules/<int:examination_rules_id>/new-version/",
        views.examination_rules_new_version,
        name="examination_rules_new_version",
    ),
]
