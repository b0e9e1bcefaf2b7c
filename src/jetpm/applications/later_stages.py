"""What applications needs to know from later stages of the life cycle, without importing them (a stage
imports only earlier stages and core): a later stage registers its answer when it loads (its
``AppConfig.ready``).

- ``declined_placement(person_id, intake_year)``: whether the person declined a placement of that year (it
  bars applying the next year: an eligibility rule). Placement provides it; without it, nobody declined.
"""

from __future__ import annotations

from collections.abc import Callable

DeclinedPlacement = Callable[[int, int], bool]

_declined_placement: dict[str, DeclinedPlacement] = {}


def provide_declined_placement(source: DeclinedPlacement) -> None:
    """Register the stage's answer (once per function, however often the app loads)."""
    _declined_placement[f"{source.__module__}.{source.__qualname__}"] = source


def declined_placement(person_id: int, intake_year: int) -> bool:
    return any(source(person_id, intake_year) for source in _declined_placement.values())
