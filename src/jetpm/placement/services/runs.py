"""Placement runs: create a draft, run the engine in the background (progress stored), publish (the year's
previous published run superseded, notices sent), and correct a published run with a new version."""

from __future__ import annotations

import logging
import threading
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from jetpm.applications.models import Application
from jetpm.core import audit, workflow
from jetpm.core.calendar import fiscal_year_label
from jetpm.core.errors import DomainError
from jetpm.core.models import Organisation, User
from jetpm.core.workflow import SYSTEM
from jetpm.placement import appointing
from jetpm.placement import instance as inst
from jetpm.placement.engine import InstanceError, solve, to_output
from jetpm.placement.models import Placement, PlacementRun
from jetpm.placement.services.common import (
    fields_for,
    lock_run,
    require_manager,
    unplaced_reason,
)
from jetpm.placement.states import RunMode, RunStatus, Source
from jetpm.placement.workflows import RUNS

log = logging.getLogger(__name__)

# Progress messages are stored untranslated (msgids) and translated when shown.
BUILDING = gettext_noop("Building the instance from the database")
SOLVING = gettext_noop("Solving")
SUMMARISING = gettext_noop("Summarising and saving the placements")
QUEUED = gettext_noop("Waiting for the background worker")
DONE = gettext_noop("Done")
WORKER_LOST = gettext_noop(
    "The background worker stopped during the run (killed, or its machine lost): nothing of this attempt "
    "was saved. Start the run again."
)
# The worker carrying a run writes a sign of life this often; a run silent for longer than
# JETPM_PLACEMENT_STALLED_AFTER seconds (default 120) is stalled.
HEARTBEAT_SECONDS = 5.0


def stalled_after() -> timedelta:
    return timedelta(seconds=float(getattr(settings, "JETPM_PLACEMENT_STALLED_AFTER", 120)))


def is_stalled(run: PlacementRun, now: datetime | None = None) -> bool:
    """A running run whose worker has given no sign of life for too long: it started (a queued run waits
    for a worker and is not stalled) and then went silent."""
    return (
        run.status == RunStatus.RUNNING
        and run.heartbeat_at is not None
        and run.heartbeat_at < (now or timezone.now()) - stalled_after()
    )


def published_run(intake_year: int) -> PlacementRun | None:
    """The year's published run, if any."""
    return PlacementRun.objects.filter(intake_year=intake_year, status=RunStatus.PUBLISHED).first()


def check_publishable(run: PlacementRun) -> None:
    """A year is published once: afterwards only a correction of the published run may be published (it
    notifies only those whose placement changed). A run created before the publication, or a correction of
    a run that is no longer the published one, is refused."""
    published = published_run(run.intake_year)
    ever = PlacementRun.objects.filter(
        intake_year=run.intake_year, status__in=(RunStatus.PUBLISHED, RunStatus.SUPERSEDED)
    ).exists()
    if run.supersedes_id is None and ever:
        raise DomainError(
            _(
                "The placement of %(year)s has already been published: it cannot be published a second "
                "time. Create a correction run from the published run; it notifies only those whose "
                "placement changes."
            )
            % {"year": fiscal_year_label(run.intake_year)},
            field="run",
        )
    if run.supersedes_id is not None and (published is None or published.pk != run.supersedes_id):
        raise DomainError(
            _("This correction no longer corrects the published run: create a new correction run."),
            field="run",
        )


def publishable_problem(run: PlacementRun) -> str | None:
    """Why the run cannot be published now (:func:`check_publishable`'s message), or None."""
    try:
        check_publishable(run)
    except DomainError as exc:
        return exc.message
    return None


def _next_version(intake_year: int) -> int:
    top = PlacementRun.objects.filter(intake_year=intake_year).aggregate(v=Max("version"))["v"]
    return (top or 0) + 1


@transaction.atomic
def create_run(*, actor: User, intake_year: int, mode: str) -> PlacementRun:
    """A new draft run of ``intake_year`` (the next version)."""
    require_manager(actor)
    if mode not in RunMode.values:
        raise DomainError(_("Choose a mode: optimal or stable."), field="mode")
    if not 2000 <= intake_year <= 2100:
        raise DomainError(_("Choose an intake year."), field="intake_year")
    # lock the year's runs so two versions are not numbered alike
    list(
        PlacementRun.objects.select_for_update(of=("self",)).filter(intake_year=intake_year).values_list("pk")
    )
    published = published_run(intake_year)
    if published is not None:
        raise DomainError(
            _(
                "The placement of %(year)s was published (version %(version)s): a new run would place and "
                "notify everyone again. Create a correction run from the published run instead."
            )
            % {"year": fiscal_year_label(intake_year), "version": published.version},
            field="intake_year",
        )
    why = inst.nothing_to_place(intake_year)
    if why:
        raise DomainError(why, field="intake_year")
    run = PlacementRun.objects.create(
        intake_year=intake_year, version=_next_version(intake_year), mode=mode, created_by=actor
    )
    audit.record(actor=actor, action="placement.run.create", obj=run, changes={"mode": mode})
    return run


