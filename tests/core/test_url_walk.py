"""Walk every URL pattern of the project with every role, filling record parameters with records the role
may not see, and fail on any answer but 404/403/redirect-to-login. A page added later joins this walk
automatically; a new URL parameter must be registered in jetpm.core.scoping.URL_PARAMETERS."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver

from jetpm.core.scoping import URL_PARAMETERS, visible_to

# Parameters that do not name a record, and why they need no scoping check.
NOT_RECORDS = {
    "uidb64": "password-reset link: user id signed together with the token",
    "token": "password-reset link: one-time token",
}
# Namespaces whose pages are only for superusers and are checked by their own guard.
SKIPPED_NAMESPACES = {"admin": "Django admin: superusers only (tests/core/test_admin.py checks the guard)"}
REFUSED = {401, 403, 404}


@dataclass
class Route:
    path: str  # with <name> placeholders
    params: list[str]
    name: str


def _walk(patterns: list, prefix: str = "", namespace: str = "") -> list[Route]:
    routes: list[Route] = []
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = p.namespace or namespace
            if ns in SKIPPED_NAMESPACES:
                continue
            routes += _walk(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            raw = prefix + str(p.pattern)
            if raw.startswith("^") or "(?P<" in raw:
                raw = raw.lstrip("^").rstrip("$").replace("\\Z", "")
                raw = re.sub(r"\(\?P<(\w+)>[^)]*\)", r"<\1>", raw)
            params = re.findall(r"<(?:\w+:)?(\w+)>", raw)
            path = "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"<\1>", raw)
            routes.append(
                Route(path=path, params=params, name=f"{namespace}:{p.name}" if namespace else str(p.name))
            )
    return routes


ROUTES = _walk(get_resolver().url_patterns)


def _fill(path: str, values: dict[str, object]) -> str:
    for k, v in values.items():
        path = path.replace(f"<{k}>", str(v))
    return path


def _is_login_redirect(response) -> bool:  # type: ignore[no-untyped-def]
    return response.status_code in (301, 302) and "login" in response.get("Location", "")


def test_every_url_parameter_is_registered():
    unknown = {p for r in ROUTES for p in r.params if p not in URL_PARAMETERS and p not in NOT_RECORDS}
    assert not unknown, (
        f"URL parameters {sorted(unknown)} are not registered: "
        "call register_url_parameter(name, 'app.Model') "
        "in the app's rules so the URL walk can check them against foreign records"
    )


def test_walk_covers_the_pages_of_core():
    names = {r.name for r in ROUTES}
    assert {"core:person_detail", "core:organisation_detail", "core:cycle_edit", "core:audit_detail"} <= names
    assert any(r.path.startswith("/api/") for r in ROUTES)


@pytest.mark.django_db
def test_every_role_is_refused_foreign_records(world, client):
    checked = 0
    for username, user in world.users.items():
        if user.is_superuser:
            continue
        client.force_login(user)
        for route in ROUTES:
            if not route.params or any(p in NOT_RECORDS for p in route.params):
                continue
            # For each parameter, a record of its model that this user may NOT see (when there is one).
            values: dict[str, object] = {}
            foreign = False
            for param in route.params:
                model = apps.get_model(URL_PARAMETERS[param])
                hidden = (
                    model._default_manager.exclude(pk__in=visible_to(user, model).values("pk"))
                    .order_by("pk")
                    .first()
                )
                target = hidden or model._default_manager.order_by("pk").first()
                foreign |= hidden is not None
                values[param] = target.pk if target is not None else 999999
            url = _fill(route.path, values)
            response = client.get(url)
            # An API path whose operations all write answers GET with 405, which says nothing about the
            # record; tests/api/test_walk.py calls every operation with its own method.
            refused = REFUSED | {405} if route.name.startswith("api:") else REFUSED
            if foreign:
                assert response.status_code in refused or _is_login_redirect(response), (
                    f"{username} GET {url} ({route.name}) answered {response.status_code} "
                    "for a record outside "
                    "their scope: expected 404, 403 or a redirect to login"
                )
                checked += 1
            else:
                assert response.status_code < 500, f"{username} GET {url} answered {response.status_code}"
        client.logout()
    assert checked >= 80  # the walk really ran over scoped roles and record URLs


@pytest.mark.django_db
def test_anonymous_is_sent_to_login_everywhere(world, client):
    public = {
        "login",
        "health",  # the load balancer's probe: no personal data (tests/core/test_health.py)
        "password_reset",
        "password_reset_done",
        "password_reset_complete",
        "set_language",
        "api:openapi-json",
        "api:openapi-view",
        "applications:register",
        "applications:register_sent",
        "applications:register_resend",
    }
    for route in ROUTES:
        if route.name in public or any(p in NOT_RECORDS for p in route.params):
            continue
        url = _fill(route.path, {p: 1 for p in route.params})
        response = client.get(url)
        assert _is_login_redirect(response) or response.status_code in REFUSED | {405}, (
            f"anonymous GET {url} ({route.name}) answered {response.status_code}"
        )
