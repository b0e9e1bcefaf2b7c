"""URLs of the support desk."""

from django.urls import URLPattern, URLResolver, path

from jetpm.support import views

app_name = "support"

urlpatterns: list[URLPattern | URLResolver] = [
    path("desk/", views.desk, name="desk"),
    path("desk/export/", views.desk_export, name="desk_export"),
    path("ask/", views.ask, name="ask"),
    path("faq/", views.faq, name="faq"),
    path("faq/<int:faq_id>/withdraw/", views.faq_withdraw, name="faq_withdraw"),
    path("cases/<int:case_id>/", views.case, name="case"),
    path("cases/<int:case_id>/answer/", views.case_answer, name="case_answer"),
    path("cases/<int:case_id>/follow-up/", views.case_follow_up, name="case_follow_up"),
    path("cases/<int:case_id>/close/", views.case_close, name="case_close"),
    path("cases/<int:case_id>/assign/", views.case_assign, name="case_assign"),
    path("cases/<int:case_id>/publish/", views.case_publish, name="case_publish"),
    path("consultations/", views.consultations, name="consultations"),
    path("consultations/new/", views.consultation_new, name="consultation_new"),
    path("consultations/export/", views.consultations_export, name="consultations_export"),
    path("figures/", views.figures, name="figures"),
]