@transaction.atomic
def start_run(*, actor: User, run_id: int) -> PlacementRun:
    """Queue the engine on the run (a draft, a failed run, a re-run of one ready for review: manual
    decisions are kept fixed; or a stalled run, whose lost attempt is recorded as failed first). Each start
    is a new attempt: a late answer of an earlier one is thrown away."""
    run = lock_run(run_id)
    if is_stalled(run):
        _mark_lost(run, actor=actor)
    # the workflow's start queues the solver with this attempt after the commit (placement/workflows.py)
    return workflow.perform(
        RUNS,
        run,
        "start",
        actor=actor,
        values={
            "progress": 0,
            "progress_message": QUEUED,
            "error": "",
            "finished_at": None,
            "attempt": run.attempt + 1,
            "heartbeat_at": None,
        },
    )


def _mark_lost(run: PlacementRun, *, actor: User | None) -> None:
    """The locked ``run`` is stalled: its attempt is recorded as failed (the worker was lost)."""
    last = run.heartbeat_at
    workflow.perform(
        RUNS,
        run,
        "fail",
        actor=SYSTEM,
        audit_actor=actor,
        values={"error": WORKER_LOST},
        changes={"attempt": run.attempt, "last_sign_of_life": last.isoformat() if last else None},
    )
    _close_lost_task(run)


def _close_lost_task(run: PlacementRun) -> None:
    """The lost attempt's task stays "running" in django-tasks-db's results (a claimed task is never handed to
    another worker): mark it failed too, so the task results tell the truth and can be pruned."""
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from jetpm.placement.tasks import solve_run

    for result in DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING, task_path=solve_run.module_path
    ):
        if (result.args_kwargs or {}).get("args") == [run.pk, run.attempt]:
            DBTaskResult.objects.filter(pk=result.pk).update(
                status=TaskResultStatus.FAILED, finished_at=timezone.now()
            )


@transaction.atomic
def fail_stalled(*, now: datetime | None = None) -> list[PlacementRun]:
    """Record every stalled run as failed (its worker was lost), so that it shows as failed and can be
    started again: ``jetpm placement recover-stalled``, from cron or before a worker starts."""
    now = now or timezone.now()
    lost = []
    for run in PlacementRun.objects.select_for_update(of=("self",)).filter(
        status=RunStatus.RUNNING, heartbeat_at__lt=now - stalled_after()
    ):
        _mark_lost(run, actor=None)
        lost.append(run)
    return lost


def _current(run_id: int, attempt: int | None) -> Any:
    """The run while it is running the given attempt (``None``: a task queued before attempts existed)."""
    qs = PlacementRun.objects.filter(pk=run_id, status=RunStatus.RUNNING)
    return qs if attempt is None else qs.filter(attempt=attempt)


class _Heartbeat:
    """Writes the attempt's sign of life every ``HEARTBEAT_SECONDS`` from a thread of its own (the solver
    may hold the main thread for minutes), until stopped."""

    def __init__(self, run_id: int, attempt: int | None) -> None:
        self.run_id, self.attempt = run_id, attempt
        self._stop = threading.Event()
        self._thread = threading.Thread(
            target=self._run, name=f"placement-run-{run_id}-heartbeat", daemon=True
        )

    def __enter__(self) -> _Heartbeat:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        try:
            while not self._stop.wait(HEARTBEAT_SECONDS):
                try:
                    _current(self.run_id, self.attempt).update(heartbeat_at=timezone.now())
                except Exception:  # a missed beat is not the run's failure
                    log.warning(
                        "placement run %s: could not write its sign of life", self.run_id, exc_info=True
                    )
        finally:
            connection.close()  # this thread's own connection


def _progress(run_id: int, attempt: int | None, percent: int, message: str) -> None:
    _current(run_id, attempt).update(progress=percent, progress_message=message, heartbeat_at=timezone.now())


def _fail(run_id: int, error: str, attempt: int | None = None) -> None:
    with transaction.atomic():
        run = lock_run(run_id)
        if run.status != RunStatus.RUNNING or (attempt is not None and run.attempt != attempt):
            return
        workflow.perform(RUNS, run, "fail", actor=SYSTEM, values={"error": error[:2000]})


