"""URLs of the alumni app."""

from django.urls import URLPattern, URLResolver, include, path

app_name = "alumni"

urlpatterns: list[URLPattern | URLResolver] = [
    # surveys, bulletins and engagement (alumni_outreach)
    path("surveys/", include("jetpm.alumni.surveys.urls")),
    path("bulletins/", include("jetpm.alumni.bulletins.urls")),
    path("engagement/", include("jetpm.alumni.engagement.urls")),
]
