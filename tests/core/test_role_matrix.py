"""The service × role matrix: every transition of every declared workflow, taken by every user of the test
world (and an anonymous one) on every record of the workflow's model, checks that the predicate decides.

Generated from ``core.workflow.declared()``, so a new workflow or transition joins by itself. For each record,
the test puts it in a source status of the transition (inside a savepoint that is rolled back afterwards) and
calls ``workflow.perform`` — the one writer of a status that every service goes through — as that user:

- when ``who(scope, record)`` is false (or raises the domain error that says why), the step is refused with
  ``PermissionDenied``/``NotFound`` (or that error) and nothing is written: the status is unchanged and no
  audit event was recorded;
- when it is true, the step is not refused for permission (a guard may still say why not: a request without
  lines), and when it is taken the record is in the target status with one audit event; and the user may see
  the record (a predicate that lets through someone the scoping hides would be a leak).

Where the world cannot hold a record for a workflow, the test says so with ``pytest.skip`` and a reason."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.db import DatabaseError, IntegrityError, transaction

from jetpm.core import workflow
from jetpm.core.errors import DomainError, NotFound, PermissionDenied
from jetpm.core.models import AuditEvent
from jetpm.core.scoping import scope_of, visible_to
from tests.world import World, add_walk_records

INSIDE_REQUESTS_WINDOW = "2026-12-01 10:00:00+09:00"  # the windows of intake 2027 that the world opens
WORKFLOWS = {w.key: w for w in workflow.declared()}
# Workflows whose records the world cannot build, and why (none today: add_walk_records holds every model).
IMPRACTICAL: dict[str, str] = {}
REFUSALS = (PermissionDenied, NotFound)
REASON = "From the role matrix"
# Fields a record needs with a source status (the model's constraints), and further values a step needs (what
# its service computes and passes to perform).
SOURCE_FIELDS: dict[tuple[str, str], dict[str, Any]] = {
    ("outreach_evaluation", "submitted"): {"submitted_at": datetime(2026, 11, 1, tzinfo=UTC)},
    ("jetaa_line", "pending"): {"approved_yen": 0},  # nothing approved before the assessment
}
VALUES: dict[tuple[str, str], dict[str, Any]] = {
    ("review", "submit"): {"weighted": Decimal("3.500"), "scores": {"motivation": 4}},
}


def _status(wf: workflow.Workflow, pk: int) -> str:
    return str(wf.model_class()._default_manager.filter(pk=pk).values_list(wf.field, flat=True).get())


def _predicate(t: workflow.Transition, user: Any, obj: Any) -> tuple[bool, type[DomainError] | None]:
    """Whether the predicate lets the user take the step, and the domain error it raises to say why not."""
    scope = scope_of(user)
    try:
        return bool(t.who(scope, obj)), None
    except DomainError as exc:
        return False, type(exc)


class _Rollback(Exception):
    """Leaves the savepoint of one try, undoing everything in it."""


def _try(
    wf: workflow.Workflow, t: workflow.Transition, pk: int, source: str, user: Any
) -> tuple[str | None, bool]:
    """Take the step on record ``pk`` put in ``source`` as ``user``: (the disagreement with the predicate if
    any, whether the predicate allowed it); (None, False) when the record cannot be put in the source status
    (a constraint: one approved plan per year). Everything is rolled back to a savepoint."""
    model = wf.model_class()
    result: tuple[str | None, bool] = (None, False)
    try:
        with transaction.atomic():
            try:
                with transaction.atomic():
                    fields = {wf.field: source, **SOURCE_FIELDS.get((wf.key, source), {})}
                    model._default_manager.filter(pk=pk).update(**fields)
            except IntegrityError:
                raise _Rollback from None
            obj = model._default_manager.get(pk=pk)
            allowed, why = _predicate(t, user, obj)
            name = getattr(user, "username", "") or "anonymous"
            who = f"{wf.key}.{t.name} {source}→{t.target} by {name} on #{pk}"
            result = (None, allowed)
            events = AuditEvent.objects.count()
            outcome: BaseException | None = None
            try:
                # No savepoint of its own: a refusal must leave nothing written by itself.
                workflow.perform(
                    wf, pk, t.name, actor=user, reason=REASON, values=VALUES.get((wf.key, t.name))
                )
            except DomainError as exc:
                outcome = exc
            except DatabaseError as exc:  # a constraint that the service's own values would meet
                if not allowed:
                    result = (f"{who}: refused with {exc!r} instead of a permission refusal", allowed)
                raise _Rollback from None
            if not allowed:
                expected = REFUSALS + ((why,) if why is not None else ())
                if not isinstance(outcome, expected):
                    result = (f"{who}: the predicate says no, but perform gave {outcome!r}", allowed)
                elif _status(wf, pk) != source or AuditEvent.objects.count() != events:
                    result = (f"{who}: refused, but something was written", allowed)
            elif isinstance(outcome, REFUSALS):
                result = (f"{who}: the predicate says yes, but perform refused: {outcome}", allowed)
            elif outcome is None and (
                _status(wf, pk) != t.target or AuditEvent.objects.count() != events + 1
            ):
                result = (f"{who}: taken, but the status or its audit event is missing", allowed)
            elif user.is_authenticated and not visible_to(user, model).filter(pk=pk).exists():
                result = (f"{who}: the predicate lets through a user who may not see the record", allowed)
            raise _Rollback
    except _Rollback:
        pass
    return result


def _can_hold(wf: workflow.Workflow, pk: int, source: str) -> bool:
    """Whether the record can be put in the status (its constraints allow it)."""
    try:
        with transaction.atomic():
            fields = {wf.field: source, **SOURCE_FIELDS.get((wf.key, source), {})}
            wf.model_class()._default_manager.filter(pk=pk).update(**fields)
            raise _Rollback
    except IntegrityError:
        return False
    except _Rollback:
        return True


@pytest.fixture
def matrix_world(world: World) -> World:
    add_walk_records(world)
    return world


def test_the_matrix_knows_every_declared_workflow():
    assert len(WORKFLOWS) >= 13
    assert sum(len(w.transitions) for w in WORKFLOWS.values()) >= 50


@pytest.mark.django_db
@time_machine.travel(INSIDE_REQUESTS_WINDOW)
@pytest.mark.parametrize("key", sorted(WORKFLOWS))
def test_the_predicate_decides(matrix_world, key):
    if key in IMPRACTICAL:
        pytest.skip(IMPRACTICAL[key])
    wf = WORKFLOWS[key]
    pks = list(wf.model_class()._default_manager.order_by("pk").values_list("pk", flat=True))
    if not pks:
        pytest.skip(f"the test world holds no {wf.model} (add it to tests/world.add_walk_records)")
    users: list[Any] = [*matrix_world.users.values(), AnonymousUser()]
    failures: list[str] = []
    taken: dict[str, int] = {}
    tried: dict[str, int] = {}
    for t in wf.transitions:
        source = sorted(t.sources)[0]
        taken[t.name] = 0
        tried[t.name] = sum(_can_hold(wf, pk, source) for pk in pks)
        for pk in pks:
            for user in users:
                failure, allowed = _try(wf, t, pk, source, user)
                if failure:
                    failures.append(failure)
                taken[t.name] += allowed
    assert not failures, "\n".join(failures)
    untried = sorted(name for name, n in tried.items() if n == 0)
    assert not untried, f"no record of the world can be put in a source status of {untried}"
    # The matrix is worth something only if the predicates say yes to someone: a step only the platform takes
    # (``who=nobody``) is the exception.
    nobody = {t.name for t in wf.transitions if t.who is workflow.nobody}
    unallowed = sorted(name for name, n in taken.items() if n == 0 and name not in nobody)
    print(f"{key}: users allowed per step {taken}; no user of the world may take {unallowed}")
