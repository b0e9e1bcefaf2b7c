"""The workflow layer: every workflow declares its transitions once; one function performs them.

A :class:`Workflow` names a model's status field and its :class:`Transition` s. A transition says where it
may start (``sources``), where it goes (``target``), who may take it (``who``: a predicate of the user's
:class:`~jetpm.core.scoping.Scope` and the record), what else must hold (``guards``: they raise a
:class:`~jetpm.core.errors.DomainError` naming the rule), the audit action, the fields stamped with the
time or the actor, whether a reason is required, and the notices sent once the transaction has committed.

:func:`perform` is the only writer of a status: it locks the row (or takes one the caller locked), checks
the source, the predicate, the reason and the guards, writes the status with its stamps and extra values,
records the audit event and schedules the notices after the commit. :func:`available` gives the
transitions a user may take now, so pages draw their buttons from the declaration instead of comparing
status strings. :func:`table` gives the ``{from: {to}}`` table for documentation and tests.

Example (planning's requests, ``planning/states.py``)::

    REQUESTS = Workflow(
        key="request",
        model="planning.PlacementRequest",
        transitions=(
            Transition("submit", {DRAFT, RETURNED}, SUBMITTED, who=perms.submits,
                       label=_("Submit"), audit_action="request.submit", stamps={"submitted_at": NOW},
                       guards=(has_lines,)),
            ...
        ),
    )

    @transaction.atomic
    def submit_request(*, actor, request_id):
        return workflow.perform(REQUESTS, request_id, "submit", actor=actor)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.apps import apps
from django.db import models, transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from jetpm.core import audit
from jetpm.core.errors import DomainError, IllegalTransition, PermissionDenied
from jetpm.core.scoping import Scope, scope_of

Who = Callable[[Scope, Any], bool]  # may raise a DomainError that says why not (a closed window)
Guard = Callable[[Any], None]
Notify = Callable[[Any, Any], None]
AuditTarget = Callable[[Any], Mapping[str, Any]]

NOW = "now"  # a stamp: the time of the transition
ACTOR = "actor"  # a stamp: the user who took it

_SAME = object()
SYSTEM = object()  # ``actor=SYSTEM``: the platform itself (a deadline that passed), past the predicate


def anyone(scope: Scope, obj: Any) -> bool:
    return True


def nobody(scope: Scope, obj: Any) -> bool:
    """Only the platform itself (``actor=SYSTEM``) takes such a transition."""
    return False


@dataclass(frozen=True)
class Transition:
    name: str
    sources: frozenset[str]
    target: str
    who: Who
    label: str | Promise
    audit_action: str
    stamps: Mapping[str, str] = field(default_factory=dict)
    guards: tuple[Guard, ...] = ()
    reason_field: str | None = None  # the record's field that keeps the reason, when there is one
    reason_required: bool | str | Promise = False  # True, or the message when the reason is missing
    reason_input: str = "reason"  # the form's field that a missing reason is reported on
    notify: Notify | None = None  # (record, actor) after the commit
    denied: str | Promise | None = None  # the message when the predicate refuses
    confirm: bool = False  # the page asks for a confirmation first (an irreversible decision)

    def __init__(
        self,
        name: str,
        sources: Iterable[str],
        target: str,
        *,
        who: Who,
        label: str | Promise,
        audit_action: str,
        stamps: Mapping[str, str] | None = None,
        guards: Iterable[Guard] = (),
        reason_field: str | None = None,
        reason_required: bool | str | Promise = False,
        reason_input: str = "reason",
        notify: Notify | None = None,
        denied: str | Promise | None = None,
        confirm: bool = False,
    ) -> None:
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "sources", frozenset(str(s) for s in sources))
        object.__setattr__(self, "target", str(target))
        object.__setattr__(self, "who", who)
        object.__setattr__(self, "label", label)
        object.__setattr__(self, "audit_action", audit_action)
        object.__setattr__(self, "stamps", dict(stamps or {}))
        object.__setattr__(self, "guards", tuple(guards))
        object.__setattr__(self, "reason_field", reason_field)
        object.__setattr__(self, "reason_required", reason_required)
        object.__setattr__(self, "reason_input", reason_input)
        object.__setattr__(self, "notify", notify)
        object.__setattr__(self, "denied", denied)
        object.__setattr__(self, "confirm", confirm)


@dataclass(frozen=True)
class Workflow:
    key: str
    model: str  # "app_label.Model": states.py modules are imported before the models exist
    transitions: tuple[Transition, ...]
    field: str = "status"
    audit_target: AuditTarget | None = None  # the organisation/person the audit event is filed under
    highlight: frozenset[str] = frozenset()  # statuses a page marks out (the version in force, say)

    def __post_init__(self) -> None:
        names = [t.name for t in self.transitions]
        if len(names) != len(set(names)):
            raise ValueError(f"workflow {self.key}: a transition name is declared twice")

    def model_class(self) -> type[models.Model]:
        return apps.get_model(self.model)

    def get(self, name: str) -> Transition:
        for t in self.transitions:
            if t.name == name:
                return t
        raise KeyError(f"workflow {self.key} has no transition {name!r}")

    def label_of(self, status: str) -> str:
        choices = getattr(self.model_class()._meta.get_field(self.field), "choices", None) or []
        return str(dict(choices).get(status, status))


def table(workflow: Workflow) -> dict[str, set[str]]:
    """``{from: {to, ...}}`` of every declared transition."""
    out: dict[str, set[str]] = {}
    for t in workflow.transitions:
        for source in t.sources:
            out.setdefault(source, set()).add(t.target)
    return out


def may_go(workflow: Workflow, current: str, to: str) -> bool:
    return to in table(workflow).get(current, set())


def lock(workflow: Workflow, pk: int) -> Any:
    """The record, locked for the rest of the transaction; a domain error when it does not exist."""
    model = workflow.model_class()
    try:
        return model._default_manager.select_for_update(of=("self",)).get(pk=pk)
    except model.DoesNotExist as exc:  # type: ignore[attr-defined]
        raise DomainError(_("This record does not exist.")) from exc


def _scope(actor: Any) -> Scope | None:
    if actor is None or actor is SYSTEM:
        return None
    return scope_of(actor)


def allowed(transition: Transition, actor: Any, obj: Any) -> bool:
    """Whether the actor may take the transition on the record (the predicate only)."""
    if actor is SYSTEM:
        return True
    scope = _scope(actor)
    return scope is not None and _may(transition, scope, obj)


def _may(transition: Transition, scope: Scope, obj: Any) -> bool:
    """The predicate, where one that explains its refusal (it raises a domain error) counts as a no."""
    try:
        return bool(transition.who(scope, obj))
    except DomainError:
        return False


def available(workflow: Workflow, user: Any, obj: Any) -> list[Transition]:
    """The transitions this user may take on the record now (for the page's buttons)."""
    current = str(getattr(obj, workflow.field))
    scope = _scope(user)
    if scope is None:
        return []
    return [t for t in workflow.transitions if current in t.sources and _may(t, scope, obj)]


def _illegal(workflow: Workflow, obj: Any, target: str) -> IllegalTransition:
    current = str(getattr(obj, workflow.field))
    return IllegalTransition(
        _("%(record)s cannot go from “%(from)s” to “%(to)s”.")
        % {"record": str(obj), "from": workflow.label_of(current), "to": workflow.label_of(target)}
    )


def step_between(workflow: Workflow, source: str, target: str) -> str | None:
    """The name of the transition from ``source`` to ``target``, if one is declared."""
    for t in workflow.transitions:
        if str(source) in t.sources and t.target == str(target):
            return t.name
    return None


def step_to(workflow: Workflow, obj: Any, target: str) -> str:
    """The name of the transition that takes the record from its status to ``target`` (for services whose
    caller names the status, not the step)."""
    name = step_between(workflow, str(getattr(obj, workflow.field)), target)
    if name is None:
        raise _illegal(workflow, obj, target)
    return name


def check(workflow: Workflow, obj: Any, name: str, *, actor: Any) -> Transition:
    """Raise unless the actor may take the transition and it may start from the record's status.

    Who may comes first: someone who may never take the step is refused as not allowed (a page answers 404),
    whatever the record's status; someone who may, on a record in another status, is told that it is not
    available now (a message; 409 in the API)."""
    t = workflow.get(name)
    # A predicate may raise its own domain error to say why (a window that closed, say).
    if actor is not SYSTEM and not (actor is not None and t.who(scope_of(actor), obj)):
        raise PermissionDenied(
            str(t.denied)
            if t.denied
            else _("You may not take this step (“%(step)s”) on %(record)s.")
            % {"step": t.label, "record": obj}
        )
    if str(getattr(obj, workflow.field)) not in t.sources:
        raise _illegal(workflow, obj, t.target)
    return t


def perform(
    workflow: Workflow,
    obj: Any,
    name: str,
    *,
    actor: Any,
    reason: str = "",
    values: Mapping[str, Any] | None = None,
    changes: Mapping[str, Any] | None = None,
    action: str | None = None,
    audit_actor: Any = _SAME,
    unrecorded: Mapping[str, Any] | None = None,
) -> Any:
    """Take transition ``name`` on ``obj`` (a primary key, or a row the caller locked in this transaction).

    ``values`` are further fields written with the status (recorded as changes); ``changes`` further facts
    for the audit event; ``action`` overrides the declared audit action (one transition, several causes)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("perform() runs inside the service's transaction")
    if not isinstance(obj, models.Model):
        obj = lock(workflow, int(obj))
    t = check(workflow, obj, name, actor=actor)
    reason = (reason or "").strip()
    if t.reason_required and not reason:
        message = t.reason_required if not isinstance(t.reason_required, bool) else _("A reason is required.")
        raise DomainError(str(message), field=t.reason_input)
    for guard in t.guards:
        guard(obj)

    old = str(getattr(obj, workflow.field))
    record_changes: dict[str, Any] = {workflow.field: [old, t.target]}
    update = [workflow.field]
    setattr(obj, workflow.field, t.target)
    user = None if actor is SYSTEM else actor
    now = timezone.now()
    for stamp, what in t.stamps.items():
        setattr(obj, stamp, now if what == NOW else user)
        update.append(stamp)
    if t.reason_field is not None:
        setattr(obj, t.reason_field, reason[:500])
        update.append(t.reason_field)
    if reason:
        record_changes["reason"] = [None, reason]
    if values:
        before = audit.snapshot(obj, list(values))
        for name_, value in values.items():
            setattr(obj, name_, value)
            update.append(name_)
        record_changes.update(audit.diff(before, audit.snapshot(obj, list(values))))
    for name_, value in (unrecorded or {}).items():
        setattr(obj, name_, value)
        update.append(name_)
    record_changes.update(changes or {})
    if any(f.name == "updated_at" for f in obj._meta.concrete_fields):
        update.append("updated_at")
    obj.save(update_fields=list(dict.fromkeys(update)))
    target = dict(workflow.audit_target(obj)) if workflow.audit_target else {}
    who = user if audit_actor is _SAME else audit_actor
    audit.record(actor=who, action=action or t.audit_action, obj=obj, changes=record_changes, **target)
    if t.notify is not None:
        notify = t.notify
        transaction.on_commit(lambda: notify(obj, user))
    return obj


def perform_bulk(
    workflow: Workflow,
    rows: list[Any],
    name: str,
    *,
    actor: Any,
    reason_of: Callable[[Any], str] | None = None,
    values_of: Callable[[Any], Mapping[str, Any]] | None = None,
    changes: Mapping[str, Any] | None = None,
    chunk: int = 1000,
    at_of: Callable[[Any], datetime] | None = None,
) -> int:
    """Take transition ``name`` on many rows the caller locked (a mission's whole intake): each row is
    checked as :func:`perform` checks one, then the status is written with one UPDATE per chunk and reason
    (or, when ``values_of`` gives each row its own further values, with a bulk update of the rows), and one
    audit event per row is written in batches. No notices (a bulk step tells nobody by itself). The rows
    given hold their new status afterwards. Returns the number of rows moved.

    ``at_of`` replays a history that already happened (the demo world builds its past through the layer):
    each row's step is dated ``at_of(row)`` in its audit event, and the stamps are left as the row holds them
    (the caller wrote that history's own dates), and nobody is notified."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("perform_bulk() runs inside the service's transaction")
    if not rows:
        return 0
    t = workflow.get(name)
    if t.notify is not None and at_of is None:  # a replayed history has told whom it had to already
        raise ValueError(f"{workflow.key}.{name} cannot be taken in bulk")
    user = None if actor is SYSTEM else actor
    stamps = {} if at_of is not None else dict(t.stamps)
    for obj in rows:
        check(workflow, obj, name, actor=actor)
        for guard in t.guards:
            guard(obj)
    now = timezone.now()
    model = workflow.model_class()
    has_updated_at = any(f.name == "updated_at" for f in model._meta.concrete_fields)
    by_reason: dict[str, list[Any]] = {}
    events = []
    written: dict[str, Any] = {}
    for obj in rows:
        reason = (reason_of(obj) if reason_of else "").strip()
        if t.reason_required and not reason:
            raise DomainError(_("A reason is required."), field=t.reason_input)
        by_reason.setdefault(reason, []).append(obj.pk)
        record_changes: dict[str, Any] = {workflow.field: [str(getattr(obj, workflow.field)), t.target]}
        if reason:
            record_changes["reason"] = [None, reason]
        if values_of is not None:
            own = dict(values_of(obj))
            before = audit.snapshot(obj, list(own))
            for name_, value in own.items():
                setattr(obj, name_, value)
            record_changes.update(audit.diff(before, audit.snapshot(obj, list(own))))
            written.update(own)
        record_changes.update(changes or {})
        target = dict(workflow.audit_target(obj)) if workflow.audit_target else {}
        event = audit.event(actor=user, action=t.audit_action, obj=obj, changes=record_changes, **target)
        if at_of is not None:
            event.at = at_of(obj)
        events.append(event)
    if values_of is not None:
        fields = [workflow.field, *stamps, *written]
        for obj in rows:
            setattr(obj, workflow.field, t.target)
            for stamp, what in stamps.items():
                setattr(obj, stamp, now if what == NOW else user)
            if t.reason_field is not None:
                setattr(obj, t.reason_field, (reason_of(obj) if reason_of else "").strip()[:500])
            if has_updated_at:
                obj.updated_at = now
        if t.reason_field is not None:
            fields.append(t.reason_field)
        if has_updated_at:
            fields.append("updated_at")
        _update_rows(model, rows, list(dict.fromkeys(fields)), chunk=chunk)
        audit.record_many(events)
        return len(rows)
    reason_by_pk = {pk: reason for reason, pks in by_reason.items() for pk in pks}
    for reason, pks in by_reason.items():
        update: dict[str, Any] = {workflow.field: t.target}
        update.update({stamp: now if what == NOW else user for stamp, what in stamps.items()})
        if t.reason_field is not None:
            update[t.reason_field] = reason[:500]
        if has_updated_at:
            update["updated_at"] = now
        for start in range(0, len(pks), chunk):
            model._default_manager.filter(pk__in=pks[start : start + chunk]).update(**update)
    for obj in rows:
        setattr(obj, workflow.field, t.target)
        for stamp, what in stamps.items():
            setattr(obj, stamp, now if what == NOW else user)
        if t.reason_field is not None:
            setattr(obj, t.reason_field, reason_by_pk[obj.pk][:500])
    audit.record_many(events)
    return len(rows)


def _update_rows(model: Any, rows: list[Any], fields: list[str], *, chunk: int) -> None:
    """Write ``fields`` of ``rows``: one UPDATE per chunk of the rows that take the same values (a bulk step
    mostly writes a few distinct values), else ``bulk_update`` (one CASE per field and row: its compiler
    costs a few hundred microseconds a row)."""
    attnames = [model._meta.get_field(f).attname for f in fields]
    groups: dict[tuple[Any, ...], list[Any]] = {}
    try:
        for obj in rows:
            groups.setdefault(tuple(getattr(obj, a) for a in attnames), []).append(obj.pk)
    except TypeError:  # a value that cannot be a key (a list, a dict): row by row
        groups = {}
    if not groups or len(groups) > max(1, len(rows) // 20):
        model._default_manager.bulk_update(rows, fields, batch_size=chunk)
        return
    for key, pks in groups.items():
        values = dict(zip(attnames, key, strict=True))
        for start in range(0, len(pks), chunk):
            model._default_manager.filter(pk__in=pks[start : start + chunk]).update(**values)


def supersede(workflow: Workflow, previous: Any, *, actor: Any, by: Any, name: str = "supersede") -> Any:
    """Versioned records (a correction is a new version): the version ``by`` replaces moves ``previous``
    on, recording which version superseded it. ``previous`` is locked by the caller or given by key."""
    return perform(workflow, previous, name, actor=actor, changes={"superseded_by": [None, by.pk]})


def of_record(obj: Any) -> Workflow | None:
    """The workflow declared for the record's model (the first, when a model has several fields)."""
    label = obj._meta.label
    for w in declared():
        if w.model == label:
            return w
    return None


def declared() -> list[Workflow]:
    """Every workflow the apps declare (``WORKFLOWS`` in each app's ``workflows.py``)."""
    global _DECLARED
    if _DECLARED is not None:
        return _DECLARED
    import importlib

    found: list[Workflow] = []
    for config in apps.get_app_configs():
        if not config.name.startswith("jetpm."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.workflows")
        except ModuleNotFoundError:
            continue
        found.extend(getattr(module, "WORKFLOWS", ()))
    _DECLARED = found
    return found


_DECLARED: list[Workflow] | None = None
