"""URLs of the alumni app."""

from django.urls import URLPattern, URLResolver, include, path

from jetpm.alumni import views

app_name = "alumni"

urlpatterns: list[URLPattern | URLResolver] = [
    path("me/", views.me, name="me"),
    path("me/profile/", views.me_profile, name="me_profile"),
    path("me/consent/", views.me_consent, name="me_consent"),
    path("returns/", views.return_list, name="return_list"),
    path("returns/<int:participant_id>/", views.return_record, name="return_record"),
    path("people/", views.alumnus_list, name="alumnus_list"),
    path("people/<int:alumnus_profile_id>/", views.alumnus_detail, name="alumnus_detail"),
    path("people/<int:alumnus_profile_id>/notable/", views.alumnus_notable, name="alumnus_notable"),
    path("notable/", views.notable_list, name="notable_list"),
    path("chapters/", views.chapter_list, name="chapter_list"),
    path("chapters/<int:chapter_id>/", views.chapter_detail, name="chapter_detail"),
    path("chapters/<int:chapter_id>/edit/", views.chapter_edit, name="chapter_edit"),
    path("chapters/<int:chapter_id>/members/add/", views.member_add, name="member_add"),
    path("chapters/<int:chapter_id>/members/import/", views.member_import, name="member_import"),
    path("memberships/<int:chapter_membership_id>/remove/", views.member_remove, name="member_remove"),
    # surveys, bulletins and engagement (alumni_outreach)
    path("surveys/", include("jetpm.alumni.surveys.urls")),
    path("bulletins/", include("jetpm.alumni.bulletins.urls")),
    path("engagement/", include("jetpm.alumni.engagement.urls")),
]
