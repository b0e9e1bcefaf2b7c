"""URLs of the predeparture app: departure groups and arrival (departure/), orientations, checklists and
the send-off evaluation (orientations/)."""

from django.urls import URLPattern, URLResolver, path

from jetpm.predeparture.departure import views as departure
from jetpm.predeparture.orientations.urls import urlpatterns as orientation_urls

app_name = "predeparture"

urlpatterns: list[URLPattern | URLResolver] = [*orientation_urls]

# --- departure groups and arrival ---
urlpatterns += [
    path("groups/", departure.group_list, name="group_list"),
    path("groups/<int:departure_group_id>/", departure.group_detail, name="group_detail"),
    path("groups/<int:departure_group_id>/change/", departure.group_change, name="group_change"),
    path("groups/<int:departure_group_id>/assign/", departure.group_assign, name="group_assign"),
    path("departures/<int:departure_id>/", departure.departure_detail, name="departure_detail"),
    path("departures/<int:departure_id>/move/", departure.departure_move, name="departure_move"),
    path("departures/<int:departure_id>/arrive/", departure.departure_arrive, name="departure_arrive"),
    path("departures/<int:departure_id>/no-show/", departure.departure_no_show, name="departure_no_show"),
    path("departures/<int:departure_id>/withdraw/", departure.departure_withdraw, name="departure_withdraw"),
    path("arrivals/", departure.arrival_list, name="arrival_list"),
    path("arrivals/figures/", departure.arrival_figures, name="arrival_figures"),
    path("my-departure/", departure.my_departure, name="my_departure"),
]
