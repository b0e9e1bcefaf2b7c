"""Fairness statistics of selection (pure: no Django). Plain data in, dataclasses out.

- Selection rates by group with the four-fifths rule: a group whose rate is below 80 % of the highest rate
  (among the groups large enough to have a rate) is flagged. A group of fewer than ``MIN_GROUP`` people has
  no rate: it is shown as counts only and takes no part in the comparison.
- Panels compared: the distribution of their final scores, their severity (negative) or leniency (positive)
  before calibration — the panel's mean raw score minus the mean of every panel's scores of the same stage,
  in standard deviations of those scores — and after it (the same with the z-scores within the panel that
  calibration gives), the agreement of their reviewers (spread of the members' scores of one application),
  and the drift of their mean raw score from last year.
- The decisions calibration changed: each selection list proposed again from raw scores only, compared with
  the proposal from the calibrated scores (jetpm.selection.ranking, the rule the Council's lists follow).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from fractions import Fraction

from jetpm.selection import ranking

MIN_GROUP = 10  # fewer people than this: counts only, no rate
FOUR_FIFTHS = Fraction(4, 5)
MARKED = 0.5  # |offset| in standard deviations from which a panel is flagged severe or lenient


# -- selection rates ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GroupRate:
    group: str
    people: int
    selected: int
    rate_pct: float | None  # None: fewer than MIN_GROUP people (counts only)
    ratio_pct: float | None  # the rate as a share of the highest rate; None without a rate
    flagged: bool  # below four fifths of the highest rate


def selection_rates(counts: Mapping[str, tuple[int, int]]) -> list[GroupRate]:
    """``counts``: group → (people, selected). Groups in the order given (sorted by the caller)."""
    rates = {g: Fraction(s, n) for g, (n, s) in counts.items() if n >= MIN_GROUP}
    best = max(rates.values(), default=Fraction(0))
    out = []
    for g, (n, s) in counts.items():
        rate = rates.get(g)
        if rate is None:
            out.append(GroupRate(g, n, s, None, None, False))
            continue
        ratio = rate / best if best else None
        out.append(
            GroupRate(
                g,
                n,
                s,
                round(float(rate) * 100, 1),
                None if ratio is None else round(float(ratio) * 100, 1),
                ratio is not None and ratio < FOUR_FIFTHS,
            )
        )
    return out


# -- panels ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scored:
    """One application's result at one stage on its panel."""

    panel: str  # the panel's key (mission and name: the same key across years)
    stage: str
    raw: float  # the final score before calibration (the members' mean, or the chair's resolution)
    z: float | None  # after calibration (within the panel and stage)
    spread: float | None  # highest − lowest of the members' scores
    threshold: float  # the panel's disagreement threshold


@dataclass(frozen=True)
class Distribution:
    n: int
    mean: float
    sd: float
    minimum: float
    q1: float
    median: float
    q3: float
    maximum: float


@dataclass(frozen=True)
class PanelStats:
    panel: str
    stage: str
    scores: Distribution
    offset_before: float  # (panel mean raw − stage mean raw) ÷ stage sd raw
    offset_after: float | None  # the same with the z-scores; None when the panel was not calibrated
    verdict: str  # "severe", "lenient" or "" (before calibration)
    mean_spread: float | None
    disagreements: int  # applications whose spread exceeds the panel's threshold
    drift: float | None = None  # mean raw − last year's mean raw of the same panel and stage


def quantile(ordered: Sequence[float], q: float) -> float:
    """Linear interpolation between the closest ranks (numpy's default), ``ordered`` sorted and not empty."""
    pos = (len(ordered) - 1) * q
    lo = math.floor(pos)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)


def distribution(values: Iterable[float]) -> Distribution | None:
    ordered = sorted(values)
    if not ordered:
        return None
    n = len(ordered)
    mean = sum(ordered) / n
    sd = math.sqrt(sum((v - mean) ** 2 for v in ordered) / n)
    return Distribution(
        n,
        mean,
        sd,
        ordered[0],
        quantile(ordered, 0.25),
        quantile(ordered, 0.5),
        quantile(ordered, 0.75),
        ordered[-1],
    )


def _verdict(offset: float, n: int) -> str:
    """Severe or lenient before calibration; a panel of fewer than MIN_GROUP scores gets no verdict."""
    if n < MIN_GROUP:
        return ""
    if offset <= -MARKED:
        return "severe"
    if offset >= MARKED:
        return "lenient"
    return ""


