"""The support desk's figures, pure: hours to the first answer (median, 90th percentile) and counts shown only
from five up (a smaller group could name the person). Plain data in, plain data out; no Django."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

SMALL_GROUP = 5  # a count below this is shown as "fewer than 5"


@dataclass(frozen=True)
class ResponseTimes:
    asked: int
    answered: int
    median_hours: float | None
    p90_hours: float | None


def percentile(values: Sequence[float], p: float) -> float | None:
    """The ``p``-th percentile (0–100) by linear interpolation between the closest ranks; None when empty."""
    if not values:
        return None
    if not 0 <= p <= 100:
        raise ValueError("p is a percentage")
    ordered = sorted(values)
    rank = (len(ordered) - 1) * p / 100
    lo, hi = math.floor(rank), math.ceil(rank)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (rank - lo)


def hours_between(start: datetime, end: datetime) -> float:
    return (end - start).total_seconds() / 3600


def response_times(pairs: Iterable[tuple[datetime, datetime | None]]) -> ResponseTimes:
    """From (asked at, first answered at or None): how many were asked and answered, and the median and 90th
    percentile of the hours to the first answer (rounded to a tenth)."""
    asked = 0
    hours: list[float] = []
    for start, end in pairs:
        asked += 1
        if end is not None:
            hours.append(max(0.0, hours_between(start, end)))
    median, p90 = percentile(hours, 50), percentile(hours, 90)
    return ResponseTimes(
        asked=asked,
        answered=len(hours),
        median_hours=None if median is None else round(median, 1),
        p90_hours=None if p90 is None else round(p90, 1),
    )


def shown_count(n: int) -> int | None:
    """A count as it may be shown: None (to be read "fewer than 5") below :data:`SMALL_GROUP`, zero apart."""
    return n if n == 0 or n >= SMALL_GROUP else None
