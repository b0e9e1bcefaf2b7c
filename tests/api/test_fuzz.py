"""Fuzzing the API against its own OpenAPI schema (schemathesis), in-process through the WSGI application.

Every operation of the schema gets bounded, derandomised examples: valid input (with generated ids, and with
the ids of records the caller may see, so the fuzz reaches the services) and invalid input. The calls are
made with a token holding every scope, of a user who coordinates a contracting organisation and is staff
of a mission of the test world (so writes can succeed). Every response is checked by schemathesis: no
server error, a declared status code, a body and headers that conform to the schema, invalid input refused,
valid input not refused as invalid. All failures are reported together."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
import time_machine
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import ignored_auth

from jetpm.api import scopes
from jetpm.api.services import issue_token
from jetpm.core import services as core_services
from jetpm.core.states import Role
from tests.api.conftest import INSIDE_REQUESTS_WINDOW
from tests.world import make_user

EXAMPLES = 8  # per operation and kind of input: bounded, so the whole fuzz takes seconds
# Business rules the schema cannot state (which language codes are designated, a reason required when a
# candidate is not recommended, a sport only for SEA posts) refuse valid-looking input with 422, naming the
# field: valid input may be refused so, never with a server error.
CONFIG = """
[checks]
positive_data_acceptance.expected-statuses = ["2xx", "401", "403", "404", "409", "422", "429"]
"""


@pytest.fixture
def wsgi_app() -> Iterator[WSGIHandler]:
    """The project's WSGI application, inside the test's transaction: like Django's test client, requests do
    not close the database connection when they end."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield WSGIHandler()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def integrator(world, records):  # type: ignore[no-untyped-def]
    """A person who coordinates contracting organisation A and is staff of mission A."""
    user = make_user("integrator")
    for org, role in (("co_a", Role.COORDINATOR), ("mission_a", Role.STAFF)):
        core_services.add_membership(actor=None, user=user, organisation=world.orgs[org], role=role)
    _row, plain = issue_token(actor=None, user=user, name="fuzz", scopes=list(scopes.ALL), lifetime_days=365)
    return {"Authorization": f"Bearer {plain}"}


def _known_ids(world: Any, records: dict[str, Any]) -> dict[str, int]:
    """Ids of records the integrator may see, for the path parameters of the same name."""
    return {
        "organisation_id": world.orgs["co_a"].pk,
        "person_id": world.persons["applicant_a"].pk,
        "request_id": records["request_a"].pk,
        "line_id": records["line_a"].pk,
        "plan_id": records["plan_approved"].pk,
        "application_id": records["application_a"].pk,
        "placement_id": records["placement_a"].pk,
        "participant_id": records["participant_a"].pk,
        "term_id": records["term_a"].pk,
        "chapter_id": world.orgs["chapter_a"].pk,
        "alumnus_id": world.persons["alumnus_a"].pk,
    }


def _run(
    operation: Any,
    strategy: Any,
    headers: dict[str, str],
    failures: list[str],
    label: str,
    *,
    every_check: bool = False,
) -> None:
    # The check that the operation refuses requests without credentials repeats each call without the
    # token: once per operation is enough.
    excluded = [] if every_check else [ignored_auth]

    @given(case=strategy)
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
        phases=[Phase.explicit, Phase.generate],
    )
    def check(case: Any) -> None:
        case.call_and_validate(headers=headers, excluded_checks=excluded)

    try:
        check()
    except Exception as exc:  # every operation's failures, reported together at the end
        failures.append(f"{operation.label} ({label}): {exc}")


@pytest.mark.django_db
@time_machine.travel(INSIDE_REQUESTS_WINDOW, tick=True)
def test_the_api_conforms_to_its_schema_under_fuzzing(world, records, integrator, wsgi_app, settings):
    settings.JETPM_API_REQUESTS_PER_MINUTE = 1_000_000
    schema = schemathesis.openapi.from_wsgi(
        "/api/openapi.json", wsgi_app, config=SchemathesisConfig.from_str(CONFIG)
    )
    known = _known_ids(world, records)
    failures: list[str] = []
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1
        names = [p.name for p in operation.path_parameters]
        valid = operation.as_strategy(GenerationMode.POSITIVE)
        _run(operation, valid, integrator, failures, "valid", every_check=True)
        _run(operation, operation.as_strategy(GenerationMode.NEGATIVE), integrator, failures, "invalid")
        if names:
            fixed = {name: known[name] for name in names}
            strategy = operation.as_strategy(GenerationMode.POSITIVE, path_parameters=fixed)
            _run(operation, strategy, integrator, failures, "valid, records the caller sees")
    assert operations >= 30
    assert not failures, "\n\n".join(failures)
