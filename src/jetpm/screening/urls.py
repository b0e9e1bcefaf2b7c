from django.urls import path

from jetpm.screening.views import interviews as views_interviews
from jetpm.screening.views import panels as views
from jetpm.screening.views import reports as views_reports
from jetpm.screening.views import review as views_review

app_name = "screening"

urlpatterns = [
    path("", views.home, name="home"),
    path("queue/", views.queue, name="queue"),
    path("assign/", views.assign_bulk, name="assign_bulk"),
    path("panels/new/", views.panel_create, name="panel_create"),
    path("panels/<int:panel_id>/", views.panel_detail, name="panel_detail"),
    path("panels/<int:panel_id>/settings/", views.panel_settings, name="panel_settings"),
    path("panels/<int:panel_id>/members/add/", views.member_add, name="member_add"),
    path("panels/<int:panel_id>/members/external/", views.member_external, name="member_external"),
    path("panels/<int:panel_id>/members/remove/", views.member_remove, name="member_remove"),
    path("panels/<int:panel_id>/assign/", views.assign, name="assign"),
    path("panels/<int:panel_id>/sheet/", views_review.score_sheet, name="score_sheet"),
    path("panels/<int:panel_id>/cutoff/", views_review.cutoff, name="cutoff"),
    path("panels/<int:panel_id>/interviews/", views_interviews.panel_interviews, name="panel_interviews"),
    path("applications/<int:application_id>/", views_review.application, name="application"),
    path("applications/<int:application_id>/conflict/", views_review.conflict, name="conflict"),
    path("applications/<int:application_id>/resolve/", views_review.resolve, name="resolve"),
    path("applications/<int:application_id>/decide/", views_review.decide, name="decide"),
    path(
        "applications/<int:application_id>/japanese-test/", views_review.japanese_test, name="japanese_test"
    ),
    path("applications/<int:application_id>/interview/", views_interviews.schedule, name="schedule"),
    path("interviews/<int:interview_id>/", views_interviews.interview_edit, name="interview_edit"),
    path("interviews/<int:interview_id>/ics/", views_interviews.interview_ics, name="interview_ics"),
    path("reports/", views_reports.report_list, name="report_list"),
    path("reports/build/", views_reports.report_build, name="report_build"),
    path("reports/<int:report_id>/", views_reports.report_detail, name="report_detail"),
    path("reports/<int:report_id>/submit/", views_reports.report_submit, name="report_submit"),
    path("reports/<int:report_id>/correct/", views_reports.report_correct, name="report_correct"),
]
