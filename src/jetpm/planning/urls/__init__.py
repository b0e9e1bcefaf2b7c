"""Planning's URLs, one module per subject (each defines ``urlpatterns``)."""

from jetpm.planning.urls import guidelines, plans, requests, year_rules

app_name = "planning"

urlpatterns = [*requests.urlpatterns, *plans.urlpatterns, *guidelines.urlpatterns, *year_rules.urlpatterns]