def execute(run_id: int, attempt: int | None = None) -> None:
    """The background work of one attempt of a run: build, solve (manual placements fixed), summarise, save
    in one transaction. Whatever goes wrong ends the run as failed with the reason; a worker killed on the
    way leaves the run as it was before the save (the transaction is never committed) and silent, so it
    becomes stalled and can be started again. An attempt that is no longer the run's current one stops."""
    if not _current(run_id, attempt).exists():
        return
    _progress(run_id, attempt, 5, BUILDING)  # the first sign of life of this attempt
    with _Heartbeat(run_id, attempt):
        try:
            _execute(run_id, attempt)
        except Exception as exc:
            log.exception("placement run %s failed", run_id)
            _fail(run_id, f"{type(exc).__name__}: {exc}", attempt)


def _execute(run_id: int, attempt: int | None) -> None:
    run = PlacementRun.objects.get(pk=run_id)
    if run.status != RunStatus.RUNNING:
        return
    _progress(run_id, attempt, 10, BUILDING)
    try:
        built = inst.build(run.intake_year)
        full = inst.parse(built.data)
    except (DomainError, InstanceError) as exc:
        _fail(run_id, str(getattr(exc, "message", exc)), attempt)
        return
    ids = {p.id for p in full.participants}
    positions = {s.id: s for s in full.positions}
    manual = {
        p.application.reference: (p.position or None)
        for p in Placement.objects.filter(run_id=run_id, source=Source.MANUAL).select_related("application")
    }
    fixed = {ref: pos for ref, pos in manual.items() if ref in ids and (pos is None or pos in positions)}
    _progress(run_id, attempt, 40, SOLVING)
    try:
        result = solve(inst.parse(inst.without_fixed(built.data, fixed)), run.mode)
    except Exception as exc:  # the solver itself: record the failure on the run
        log.exception("placement run %s failed", run_id)
        _fail(run_id, f"{type(exc).__name__}: {exc}", attempt)
        return
    _progress(run_id, attempt, 80, SUMMARISING)
    assignment: dict[str, str] = dict(result.assignments)
    assignment.update({ref: pos for ref, pos in fixed.items() if pos})
    summary = inst.summary_of(full, assignment)
    summary["seconds"] = result.summary.get("seconds")
    summary["fixed"] = len(fixed)
    _save_result(run_id, attempt, built, full, result, assignment, fixed, summary)


@transaction.atomic
def _save_result(
    run_id: int,
    attempt: int | None,
    built: inst.Built,
    full: Any,
    result: Any,
    assignment: dict[str, str],
    fixed: dict[str, str | None],
    summary: dict[str, Any],
) -> None:
    run = lock_run(run_id)
    if run.status != RunStatus.RUNNING or (attempt is not None and run.attempt != attempt):
        return  # started again meanwhile (this attempt was given up as stalled): its answer is not kept
    apps = dict(inst.placeable_applications(run.intake_year).values_list("reference", "pk"))
    positions = {s.id: s for s in full.positions}
    org_ids = dict(
        Organisation.objects.filter(code__in={s.organisation for s in full.positions}).values_list(
            "code", "pk"
        )
    )
    Placement.objects.filter(run=run).exclude(
        source=Source.MANUAL, application__reference__in=list(fixed)
    ).delete()
    rows = []
    for p in full.participants:
        if p.id in fixed:
            continue
        pos = assignment.get(p.id)
        rows.append(
            Placement(
                run=run,
                application_id=apps[p.id],
                contracting_org_id=org_ids[positions[pos].organisation] if pos else None,
                source=Source.ENGINE,
                unplaced_reason="" if pos else unplaced_reason(full, p.id, assignment),
                **fields_for(full, p.id, pos, positions),
            )
        )
    Placement.objects.bulk_create(rows, batch_size=500)
    workflow.perform(
        RUNS,
        run,
        "solved",
        actor=SYSTEM,
        values={"progress": 100, "progress_message": DONE},
        unrecorded={
            "instance": built.data,
            "warnings": built.messages,
            "result": to_output(result),
            "summary": summary,
        },
        changes={k: summary.get(k) for k in ("participants", "seats", "assigned", "unassigned", "fixed")},
    )


