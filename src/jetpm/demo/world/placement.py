"""Demo step of placement (あっせん): a published run of the finished intake (FY2026, the entrance's
:data:`~jetpm.demo.world.core.PUBLISHED_YEAR`) over its accepted and cleared candidates and the year's
accepted requests, solved by the engine directly (``optimal``), its placements written with ``bulk_create``,
and the placed appointed through the code publishing uses (``jetpm.appointments.appointing.appoint``:
participant, JET number, first FY2026 term; arrivals spread over the demo's arrival days). No notices are
sent. Without accepted candidates (or seats) it does nothing. The appointments step builds the FY2026 cohort
— serving on the demo's today — from these participants."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import TYPE_CHECKING

from django.utils import timezone

from jetpm.appointments.appointing import appoint
from jetpm.core.errors import DomainError
from jetpm.core.models import Organisation
from jetpm.demo.world.appointments import arrival_of
from jetpm.demo.world.core import PUBLISHED_YEAR
from jetpm.demo.world.walk import Walk, route
from jetpm.placement import instance as inst
from jetpm.placement.engine import solve, to_output
from jetpm.placement.models import Placement, PlacementRun
from jetpm.placement.services.common import choice_of, unplaced_reason
from jetpm.placement.states import RunMode, RunStatus, Source
from jetpm.placement.workflows import RUNS

if TYPE_CHECKING:
    from jetpm.demo.generator import DemoContext

YEAR = PUBLISHED_YEAR  # the finished intake: placed in May, arrived in the summer, serving today
PUBLISHED_ON = date(YEAR, 5, 20)


def placement_step(ctx: DemoContext) -> None:
    ctx.report("placement instance", 0.0)
    try:
        built = inst.build(YEAR)
    except DomainError:
        return  # no accepted candidates or no seats: nothing to place
    instance = inst.parse(built.data)
    ctx.report("placement engine", 0.3)
    result = solve(instance, RunMode.OPTIMAL)
    summary = inst.summary_of(instance, result.assignments)
    summary["seconds"] = result.summary.get("seconds")
    summary["fixed"] = 0
    at = timezone.make_aware(datetime.combine(PUBLISHED_ON, time(10)))
    clair = ctx.users.get("clair.staff")
    run = PlacementRun(
        intake_year=YEAR,
        version=1,
        mode=RunMode.OPTIMAL,
        instance=built.data,
        result=to_output(result),
        summary=summary,
        warnings=built.messages,
        progress=100,
        progress_message="Done",
        created_by=clair,
        started_at=at,
        finished_at=at,
        published_at=at,
        published_by=clair,
    )
    # drafted, run, solved and published through the workflow layer (on the day it was published)
    walk = Walk(RUNS)
    walk.plan(run, route(RUNS, RunStatus.DRAFT, RunStatus.READY, RunStatus.PUBLISHED))
    run.save(force_insert=True)
    walk.run(when=at)
    ctx.report("placements", 0.7)
    apps = dict(inst.placeable_applications(YEAR).values_list("reference", "pk"))
    positions = {s.id: s for s in instance.positions}
    orgs = dict(
        Organisation.objects.filter(code__in={s.organisation for s in instance.positions}).values_list(
            "code", "pk"
        )
    )
    rows = []
    for p in instance.participants:
        pos = result.assignments.get(p.id)
        s = positions[pos] if pos else None
        rows.append(
            Placement(
                run=run,
                application_id=apps[p.id],
                contracting_org_id=orgs[s.organisation] if s else None,
                position=pos or "",
                prefecture_code=s.prefecture if s else "",
                choice=choice_of(p.preferences, s.prefecture) if s else None,
                source=Source.ENGINE,
                unplaced_reason="" if s else unplaced_reason(instance, p.id, result.assignments),
            )
        )
    Placement.objects.bulk_create(rows, batch_size=1000)
    # the placed are appointed as publishing does (jetpm.appointments.appointing), arriving over
    # the demo's arrival days (the appointments step then takes them on to the demo's today)
    ctx.report("appointments", 0.85)
    placed = list(
        Placement.objects.filter(run=run, contracting_org__isnull=False)
        .select_related("application__country")
        .order_by("application__reference")
    )
    arrivals = {p.application_id: arrival_of(YEAR, k) for k, p in enumerate(placed)}
    appointed = appoint(actor=None, intake_year=YEAR, placements=placed, arrivals=arrivals)
    ctx.extra["placement"] = {
        "run": run.pk,
        "year": YEAR,
        "placed": len(result.assignments),
        "unplaced": len(result.unassigned),
        "participants": appointed.participants,
    }
