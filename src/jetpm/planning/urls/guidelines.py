"""The year's guidelines and screening criteria (namespace ``planning``)."""

from django.urls import URLPattern, path

from jetpm.planning.views import guidelines as views

urlpatterns: list[URLPattern] = [
    path("guidelines/", views.guideline_list, name="guideline_list"),
    path("guidelines/new/", views.guideline_create, name="guideline_create"),
    path("guidelines/current/", views.guideline_current, name="guideline_current"),
    path("guidelines/<int:guideline_id>/", views.guideline_detail, name="guideline_detail"),
    path("guidelines/<int:guideline_id>/edit/", views.guideline_edit, name="guideline_edit"),
    path("guidelines/<int:guideline_id>/criteria/", views.guideline_criteria, name="guideline_criteria"),
    path("guidelines/<int:guideline_id>/criteria/remove/", views.criterion_remove, name="criterion_remove"),
    path("guidelines/<int:guideline_id>/approve/", views.guideline_approve, name="guideline_approve"),
    path("guidelines/<int:guideline_id>/copy/", views.guideline_copy, name="guideline_copy"),
    path(
        "guidelines/<int:guideline_id>/new-version/",
        views.guideline_new_version,
        name="guideline_new_version",
    ),
]
