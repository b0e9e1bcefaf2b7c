"""Every record of the demo world is a state its workflow can reach (small scale, built once for the module).

For every declared workflow (``workflow.declared()``) and every record of its model: the current status is
one the workflow knows, it is reachable from a status the workflow's records are created in, and the record's
status history — the audit events whose ``changes`` carry ``[from, to]`` for the workflow's field, in the
order they were recorded — is a chain of the table's transitions that starts where a record is created and
ends at the current status. A record without history must still be in a status it is created in.
"""

from __future__ import annotations

import tempfile
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.test.utils import override_settings

from jetpm.appointments.states import TermStatus
from jetpm.core import workflow
from jetpm.core.models import AuditEvent
from jetpm.core.states import PersonKind
from jetpm.demo import generator

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

# Where a workflow's records start, when it is not just the statuses no transition leads to (a table with a
# cycle has none). Each entry names the service that creates records in that status.
CREATED_IN: dict[str, set[str]] = {
    "plan": {"draft"},  # planning/services/plans.py: a plan (or its next version) is drafted
    "selection_list": {"draft"},  # selection/services: lists are drafted from the mission reports
    # applications' accounts create applicants; the participant-history import creates participants
    # (appointments/services.import_history)
    "person_kind": {PersonKind.APPLICANT, PersonKind.PARTICIPANT},
    # placement's appointment and reappointment create serving terms; the history import creates the past
    # years' terms, completed (the model's default: no transition leads to it)
    "appointment_term": {TermStatus.SERVING, TermStatus.COMPLETED},
}


def created_in(wf: workflow.Workflow) -> set[str]:
    if wf.key in CREATED_IN:
        return {str(s) for s in CREATED_IN[wf.key]}
    tbl = workflow.table(wf)
    targets = set().union(*tbl.values()) if tbl else set()
    return set(tbl) - targets


def statuses_of(wf: workflow.Workflow) -> set[str]:
    tbl = workflow.table(wf)
    return set(tbl).union(*tbl.values()) | created_in(wf)


def reachable(wf: workflow.Workflow) -> set[str]:
    tbl = workflow.table(wf)
    seen = set(created_in(wf))
    todo = list(seen)
    while todo:
        for nxt in tbl.get(todo.pop(), set()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def problems_of(wf: workflow.Workflow) -> list[str]:
    """Every record of the workflow whose status or history the table does not allow (empty when all fit)."""
    model = wf.model_class()
    tbl = workflow.table(wf)
    known, starts, reach = statuses_of(wf), created_in(wf), reachable(wf)
    history: dict[str, list[tuple[str, str]]] = defaultdict(list)
    events = (
        AuditEvent.objects.filter(object_type=model._meta.label)
        .order_by("seq", "id")
        .values_list("object_id", "changes")
    )
    for object_id, changes in events.iterator():
        move = (changes or {}).get(wf.field)
        if isinstance(move, list) and len(move) == 2:
            history[object_id].append((str(move[0]), str(move[1])))
    problems: list[str] = []
    rows = model._default_manager.order_by("pk").values_list("pk", wf.field)
    for pk, status in rows.iterator():
        status = str(status)
        where = f"{wf.key} #{pk} ({status})"
        if status not in known:
            problems.append(f"{where}: not a status of the workflow")
            continue
        if status not in reach:
            problems.append(f"{where}: not reachable from {sorted(starts)}")
        chain = history.get(str(pk), [])
        if not chain:
            if status not in starts:
                problems.append(f"{where}: no history, and records are created in {sorted(starts)}")
            continue
        if chain[0][0] not in starts:
            problems.append(f"{where}: its history starts at {chain[0][0]}, not where records are created")
        for (a, b), nxt in zip(chain, [*chain[1:], None], strict=True):
            if b not in tbl.get(a, set()):
                problems.append(f"{where}: {a} → {b} is not a transition")
            if nxt is not None and nxt[0] != b:
                problems.append(f"{where}: went {a} → {b}, then from {nxt[0]}")
        if chain[-1][1] != status:
            problems.append(f"{where}: its history ends at {chain[-1][1]}")
    return problems


@pytest.fixture(scope="module")
def demo_world(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    with (
        tempfile.TemporaryDirectory() as media,
        override_settings(MEDIA_ROOT=media),
        django_db_blocker.unblock(),
    ):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            generator.build_world(scale="small", seed=1)
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.mark.parametrize("key", [wf.key for wf in workflow.declared()])
def test_every_record_is_a_state_its_workflow_reaches(demo_world: None, key: str) -> None:
    wf = next(w for w in workflow.declared() if w.key == key)
    assert wf.model_class()._default_manager.exists(), f"the demo world has no {key} record"
    problems = problems_of(wf)
    assert not problems, f"{len(problems)} records of {key}:\n" + "\n".join(problems[:20])


def test_the_check_sees_a_record_written_past_its_workflow(demo_world: None) -> None:
    """A status written without the layer is caught: a draft application made accepted (no history), and a
    submitted one whose history is cut short."""
    from jetpm.applications.models import Application
    from jetpm.applications.workflows import APPLICATIONS

    draft = Application.objects.filter(status="draft").order_by("pk").first()
    screened = Application.objects.filter(status="document_screened").order_by("pk").first()
    assert draft is not None and screened is not None
    assert not [p for p in problems_of(APPLICATIONS) if f"#{draft.pk} " in p or f"#{screened.pk} " in p]
    with transaction.atomic():
        Application.objects.filter(pk=draft.pk).update(status="accepted")
        Application.objects.filter(pk=screened.pk).update(status="recommended")
        problems = problems_of(APPLICATIONS)
        transaction.set_rollback(True)
    assert f"application #{draft.pk} (accepted): no history, and records are created in ['draft']" in problems
    assert f"application #{screened.pk} (recommended): its history ends at document_screened" in problems
