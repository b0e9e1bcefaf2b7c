"""The security walk of the API: every operation of the OpenAPI schema, with every role of the test world.

- An operation whose path names records is called with records the role may not see: 404, whatever the
  method (a write changes nothing). With records the role may see, a read answers 200.
- A list answers 200 and holds only records the role may see.
- A token without the operation's scope answers 403 (a read scope does not write).

The operations come from the schema, so a new endpoint joins the walk by itself; it fails until the walk
knows how to fill the new endpoint's path parameters, which records its list holds and (for a write) a
valid body."""

from __future__ import annotations

from typing import Any

import pytest
import time_machine
from django.db.models import Model, QuerySet

from jetpm.api.api import api
from jetpm.api.scopes import ALL
from jetpm.applications.models import Application
from jetpm.appointments.models import AppointmentTerm, Participant
from jetpm.core.models import Organisation, Person
from jetpm.core.scoping import scope_of, visible_to
from jetpm.placement.models import Placement
from jetpm.planning.models import CountryPlan, PlacementRequest, RequestLine
from jetpm.screening.models import Interview
from tests.api.conftest import INSIDE_REQUESTS_WINDOW
from tests.world import USERNAMES

SCHEMA = api.get_openapi_schema()
OPERATIONS = [
    (method.upper(), path, op) for path, ops in SCHEMA["paths"].items() for method, op in ops.items()
]


def _published_placements() -> QuerySet[Placement]:
    return Placement.objects.filter(run__status="published", contracting_org__isnull=False)


# The records each path parameter names (as the endpoint serves them).
PARAMETERS: dict[str, Any] = {
    "organisation_id": lambda: Organisation.objects.all(),
    "person_id": lambda: Person.objects.all(),
    "request_id": lambda: PlacementRequest.objects.all(),
    "line_id": lambda: RequestLine.objects.all(),  # a line of the request chosen for request_id
    "plan_id": lambda: CountryPlan.objects.all(),
    "application_id": lambda: Application.objects.exclude(status="draft"),
    "placement_id": _published_placements,
    "participant_id": lambda: Participant.objects.all(),
    "term_id": lambda: AppointmentTerm.objects.all(),
    "chapter_id": lambda: Organisation.objects.filter(kind="jetaa_chapter"),
    "alumnus_id": lambda: Person.objects.filter(kind="alumnus"),
}
# Which records each list holds (None: not records of the scoped kind, e.g. the calendar's windows).
LISTS: dict[str, type[Model] | None] = {
    "/api/organisations": Organisation,
    "/api/people": Person,
    "/api/calendar/open-windows": None,
    "/api/planning/requests": PlacementRequest,
    "/api/planning/plans": CountryPlan,
    "/api/applications": Application,
    "/api/screening/interviews": Interview,
    "/api/placements": Placement,
    "/api/appointments/participants": Participant,
    "/api/appointments/terms": AppointmentTerm,
    "/api/alumni/chapters": Organisation,
    "/api/alumni/people": Person,
    "/api/alumni/jetaa-support": None,  # figures by mission (scoped in tests/jetaa/test_api.py)
}
# A valid body for each write (so that only the record's scope can refuse it).
BODIES: dict[tuple[str, str], dict[str, Any] | None] = {
    ("POST", "/api/planning/requests"): {"organisation_id": "<co>", "intake_year": 2027},
    ("PATCH", "/api/planning/requests/{request_id}"): {"note": "From the walk"},
    ("POST", "/api/planning/requests/{request_id}/lines"): {"job_type": "ALT", "language": "fr"},
    ("PUT", "/api/planning/requests/{request_id}/lines/{line_id}"): {
        "job_type": "ALT",
        "language": "en",
        "new_participants": 4,
    },
    ("DELETE", "/api/planning/requests/{request_id}/lines/{line_id}"): None,
    ("POST", "/api/planning/requests/{request_id}/submit"): None,
    ("POST", "/api/screening/applications/{application_id}/interview-result"): {"passed": True},
    ("PUT", "/api/screening/applications/{application_id}/japanese-test"): {
        "tested_on": "2027-01-21",
        "score": 70,
        "passed": True,
    },
}


def _params(path: str) -> list[str]:
    import re

    return re.findall(r"{(\w+)}", path)


def test_the_walk_knows_every_parameter_list_and_write_of_the_schema():
    unknown = {p for _m, path, _op in OPERATIONS for p in _params(path) if p not in PARAMETERS}
    assert not unknown, (
        f"path parameters {sorted(unknown)}: tell the walk which records they name (PARAMETERS)"
    )
    lists = {path for method, path, _op in OPERATIONS if method == "GET" and not _params(path)}
    assert lists == set(LISTS), f"lists the walk does not know: {sorted(lists - set(LISTS))} (LISTS)"
    writes = {(method, path) for method, path, _op in OPERATIONS if method != "GET"}
    assert writes == set(BODIES), f"writes without a valid body for the walk: {sorted(writes - set(BODIES))}"
    assert len(OPERATIONS) >= 30


