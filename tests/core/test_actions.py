"""The one action path of pages (core/actions.py): how a service's refusals reach the page."""

from __future__ import annotations

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.http import Http404
from django.test import RequestFactory

from jetpm.core import actions
from jetpm.core.errors import DomainError, FieldErrors, IllegalTransition, NotFound, PermissionDenied


def _request():  # type: ignore[no-untyped-def]
    request = RequestFactory().post("/")
    request.session = {}  # type: ignore[attr-defined]
    request._messages = FallbackStorage(request)  # type: ignore[attr-defined]
    return request


def _raise(exc: Exception):  # type: ignore[no-untyped-def]
    def call() -> None:
        raise exc

    return call


@pytest.mark.parametrize("exc", [NotFound("gone"), PermissionDenied("not yours")])
def test_not_visible_or_not_allowed_is_a_404(exc):
    with pytest.raises(Http404):
        actions.perform(_request(), _raise(exc))


def test_a_refusal_in_this_state_is_a_message_and_nothing_else():
    request = _request()
    outcome = actions.perform(request, _raise(IllegalTransition("The plan is approved.")), success="Done")
    assert not outcome.ok
    assert [str(m) for m in get_messages(request)] == ["The plan is approved."]


def test_every_error_of_a_refusal_is_reported():
    request = _request()
    actions.perform(request, _raise(FieldErrors([("a", "First."), ("b", "Second.")])))
    assert [str(m) for m in get_messages(request)] == ["First.", "Second."]


def test_success_returns_the_value_and_says_so():
    request = _request()
    outcome = actions.perform(request, lambda: 42, success="Saved.")
    assert outcome.ok and outcome.value == 42
    assert [str(m) for m in get_messages(request)] == ["Saved."]


class _Form(forms.Form):
    name = forms.CharField(required=False)
    when = forms.DateField(required=False)


def test_a_forms_errors_go_onto_its_fields_all_at_once():
    request = _request()
    form = _Form({})
    assert form.is_valid()
    refused = FieldErrors([("name", "Give the name."), ("when", "Too late."), (None, "Window closed.")])
    outcome = actions.perform_form(request, form, _raise(refused))
    assert not outcome.ok
    assert form.errors["name"] == ["Give the name."]
    assert form.errors["when"] == ["Too late."]
    assert [str(m) for m in get_messages(request)] == ["Window closed."]


def test_a_form_service_that_refuses_visibility_is_a_404():
    with pytest.raises(Http404):
        actions.perform_form(_request(), _Form({}), _raise(NotFound("gone")))


def test_a_plain_domain_error_without_a_field_is_a_message():
    request = _request()
    form = _Form({})
    form.is_valid()
    actions.perform_form(request, form, _raise(DomainError("No.")))
    assert not form.errors
    assert [str(m) for m in get_messages(request)] == ["No."]
