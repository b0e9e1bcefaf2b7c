"""JETAA support's pages (mounted at /jetaa/)."""

from django.urls import URLPattern, URLResolver, path

from jetpm.jetaa import views

app_name = "jetaa"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.home, name="home"),
    path("plans/new/", views.chapter_plan_new, name="chapter_plan_new"),
    path("plans/<int:chapter_plan_id>/", views.chapter_plan, name="chapter_plan"),
    path("plans/<int:chapter_plan_id>/submit/", views.chapter_plan_submit, name="chapter_plan_submit"),
    path("plans/<int:chapter_plan_id>/include/", views.chapter_plan_include, name="chapter_plan_include"),
    path("plans/<int:chapter_plan_id>/return/", views.chapter_plan_return, name="chapter_plan_return"),
    path("plans/<int:chapter_plan_id>/lines/new/", views.line_add, name="line_add"),
    path("lines/<int:jetaa_line_id>/", views.line, name="line"),
    path("lines/<int:jetaa_line_id>/edit/", views.line_edit, name="line_edit"),
    path("lines/<int:jetaa_line_id>/delete/", views.line_delete, name="line_delete"),
    path("lines/<int:jetaa_line_id>/revise/", views.line_revise, name="line_revise"),
    path("lines/<int:jetaa_line_id>/withdraw/", views.line_withdraw, name="line_withdraw"),
    path("lines/<int:jetaa_line_id>/assess/", views.line_assess, name="line_assess"),
    path("lines/<int:jetaa_line_id>/commit/", views.line_commit, name="line_commit"),
    path("lines/<int:jetaa_line_id>/pay/", views.line_pay, name="line_pay"),
    path("lines/<int:jetaa_line_id>/report/", views.line_report, name="line_report"),
    path("lines/<int:jetaa_line_id>/evaluate/", views.line_evaluate, name="line_evaluate"),
    path("photos/<int:jetaa_photo_id>/", views.photo, name="photo"),
    path("execution/new/", views.execution_plan_new, name="execution_plan_new"),
    path("execution/<int:execution_plan_id>/", views.execution_plan, name="execution_plan"),
    path("execution/<int:execution_plan_id>/edit/", views.execution_plan_edit, name="execution_plan_edit"),
    path(
        "execution/<int:execution_plan_id>/submit/", views.execution_plan_submit, name="execution_plan_submit"
    ),
    path(
        "execution/<int:execution_plan_id>/complete/",
        views.execution_plan_complete,
        name="execution_plan_complete",
    ),
    path(
        "execution/<int:execution_plan_id>/evaluate/",
        views.execution_plan_evaluate,
        name="execution_plan_evaluate",
    ),
    path("evaluations/", views.evaluations, name="evaluations"),
    path("policy/", views.policy, name="policy"),
    path("policy/envelopes/", views.envelope_set, name="envelope_set"),
    path("policy/<int:support_year_id>/approve/", views.policy_approve, name="policy_approve"),
    path("policy/<int:support_year_id>/next-year/", views.policy_next_year, name="policy_next_year"),
]
