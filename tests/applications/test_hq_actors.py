"""HQ of recruitment and selection is MOFA (the Council's approvers approve); CLAIR places the selected
candidates: it records a placed candidate's withdrawal, and moves no application otherwise."""

from __future__ import annotations

import pytest
from django.db import transaction

from jetpm.applications.models import Application
from jetpm.applications.permissions import actors_of
from jetpm.applications.services.transitions import lock, move
from jetpm.applications.states import Actor, ApplicationStatus
from jetpm.core.errors import PermissionDenied
from jetpm.core.scoping import scope_of

pytestmark = pytest.mark.django_db


def _move(user, application: Application, to: str) -> None:  # type: ignore[no-untyped-def]
    with transaction.atomic():
        move(lock(application.pk), to, actor=user, reason="test")


def test_mofa_is_hq_clair_only_places(world):
    app = Application.objects.get(reference__endswith="TEST0A")
    assert actors_of(scope_of(world.users["mofa.staff"]), app) == {Actor.HQ}
    assert actors_of(scope_of(world.users["clair.staff"]), app) == {Actor.PLACEMENT}
    for name in ("mext.staff", "mic.staff", "council.approver"):
        assert actors_of(scope_of(world.users[name]), app) == set(), name
    # CLAIR neither screens nor selects: a submitted application is not its to move
    with pytest.raises(PermissionDenied):
        _move(world.users["clair.staff"], app, ApplicationStatus.ELIGIBLE)
    with pytest.raises(PermissionDenied):
        _move(world.users["clair.staff"], app, ApplicationStatus.WITHDRAWN)
    Application.objects.filter(pk=app.pk).update(status=ApplicationStatus.RECOMMENDED)
    with pytest.raises(PermissionDenied):
        _move(world.users["clair.staff"], app, ApplicationStatus.SHORTLISTED)
    _move(world.users["mofa.staff"], app, ApplicationStatus.SHORTLISTED)
    # an accepted (placed) candidate's withdrawal is what CLAIR records when they decline the placement
    Application.objects.filter(pk=app.pk).update(status=ApplicationStatus.ACCEPTED)
    _move(world.users["clair.staff"], app, ApplicationStatus.WITHDRAWN)
    assert Application.objects.get(pk=app.pk).status == ApplicationStatus.WITHDRAWN
