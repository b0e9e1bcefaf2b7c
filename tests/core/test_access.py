"""Authorisation in one call (core/access.py): scope and permission together, and a refusal that reaches a
page as 404 without a ``try`` in the view (DomainRefusalMiddleware)."""

from __future__ import annotations

import pytest
from django.http import Http404, HttpResponse
from django.test import RequestFactory

from jetpm.core.access import Actions, access
from jetpm.core.errors import DomainError, IllegalTransition, NotFound, PermissionDenied
from jetpm.core.middleware import DomainRefusalMiddleware
from jetpm.core.models import Organisation

ACTIONS = Actions(
    manage=lambda scope, org: org.pk in scope.org_ids,
    never=lambda scope, org: False,
    explains=lambda scope, org: (_ for _ in ()).throw(DomainError("The window is closed.")),
)


def test_visible_and_allowed_returns_the_record(world):
    user = world.users["co_a.coordinator"]
    org = world.orgs["co_a"]
    assert access(user, Organisation, action="manage", actions=ACTIONS, pk=org.pk) == org
    assert access(user, Organisation, pk=org.pk) == org  # no action: visibility alone


def test_visible_but_not_allowed_is_as_unknown_as_a_missing_record(world):
    user = world.users["co_a.coordinator"]
    org = world.orgs["co_a"]
    with pytest.raises(NotFound):
        access(user, Organisation, action="never", actions=ACTIONS, pk=org.pk)
    with pytest.raises(NotFound):
        access(user, Organisation, action="manage", actions=ACTIONS, pk=world.orgs["co_b"].pk)
    with pytest.raises(NotFound):
        access(user, Organisation, actions=ACTIONS, pk="not-a-number")


def test_a_predicate_that_explains_is_left_to_the_service(world):
    user = world.users["co_a.coordinator"]
    org = world.orgs["co_a"]
    assert access(user, Organisation, action="explains", actions=ACTIONS, pk=org.pk) == org


def test_an_undeclared_action_is_a_programming_error(world):
    with pytest.raises(KeyError):
        access(
            world.users["co_a.coordinator"],
            Organisation,
            action="fly",
            actions=ACTIONS,
            pk=world.orgs["co_a"].pk,
        )


@pytest.mark.parametrize("exc", [NotFound("gone"), PermissionDenied("not yours")])
def test_the_middleware_answers_a_refusal_with_404(exc):
    middleware = DomainRefusalMiddleware(lambda request: HttpResponse())
    with pytest.raises(Http404):
        middleware.process_exception(RequestFactory().get("/"), exc)


def test_the_middleware_leaves_other_errors_alone():
    middleware = DomainRefusalMiddleware(lambda request: HttpResponse())
    assert middleware.process_exception(RequestFactory().get("/"), IllegalTransition("no")) is None
