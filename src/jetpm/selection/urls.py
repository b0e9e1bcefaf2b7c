from django.urls import path

from jetpm.selection import views

app_name = "selection"

urlpatterns = [
    path("", views.home, name="home"),
    path("prepare/", views.prepare, name="prepare"),
    path("prepare-all/", views.prepare_all, name="prepare_all"),
    path("publish/", views.publish, name="publish"),
    path("lists/<int:selection_id>/", views.list_detail, name="list"),
    path("lists/<int:selection_id>/result/", views.entry_result, name="entry_result"),
    path("lists/<int:selection_id>/rank/", views.entry_rank, name="entry_rank"),
    path("lists/<int:selection_id>/propose/", views.list_propose, name="propose"),
    path("lists/<int:selection_id>/approve/", views.list_approve, name="approve"),
    path("lists/<int:selection_id>/send-back/", views.list_send_back, name="send_back"),
    path("vacancies/", views.vacancies, name="vacancies"),
    path("vacancies/lapse/", views.lapse, name="lapse"),
    path("vacancies/<int:application_id>/confirm/", views.vacancy_confirm, name="vacancy_confirm"),
    path("offers/<int:offer_id>/", views.offer_detail, name="offer"),
    path("offers/<int:offer_id>/accept/", views.offer_accept, name="offer_accept"),
    path("offers/<int:offer_id>/decline/", views.offer_decline, name="offer_decline"),
    path("offers/<int:offer_id>/upload/", views.offer_upload, name="offer_upload"),
    path("offers/<int:offer_id>/clear/", views.offer_clear, name="offer_clear"),
    path("letters/<int:application_id>/", views.letter, name="letter"),
]