def _changes(
    placed: list[Placement], before: dict[int, int | None], *, first: bool
) -> tuple[list[Placement], set[int]]:
    """Who a publication notifies: every placed participant the first time; afterwards (a correction) only
    those whose organisation changed, and the organisations that gain or lose one of them."""
    changed = [p for p in placed if first or before.get(p.application_id) != p.contracting_org_id]
    now_of = {p.application_id: p.contracting_org_id for p in placed}
    orgs = {p.contracting_org_id for p in changed}
    # an organisation also hears of someone it loses: moved elsewhere or no longer placed
    orgs |= {org for application, org in before.items() if org and now_of.get(application) != org}
    return changed, {o for o in orgs if o}


def publication_effect(run: PlacementRun) -> tuple[int, int]:
    """What publishing ``run`` would do now: how many participants and contracting organisations it would
    notify (the confirmation page says so before anything is sent)."""
    published = published_run(run.intake_year)
    before: dict[int, int | None] = (
        dict(published.placements.values_list("application_id", "contracting_org_id")) if published else {}
    )
    placed = list(
        run.placements.filter(contracting_org__isnull=False).only("application_id", "contracting_org_id")
    )
    changed, orgs = _changes(placed, before, first=published is None)
    return len(changed), len(orgs)


@transaction.atomic
def publish_run(*, actor: User, run_id: int) -> PlacementRun:
    """Publish a run ready for review: the year's published run (if any) is superseded, each placed
    participant appointed (by the appointments app through ``placement.appointing``: participant, first term;
    a correction moves or undoes the appointments it changes) and notified with each contracting
    organisation. A published run never changes again."""
    from jetpm.placement import notices

    run = lock_run(run_id)
    workflow.check(RUNS, run, "publish", actor=actor)
    check_publishable(run)
    previous = list(
        PlacementRun.objects.select_for_update(of=("self",)).filter(
            intake_year=run.intake_year, status=RunStatus.PUBLISHED
        )
    )
    before: dict[int, int | None] = {}
    for prev in previous:
        workflow.supersede(RUNS, prev, actor=actor, by=run)
        before.update(prev.placements.values_list("application_id", "contracting_org_id"))
    placed = list(
        run.placements.filter(contracting_org__isnull=False).select_related(
            "application__person__user", "application__country", "contracting_org__prefecture"
        )
    )
    appointer = appointing.appointer()
    appointed = appointer.appoint(actor=actor, intake_year=run.intake_year, placements=placed)
    now_placed = {p.application_id for p in placed}
    dropped = [app for app, org in before.items() if org and app not in now_placed]
    removed = appointer.undo_unplaced(
        actor=actor,
        applications=Application.objects.filter(pk__in=dropped),
        reason=f"unplaced by run {run}",
    )
    changed, orgs = _changes(placed, before, first=not previous)
    for p in changed:
        notices.notify_participant(p)
    notices.notify_organisations(run, sorted(orgs))
    return workflow.perform(
        RUNS,
        run,
        "publish",
        actor=actor,
        changes={
            "placed": len(placed),
            "notified": len(changed),
            "appointed": appointed.created,
            "moved": appointed.moved,
            "unappointed": removed,
        },
    )


@transaction.atomic
def create_correction(*, actor: User, run_id: int) -> PlacementRun:
    """A new version copied from a published run, ready for adjustment: participants who have since
    withdrawn (declined their placement) are left out, so their seats are free again."""
    require_manager(actor)
    source = lock_run(run_id)
    if source.status != RunStatus.PUBLISHED:
        raise DomainError(_("Only the published run can be corrected."), field="run")
    list(
        PlacementRun.objects.select_for_update(of=("self",))
        .filter(intake_year=source.intake_year)
        .values_list("pk")
    )
    run = PlacementRun.objects.create(
        intake_year=source.intake_year,
        version=_next_version(source.intake_year),
        mode=source.mode,
        status=RunStatus.READY,
        supersedes=source,
        instance=source.instance,
        result=source.result,
        summary=source.summary,
        warnings=source.warnings,
        progress=100,
        progress_message=DONE,
        created_by=actor,
    )
    keep = source.placements.filter(application__status__in=inst.PLACEABLE)
    Placement.objects.bulk_create(
        Placement(
            run=run,
            application_id=p.application_id,
            contracting_org_id=p.contracting_org_id,
            position=p.position,
            prefecture_code=p.prefecture_code,
            choice=p.choice,
            # a correction keeps every published place fixed on re-run; the unplaced may still be placed
            source=Source.MANUAL if p.position else Source.ENGINE,
            reason=p.reason,
            unplaced_reason=p.unplaced_reason,
        )
        for p in keep
    )
    from jetpm.placement.services.adjust import refresh_summary

    refresh_summary(run)
    audit.record(actor=actor, action="placement.run.correct", obj=run, changes={"supersedes": source.pk})
    return run
