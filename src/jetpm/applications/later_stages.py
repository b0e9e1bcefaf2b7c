"""What applications needs to know from later stages of the life cycle, without importing them (a stage
imports only earlier stages and core): a later stage registers its answer when it loads (its
``AppConfig.ready``).

- ``declined_placement(person_id, intake_year)``: whether the person declined a placement of that year (it
  bars applying the next year: an eligibility rule). Placement provides it; without it, nobody declined.
- ``reach(scope, f)``: the applications a user reaches through a later stage, and those they must never see
  (screening: the applications assigned to their panels, and those they declared a conflict with), as ``Q``
  objects built with ``f`` (which prefixes the lookups). Used by the visibility rule (``rules.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Q

from jetpm.core.scoping import Scope

DeclinedPlacement = Callable[[int, int], bool]

_declined_placement: dict[str, DeclinedPlacement] = {}


def provide_declined_placement(source: DeclinedPlacement) -> None:
    """Register the stage's answer (once per function, however often the app loads)."""
    _declined_placement[f"{source.__module__}.{source.__qualname__}"] = source


def declined_placement(person_id: int, intake_year: int) -> bool:
    return any(source(person_id, intake_year) for source in _declined_placement.values())


# (scope, f) -> (the applications also reached, the applications never seen); ``f(**lookups)`` builds a Q
Reach = Callable[[Scope, Callable[..., Q]], tuple[Q, Q]]

_reach: dict[str, Reach] = {}


def provide_reach(source: Reach) -> None:
    """Register a later stage's reach (once per function, however often its rules load)."""
    _reach[f"{source.__module__}.{source.__qualname__}"] = source


def reach(scope: Scope, f: Callable[..., Any]) -> list[tuple[Q, Q]]:
    return [source(scope, f) for source in _reach.values()]
