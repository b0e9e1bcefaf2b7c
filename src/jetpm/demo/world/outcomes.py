"""Demo step of the evaluation of the entrance: one mission whose panel was markedly severe before
calibration, in the finished intake (:data:`~jetpm.demo.world.core.PUBLISHED_YEAR`, FY2026: applied and
screened in FY2025, the demo's complete entrance; of the FY2025 intake the next step,
:mod:`jetpm.demo.world.earlier_intake`, keeps compact records — the panels' results without their reviews).

The entrance step scores every panel alike; here one ALT panel's interview reviews are made a point
harsher on every criterion — as a panel that reads the criteria strictly would score — and everything the
services derive from them is recomputed as they would (weighted scores, the stage result, the z-scores
within the panel, the mission's report entries and the Council's list entries). A shift of every score of a
panel leaves its z-scores, and so the Council's calibrated lists, unchanged: the decisions stand, the
fairness view shows the panel severe before calibration and what ranking by raw scores would have cost its
candidates. The panel is the one whose candidates compete with other panels' on the same lists and whose
interview scores all sit above the scale's lowest point (so that the shift is exact); a mission with one
ALT panel, so that its report's order is unchanged.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from decimal import Decimal
from typing import TYPE_CHECKING

from jetpm.core.states import JobType
from jetpm.demo.world.core import PUBLISHED_YEAR
from jetpm.demo.world.entrance import _d, weighted_score
from jetpm.planning.models import Criterion
from jetpm.screening import calibration
from jetpm.screening.models import Panel, ReportEntry, Review, StageResult
from jetpm.screening.states import ReviewStatus, Stage
from jetpm.selection.models import SelectionEntry

if TYPE_CHECKING:
    from jetpm.demo.generator import DemoContext

SHIFT = 1  # points off every criterion of the severe panel's interview reviews


def outcomes_step(ctx: DemoContext) -> None:
    year = PUBLISHED_YEAR
    weights: dict[str, Decimal] = {}
    lowest: dict[str, int] = {}
    for code, weight, lo in Criterion.objects.filter(
        guideline__intake_year=year, guideline__status="approved", stage=Stage.INTERVIEW
    ).values_list("code", "weight", "scale_min"):
        weights[code], lowest[code] = weight, lo
    panel = _severe_panel(year, lowest)
    if panel is None or not weights:
        return
    reviews = list(
        Review.objects.filter(
            application__assignment__panel=panel, stage=Stage.INTERVIEW, status=ReviewStatus.SUBMITTED
        )
    )
    by_app: dict[int, list[Review]] = defaultdict(list)
    for r in reviews:
        r.scores = {k: int(v) - SHIFT for k, v in r.scores.items()}
        r.weighted = weighted_score(r.scores, weights)
        by_app[r.application_id].append(r)
    Review.objects.bulk_update(reviews, ["scores", "weighted"], batch_size=500)
    # the panel's results, as screening/services/reviews.recompute and recalibrate make them
    results = list(StageResult.objects.filter(application__assignment__panel=panel, stage=Stage.INTERVIEW))
    for res in results:
        values = [float(r.weighted) for r in by_app[res.application_id] if r.weighted is not None]
        summary = calibration.summarise(values)
        if summary is None:
            continue
        res.mean, res.spread = _d(summary.mean), _d(summary.spread)
        if res.resolved is not None:
            res.resolved = _d(float(statistics.median(sorted(values))))
    scored = [r for r in results if r.final is not None]
    for res, z in zip(
        scored,
        calibration.z_scores([calibration.Score(i, float(r.final)) for i, r in enumerate(scored)]),
        strict=True,
    ):
        res.z_score = z.z
    StageResult.objects.bulk_update(results, ["mean", "spread", "resolved", "z_score"], batch_size=500)
    final = {r.application_id: (r.final, r.z_score) for r in scored}
    reported = list(ReportEntry.objects.filter(application_id__in=final))
    for entry in reported:
        entry.score, entry.z_score = final[entry.application_id]
    ReportEntry.objects.bulk_update(reported, ["score", "z_score"], batch_size=500)
    listed = list(SelectionEntry.objects.filter(application_id__in=final))
    for e in listed:
        e.score, e.z_score = final[e.application_id]
    SelectionEntry.objects.bulk_update(listed, ["score", "z_score"], batch_size=500)
    ctx.extra["outcomes"] = {"severe_panel": panel}


def _severe_panel(year: int, lowest: dict[str, int]) -> Panel | None:
    """The ALT panel, alone of its kind at its mission, whose interview scores all sit above the scale's
    lowest point, with the most candidates on lists shared with other panels: a few queries."""
    panels = {
        p.pk: p
        for p in Panel.objects.filter(intake_year=year, job_type=JobType.ALT).select_related("mission")
    }
    per_mission = Counter(p.mission_id for p in panels.values())
    at_lowest = Review.objects.filter(
        application__assignment__panel_id__in=panels, stage=Stage.INTERVIEW, status=ReviewStatus.SUBMITTED
    ).values_list("application__assignment__panel_id", "scores")
    floor = {pid for pid, scores in at_lowest if any(int(v) <= lowest.get(k, 1) for k, v in scores.items())}
    listed = SelectionEntry.objects.filter(
        selection__intake_year=year, application__assignment__panel_id__in=panels
    ).values_list("selection_id", "selection__seats", "application__assignment__panel_id")
    panels_of_list: dict[int, set[int]] = defaultdict(set)
    size: Counter[int] = Counter()
    seats: dict[int, int] = {}
    on_list: Counter[int] = Counter()
    lists_of: dict[int, set[int]] = defaultdict(set)
    for list_id, n_seats, pid in listed:
        panels_of_list[list_id].add(pid)
        size[list_id] += 1
        seats[list_id] = n_seats
        on_list[pid] += 1
        lists_of[pid].add(list_id)
    # a list shared with other panels and with more candidates than seats: ranking decides there
    contested = {lid for lid in panels_of_list if len(panels_of_list[lid]) > 1 and size[lid] > seats[lid]}
    eligible = [
        pid
        for pid, p in panels.items()
        if per_mission[p.mission_id] == 1
        and pid not in floor
        and on_list[pid] >= 5
        and lists_of[pid] & contested
    ]
    if not eligible:
        return None
    return panels[max(eligible, key=lambda pid: (on_list[pid], -pid))]