def _pick(user: Any, param: str, *, visible: bool, chosen: dict[str, Model]) -> Model | None:
    qs = PARAMETERS[param]()
    if param == "line_id":
        parent = chosen.get("request_id")
        if parent is None:
            return None
        qs = qs.filter(request=parent)
        return qs.order_by("pk").first()  # follows its request: foreign with a foreign request
    seen = visible_to(user, qs.model).values("pk")
    qs = qs.filter(pk__in=seen) if visible else qs.exclude(pk__in=seen)
    return qs.order_by("pk").first()


def _records(user: Any, path: str, *, visible: bool) -> dict[str, Model] | None:
    chosen: dict[str, Model] = {}
    for param in _params(path):
        record = _pick(user, param, visible=visible, chosen=chosen)
        if record is None:
            return None
        chosen[param] = record
    return chosen


def _call(client: Any, method: str, path: str, values: dict[str, Model], headers: dict[str, str], world: Any):
    url = path
    for name, record in values.items():
        url = url.replace("{" + name + "}", str(record.pk))
    body = BODIES.get((method, path))
    if body is not None and body.get("organisation_id") == "<co>":
        body = {**body, "organisation_id": world.orgs["co_a"].pk}
    kwargs: dict[str, Any] = {"headers": headers}
    if body is not None:
        kwargs.update(data=body, content_type="application/json")
    return url, getattr(client, method.lower())(url, **kwargs)


@pytest.mark.django_db
def test_the_walk_takes_every_role_of_the_world(world):
    assert set(world.users) == set(USERNAMES)


@pytest.mark.django_db
@time_machine.travel(INSIDE_REQUESTS_WINDOW)
@pytest.mark.parametrize("username", USERNAMES)
def test_every_role_every_operation(world, records, client, bearer, username):
    """One role of the world (parametrised, so that workers share the roles) against every operation."""
    user = world.users[username]
    headers = bearer(user, ALL)
    foreign_checked = visible_checked = lists_checked = 0
    for method, path, _op in OPERATIONS:
        if _params(path):
            hidden = _records(user, path, visible=False)
            if hidden is not None:
                url, response = _call(client, method, path, hidden, headers, world)
                assert response.status_code == 404, (
                    f"{username} {method} {url}: {response.status_code} for a record outside their scope "
                    f"(expected 404): {response.content[:300]!r}"
                )
                foreign_checked += 1
            if method == "GET":
                seen = _records(user, path, visible=True)
                if seen is not None:
                    url, response = _call(client, method, path, seen, headers, world)
                    assert response.status_code == 200, (
                        f"{username} GET {url}: {response.status_code} for a record they may see"
                    )
                    visible_checked += 1
        elif method == "GET":
            response = client.get(path, {"limit": 100}, headers=headers)
            assert response.status_code == 200, f"{username} GET {path}: {response.status_code}"
            model = LISTS[path]
            if model is not None:
                body = response.json()
                ids = {item["id"] for item in body["items"]}
                allowed = set(visible_to(user, model).filter(pk__in=ids).values_list("pk", flat=True))
                assert ids == allowed, f"{username} GET {path} lists records outside their scope"
                assert body["count"] == len(body["items"])  # the small world fits in one page
            lists_checked += 1
    assert lists_checked == len(LISTS)
    if user.is_superuser or scope_of(user).national:
        # They see (nearly) every record the API exchanges: what they see is read, what not is refused.
        assert visible_checked >= 9, (username, foreign_checked, visible_checked)
    else:
        assert foreign_checked >= 10, (username, foreign_checked)  # refused the other side's records


@pytest.mark.django_db
@time_machine.travel(INSIDE_REQUESTS_WINDOW)
def test_a_token_without_the_operations_scope_gets_403(world, records, client, bearer):
    user = world.users["superuser"]  # sees every record: only the scope can refuse
    tokens: dict[tuple[str, ...], dict[str, str]] = {}
    for method, path, op in OPERATIONS:
        area, access = op["x-scope"].split(":")
        others = [s for s in ALL if not s.startswith(f"{area}:")]
        if access == "write":
            others.append(f"{area}:read")  # reading an area does not write it
        if tuple(others) not in tokens:
            tokens[tuple(others)] = bearer(user, others)
        headers = tokens[tuple(others)]
        values = _records(user, path, visible=True)
        assert values is not None, path
        url, response = _call(client, method, path, values, headers, world)
        assert response.status_code == 403, f"{method} {url} without {op['x-scope']}: {response.status_code}"
        assert op["x-scope"] in response.json()["detail"]
