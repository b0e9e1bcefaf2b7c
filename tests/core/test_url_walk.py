"""Walk every URL pattern of the project with every role of the test world, filling record parameters with
records the role may NOT see, and fail on any answer but 404 (or, for anonymous, the redirect to the login
page; or 405 for a method the view does not take). A 403 is a failure: pages answer 404 for a record outside
the scope, so that a refusal never tells that the record exists.

Each route is sent a GET and a POST. The POST carries a valid CSRF token (a client with
``enforce_csrf_checks=True``, the cookie and the ``X-CSRFToken`` header set to the same secret), so it goes
through the CSRF middleware exactly as a browser's form does: the answer is the view's, never a CSRF refusal
that would hide what the view does with a foreign record.

A page added later joins this walk by itself; a new URL parameter must be registered
(``jetpm.core.scoping.register_url_parameter``) and the test world (``tests/world.add_walk_records``) must
hold records of it on both sides — one a role may see and one it may not — or the walk fails."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.db.models import Model
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils.crypto import get_random_string

from jetpm.core.scoping import URL_PARAMETERS, scope_of, visible_to
from tests.world import USERNAMES, World, add_walk_records

# Parameters that do not name a record, and why they need no scoping check.
NOT_RECORDS = {
    "uidb64": "password-reset link: user id signed together with the token",
    "token": "password-reset link: one-time token",
}
# Parameters that name records every signed-in user may see, so no role has a foreign one; the pages that
# change them check the role (and answer 404 to others), which the walk checks for a 403 and a 500 only.
PUBLIC_PARAMETERS = {
    "cycle_id": "the programme's calendar is its public timetable (core/rules.cycle_rule)",
}
# Namespaces whose pages are only for superusers and are checked by their own guard, or walked elsewhere.
SKIPPED_NAMESPACES = {
    "admin": "Django admin: superusers only (tests/core/test_admin.py checks the guard)",
    "api": "the API takes bearer tokens, not sessions: tests/api/test_walk.py calls every operation of its "
    "schema with its own method and a valid body, with every role",
}
# Users the walk cannot refuse anything: they see every record.
UNREFUSABLE = {"superuser": "a superuser sees every record"}
# Routes whose parameter names another record than its registered model: (route, parameter) → (the model
# whose visibility decides, the field of it that holds the parameter's value).
VIA = {
    # the placement notice of an application: the organisation the applicant is placed with may read it
    # (placement/permissions.can_read_notice) through the Placement's scoping rule, not the Application's
    ("placement:notice", "application_id"): ("placement.Placement", "application_id"),
}


@dataclass
class Route:
    path: str  # with <name> placeholders
    params: list[str]
    name: str
    namespace: str


def _walk(patterns: list, prefix: str = "", namespace: str = "") -> list[Route]:
    routes: list[Route] = []
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = p.namespace or namespace
            routes += _walk(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            raw = prefix + str(p.pattern)
            if raw.startswith("^") or "(?P<" in raw:
                raw = raw.lstrip("^").rstrip("$").replace("\\Z", "")
                raw = re.sub(r"\(\?P<(\w+)>[^)]*\)", r"<\1>", raw)
            params = re.findall(r"<(?:\w+:)?(\w+)>", raw)
            path = "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"<\1>", raw)
            name = f"{namespace}:{p.name}" if namespace else str(p.name)
            routes.append(Route(path=path, params=params, name=name, namespace=namespace))
    return routes


ALL_ROUTES = _walk(get_resolver().url_patterns)
ROUTES = [r for r in ALL_ROUTES if r.namespace not in SKIPPED_NAMESPACES]
# The routes that name records: the walk's subject.
RECORD_ROUTES = [r for r in ROUTES if r.params and not any(p in NOT_RECORDS for p in r.params)]


def _fill(path: str, values: dict[str, object]) -> str:
    for k, v in values.items():
        path = path.replace(f"<{k}>", str(v))
    return path


def _is_login_redirect(response: Any) -> bool:
    return response.status_code in (301, 302) and "login" in response.get("Location", "")


def _model(param: str) -> type[Model]:
    return apps.get_model(URL_PARAMETERS[param])


def _sides(user: Any, param: str, route: str = "") -> tuple[int | None, int | None]:
    """(a record of the parameter's model this user may see, one they may not), or None for a side."""
    model = _model(param)
    via = VIA.get((route, param))
    seen = (
        visible_to(user, apps.get_model(via[0])).values(via[1])
        if via
        else visible_to(user, model).values("pk")
    )
    visible = model._default_manager.filter(pk__in=seen).order_by("pk").values_list("pk", flat=True).first()
    hidden = model._default_manager.exclude(pk__in=seen).order_by("pk").values_list("pk", flat=True).first()
    return visible, hidden


def _csrf_client() -> tuple[Client, dict[str, str]]:
    """A client that enforces CSRF like a browser, with a valid token: the cookie and the header agree."""
    client = Client(enforce_csrf_checks=True)
    secret = get_random_string(32)
    client.cookies[settings.CSRF_COOKIE_NAME] = secret
    return client, {"X-CSRFToken": secret}


@pytest.fixture
def walk_world(world: World) -> World:
    add_walk_records(world)
    return world


def test_every_url_parameter_is_registered():
    unknown = {p for r in ROUTES for p in r.params if p not in URL_PARAMETERS and p not in NOT_RECORDS}
    assert not unknown, (
        f"URL parameters {sorted(unknown)} are not registered: "
        "call register_url_parameter(name, 'app.Model') "
        "in the app's rules so the URL walk can check them against foreign records"
    )


def test_walk_covers_the_pages_of_core():
    names = {r.name for r in RECORD_ROUTES}
    assert {"core:person_detail", "core:organisation_detail", "core:cycle_edit", "core:audit_detail"} <= names
    assert len(RECORD_ROUTES) >= 120


def test_the_api_walk_calls_every_api_route():
    """The API's routes are skipped here because tests/api/test_walk.py walks them: make sure it does."""
    from tests.api.test_walk import OPERATIONS

    api_paths = {re.sub(r"<(\w+)>", r"{\1}", r.path).rstrip("/") for r in ALL_ROUTES if r.namespace == "api"}
    api_paths -= {"/api", "/api/openapi.json", "/api/docs"}  # the root, the schema and its page
    walked = {path.rstrip("/") for _method, path, _op in OPERATIONS}
    assert api_paths and api_paths <= walked, sorted(api_paths - walked)


@pytest.mark.django_db
def test_the_world_has_every_role():
    from tests.world import build_world

    assert set(build_world().users) == set(USERNAMES)


@pytest.mark.django_db
def test_every_url_parameter_has_records_on_both_sides(walk_world):
    """For every registered parameter, the world holds a record some role may see and, for some role, a record
    that role may not see — without a foreign record the walk would check nothing for that parameter."""
    missing = []
    users = [user for username, user in walk_world.users.items() if username not in UNREFUSABLE]
    for param in sorted(URL_PARAMETERS):
        if param in PUBLIC_PARAMETERS:
            continue
        sides = [_sides(user, param) for user in users]
        if not any(seen is not None for seen, _hidden in sides):
            missing.append(f"{param} ({URL_PARAMETERS[param]}): no role may see one")
        if not any(hidden is not None for _seen, hidden in sides):
            missing.append(f"{param} ({URL_PARAMETERS[param]}): every role may see them all")
    assert not missing, (
        f"the test world lacks records on both sides for: {missing} — "
        "add them to tests/world.add_walk_records"
    )


@pytest.mark.django_db
def test_every_route_is_walked_with_a_foreign_record(walk_world):
    """Each route naming records is filled, for at least one role, with a record that role may not see (but
    the routes of public records only, listed here by name)."""
    users = [user for username, user in walk_world.users.items() if username not in UNREFUSABLE]
    unchecked = [
        r.name
        for r in RECORD_ROUTES
        if not any(
            _sides(user, p, r.name)[1] is not None
            for user in users
            for p in r.params
            if p not in PUBLIC_PARAMETERS
        )
    ]
    assert unchecked == ["core:cycle_detail", "core:cycle_edit"], (
        f"routes no role is walked with a foreign record: {unchecked}"
    )


def _answers(client: Client, url: str, headers: dict[str, str]) -> dict[str, Any]:
    return {"GET": client.get(url), "POST": client.post(url, {}, headers=headers)}


WALKED = [u for u in USERNAMES if u not in UNREFUSABLE]


@pytest.mark.django_db
@pytest.mark.parametrize("username", WALKED)
def test_every_role_is_refused_foreign_records(walk_world, username):
    """GET and POST every route naming records, with records this role may not see: 404 (405 for a method
    the view does not take). A route where the role sees every record of its parameters cannot be refused:
    its GET must still answer without a 403 or an error."""
    user = walk_world.users[username]
    client, headers = _csrf_client()
    client.force_login(user)
    sides: dict[tuple[str, str], tuple[int | None, int | None]] = {}
    foreign_checked = 0
    failures: list[str] = []
    for route in RECORD_ROUTES:
        values: dict[str, object] = {}
        foreign = False
        for param in route.params:
            key = (param, route.name if (route.name, param) in VIA else "")
            if key not in sides:
                sides[key] = _sides(user, param, key[1])
            visible, hidden = sides[key]
            if param not in PUBLIC_PARAMETERS and hidden is not None:
                values[param] = hidden
                foreign = True
            else:
                values[param] = visible if visible is not None else 999999
        url = _fill(route.path, values)
        if foreign:
            for method, response in _answers(client, url, headers).items():
                if response.status_code not in (404, 405):
                    failures.append(f"{method} {url} ({route.name}): {response.status_code}")
            foreign_checked += 1
        else:
            response = client.get(url)
            if response.status_code == 403 or response.status_code >= 500:
                failures.append(f"GET {url} ({route.name}) with records they may see: {response.status_code}")
    assert not failures, (
        f"{username} was not refused with 404 for records outside their scope:\n" + "\n".join(failures)
    )
    # The role really was walked with foreign records (the national bodies see nearly everything: another
    # user's API tokens, say; the others many).
    assert foreign_checked >= (1 if scope_of(user).national else 20), foreign_checked


PUBLIC_ROUTES = {
    "login",
    "health",  # the load balancer's probe: no personal data (tests/core/test_health.py)
    "password_reset",
    "password_reset_done",
    "password_reset_complete",
    "set_language",
    "applications:register",
    "applications:register_sent",
    "applications:register_resend",
}


@pytest.mark.django_db
def test_anonymous_is_sent_to_login_everywhere(walk_world):
    client, headers = _csrf_client()
    failures = []
    for route in ROUTES:
        if route.name in PUBLIC_ROUTES or any(p in NOT_RECORDS for p in route.params):
            continue
        values = {
            p: _model(p)._default_manager.order_by("pk").values_list("pk", flat=True).first() or 1
            for p in route.params
        }
        url = _fill(route.path, values)
        for method, response in _answers(client, url, headers).items():
            if not (_is_login_redirect(response) or response.status_code in (404, 405)):
                failures.append(f"anonymous {method} {url} ({route.name}): {response.status_code}")
    assert not failures, "\n".join(failures)
