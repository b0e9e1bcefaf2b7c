"""The requests window of an intake (a milestone of its recruitment cycle): read by the requests' workflow
(who may write when) and by the requests' pages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from jetpm.core.models import Milestone
from jetpm.core.states import MilestoneKind


@dataclass(frozen=True)
class RequestsWindow:
    intake_year: int
    starts_on: date
    ends_on: date

    def is_open(self, on: date) -> bool:
        return self.starts_on <= on <= self.ends_on


def requests_window(intake_year: int) -> RequestsWindow | None:
    """The requests milestone of the intake's recruitment cycle (None when the cycle does not exist)."""
    row = (
        Milestone.objects.filter(cycle__intake_year=intake_year, kind=MilestoneKind.REQUESTS)
        .values_list("starts_on", "ends_on")
        .first()
    )
    return RequestsWindow(intake_year, row[0], row[1]) if row else None


def window_is_open(intake_year: int, on: date) -> bool:
    window = requests_window(intake_year)
    return window is not None and window.is_open(on)
