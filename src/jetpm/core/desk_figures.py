"""The Q&A desk's figures per mission and intake year, for a stage that must not import the desk: the
send-off evaluation (pre-departure) shows them beside the orientations' figures, while pre-departure and the
support desk are independent layers (pyproject's import contract).

The support desk registers one provider in its AppConfig.ready (``register_desk_figures``); a reader asks
``desk_figures(mission_ids, intake_year=N)`` and gets, per mission, the questions its candidates of intake
year N asked at its desk, how many were answered, and the hours to the first answer (median, 90th
percentile). With no provider registered (the desk not installed) it answers None: "not available", which a
page tells apart from zero questions. A provider answers for many missions at once (a page of the
side-by-side review: a bounded number of queries) and reads unscoped aggregates: the reader checks who may
see the page first. Counts only, no names."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class DeskFigures:
    asked: int
    answered: int
    median_hours: float | None
    p90_hours: float | None

    def as_dict(self) -> dict[str, Any]:
        """As stored in a snapshot (JSON)."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> DeskFigures | None:
        """From a snapshot; None when the snapshot holds no desk figures (taken before the desk served)."""
        if "asked" not in data:
            return None
        return cls(
            asked=int(data.get("asked") or 0),
            answered=int(data.get("answered") or 0),
            median_hours=None if data.get("median_hours") is None else float(data["median_hours"]),
            p90_hours=None if data.get("p90_hours") is None else float(data["p90_hours"]),
        )


NONE_ASKED = DeskFigures(asked=0, answered=0, median_hours=None, p90_hours=None)

Provider = Callable[[Collection[int], int], Mapping[int, DeskFigures]]
_PROVIDERS: list[Provider] = []


def register_desk_figures(provider: Provider) -> Provider:
    """Register the provider (ready() may run twice in tests: registered once)."""
    if not any(
        p.__module__ == provider.__module__ and p.__qualname__ == provider.__qualname__ for p in _PROVIDERS
    ):
        _PROVIDERS.append(provider)
    return provider


def available() -> bool:
    return bool(_PROVIDERS)


def desk_figures(mission_ids: Collection[int], *, intake_year: int) -> dict[int, DeskFigures] | None:
    """Per mission (every one asked for; a mission without questions: zeros), or None without a desk."""
    if not _PROVIDERS:
        return None
    ids = list(dict.fromkeys(mission_ids))
    found = dict(_PROVIDERS[-1](ids, intake_year)) if ids else {}
    return {m: found.get(m, NONE_ASKED) for m in ids}


def desk_figures_of(mission_id: int, *, intake_year: int) -> DeskFigures | None:
    figures = desk_figures([mission_id], intake_year=intake_year)
    return None if figures is None else figures[mission_id]
