from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from jetpm.api import views as api_views
from jetpm.api.api import api
from jetpm.applications.portal.forms import ApplicantLoginForm
from jetpm.core import views as core_views
from jetpm.core import views_password as password_views
from jetpm.core import views_second_factor as second_factor_views
from jetpm.core.health import health

urlpatterns = [
    path("", core_views.home, name="home"),
    path("health/", health, name="health"),  # answered by HealthCheckMiddleware first
    path("language/", core_views.set_language, name="set_language"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(
            redirect_authenticated_user=True, authentication_form=ApplicantLoginForm
        ),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/second-factor/", second_factor_views.setup, name="second_factor_setup"),
    path("accounts/second-factor/verify/", second_factor_views.verify, name="second_factor_verify"),
    path("accounts/second-factor/remove/", second_factor_views.remove, name="second_factor_remove"),
    path("accounts/password/change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "accounts/password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("accounts/password/reset/", password_views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "accounts/password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/password/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("accounts/api-tokens/", api_views.token_list, name="api_tokens"),
    path("accounts/api-tokens/<int:token_id>/revoke/", api_views.token_revoke, name="api_token_revoke"),
    path("", include("jetpm.core.urls")),
    path("planning/", include("jetpm.planning.urls")),
    path("outreach/", include("jetpm.outreach.urls")),
    path("applications/", include("jetpm.applications.urls")),
    path("", include("jetpm.portal.urls")),
    path("screening/", include("jetpm.screening.urls")),
    path("selection/", include("jetpm.selection.urls")),
    path("placement/", include("jetpm.placement.urls")),
    path("appointments/", include("jetpm.appointments.urls")),
    path("predeparture/", include("jetpm.predeparture.urls")),
    path("support/", include("jetpm.support.urls")),
    path("evaluation/", include("jetpm.evaluation.urls")),
    path("alumni/", include("jetpm.alumni.urls")),
    path("jetaa/", include("jetpm.jetaa.urls")),
    path("stats/", include("jetpm.stats.urls")),
    path("api/", api.urls),
    path("admin/", admin.site.urls),
]
