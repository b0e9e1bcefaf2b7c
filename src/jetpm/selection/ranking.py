"""The proposal of a selection list, as a pure function: the missions' recommended candidates of one country
and job type, ranked across panels, cut into a short-list (the seats of the approved plan), ranked alternates
and the rest. No Django here: dataclasses in, dataclasses out."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

SHORTLISTED = "shortlisted"
ALTERNATE = "alternate"
NOT_SELECTED = "not_selected"


@dataclass(frozen=True)
class Candidate:
    application_id: int
    score: Decimal
    z_score: float | None = None  # calibrated within the panel; None when the panel could not calibrate
    mission_rank: int = 0  # the mission's own rank, the last tie-breaker


@dataclass(frozen=True)
class Placed:
    candidate: Candidate
    result: str
    alternate_rank: int | None = None


def order_key(c: Candidate) -> tuple[int, float, Decimal, int, int]:
    """Calibrated candidates first, by z-score (highest first); then the uncalibrated ones by score; ties by
    score, the mission's rank and the application id (a stable, reproducible order)."""
    if c.z_score is not None:
        return (0, -c.z_score, -c.score, c.mission_rank, c.application_id)
    return (1, 0.0, -c.score, c.mission_rank, c.application_id)


def propose(candidates: list[Candidate], seats: int, alternates: int | None = None) -> list[Placed]:
    """The best ``seats`` short-listed, the next ``alternates`` (all remaining when None) alternates ranked
    from 1, the rest not selected."""
    if seats < 0 or (alternates is not None and alternates < 0):
        raise ValueError("seats and alternates cannot be negative")
    ordered = sorted(candidates, key=order_key)
    out: list[Placed] = []
    rank = 0
    for index, c in enumerate(ordered):
        if index < seats:
            out.append(Placed(c, SHORTLISTED))
        elif alternates is None or rank < alternates:
            rank += 1
            out.append(Placed(c, ALTERNATE, rank))
        else:
            out.append(Placed(c, NOT_SELECTED))
    return out