def panels(scored: Sequence[Scored], last_year: Sequence[Scored] = ()) -> list[PanelStats]:
    """One entry per panel and stage, sorted by stage then panel."""
    by_stage: dict[str, list[Scored]] = defaultdict(list)
    by_panel: dict[tuple[str, str], list[Scored]] = defaultdict(list)
    for s in scored:
        by_stage[s.stage].append(s)
        by_panel[(s.stage, s.panel)].append(s)
    last_means = {key: sum(s.raw for s in group) / len(group) for key, group in _group(last_year).items()}
    pooled = {stage: distribution(s.raw for s in group) for stage, group in by_stage.items()}
    pooled_z = {
        stage: distribution(s.z for s in group if s.z is not None) for stage, group in by_stage.items()
    }
    out = []
    for (stage, panel), group in sorted(by_panel.items()):
        dist = distribution(s.raw for s in group)
        stage_dist = pooled[stage]
        assert dist is not None and stage_dist is not None
        offset = (dist.mean - stage_dist.mean) / stage_dist.sd if stage_dist.sd else 0.0
        zs = [s.z for s in group if s.z is not None]
        stage_z = pooled_z[stage]
        offset_after = None
        if zs and stage_z is not None:
            offset_after = (sum(zs) / len(zs) - stage_z.mean) / stage_z.sd if stage_z.sd else 0.0
        spreads = [s.spread for s in group if s.spread is not None]
        last = last_means.get((stage, panel))
        out.append(
            PanelStats(
                panel=panel,
                stage=stage,
                scores=dist,
                offset_before=_tidy(offset),
                offset_after=None if offset_after is None else _tidy(offset_after),
                verdict=_verdict(offset, dist.n),
                mean_spread=sum(spreads) / len(spreads) if spreads else None,
                disagreements=sum(1 for s in group if s.spread is not None and s.spread > s.threshold),
                drift=None if last is None else dist.mean - last,
            )
        )
    return out


def _tidy(value: float) -> float:
    """Rounded to 6 places (a z-score mean is 0 up to floating-point noise: no "−0.00" on a page)."""
    return round(value, 6) + 0.0


def _group(scored: Iterable[Scored]) -> dict[tuple[str, str], list[Scored]]:
    out: dict[tuple[str, str], list[Scored]] = defaultdict(list)
    for s in scored:
        out[(s.stage, s.panel)].append(s)
    return out


# -- the decisions calibration changed ---------------------------------------------------------------------


@dataclass(frozen=True)
class Listed:
    """A candidate of a selection list, with the panel that scored them."""

    application_id: int
    panel: str
    score: Decimal
    z: float | None


@dataclass(frozen=True)
class SelectionList:
    key: str
    seats: int
    candidates: Sequence[Listed]


@dataclass(frozen=True)
class PanelEffect:
    panel: str
    candidates: int
    shortlisted_raw: int  # short-listed when ranked by raw scores only
    shortlisted_calibrated: int  # short-listed when ranked by the calibrated scores

    @property
    def gained(self) -> int:
        return self.shortlisted_calibrated - self.shortlisted_raw


@dataclass(frozen=True)
class CalibrationEffect:
    lists: int
    candidates: int
    changed: int  # candidates whose result (short-list, alternate and rank, not selected) differs
    shortlist_changed: int  # candidates short-listed in one ranking and not in the other
    by_panel: list[PanelEffect]


Outcome = dict[int, tuple[str, int | None]]  # application → (result, alternate rank)


def _results(candidates: Sequence[Listed], seats: int, *, calibrated: bool) -> Outcome:
    proposal = ranking.propose(
        [ranking.Candidate(c.application_id, c.score, c.z if calibrated else None) for c in candidates],
        seats,
    )
    return {p.candidate.application_id: (p.result, p.alternate_rank) for p in proposal}


def calibration_effect(lists: Sequence[SelectionList]) -> CalibrationEffect:
    """Each list proposed twice — by the calibrated scores (as the Council's proposal) and by raw scores
    only — with every remaining candidate a ranked alternate; the candidates whose result differs."""
    changed = shortlist_changed = candidates = 0
    effects: dict[str, PanelEffect] = {}
    for sl in lists:
        raw = _results(sl.candidates, sl.seats, calibrated=False)
        cal = _results(sl.candidates, sl.seats, calibrated=True)
        for c in sl.candidates:
            candidates += 1
            changed += raw[c.application_id] != cal[c.application_id]
            in_raw = raw[c.application_id][0] == ranking.SHORTLISTED
            in_cal = cal[c.application_id][0] == ranking.SHORTLISTED
            shortlist_changed += in_raw != in_cal
            e = effects.get(c.panel) or PanelEffect(c.panel, 0, 0, 0)
            effects[c.panel] = replace(
                e,
                candidates=e.candidates + 1,
                shortlisted_raw=e.shortlisted_raw + in_raw,
                shortlisted_calibrated=e.shortlisted_calibrated + in_cal,
            )
    return CalibrationEffect(
        lists=len(lists),
        candidates=candidates,
        changed=changed,
        shortlist_changed=shortlist_changed,
        by_panel=[effects[k] for k in sorted(effects)],
    )
