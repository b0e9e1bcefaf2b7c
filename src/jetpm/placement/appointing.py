"""What publishing a placement asks of the later stage: placement decides who goes where; the appointments
app appoints them (participant, first term, the person's kind), moves their term when a correction moves
them, and undoes the appointment when a correction unplaces them or they decline.

Placement comes before appointments in the life cycle and imports nothing of it (the architecture contract
"stages", docs/architecture.md): the appointments app installs its :class:`Appointer` here when Django starts
(``AppointmentsConfig.ready``: ``jetpm.appointments.appointing``), and placement's services call it inside
their own transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from jetpm.applications.models import Application
    from jetpm.core.models import User
    from jetpm.placement.models import Placement


@dataclass
class Appointed:
    created: int = 0  # first terms created
    participants: int = 0  # participant records created
    moved: int = 0  # terms whose organisation changed
    removed: int = 0  # appointments undone (unplaced by a correction)


class Appointer(Protocol):
    def appoint(
        self,
        *,
        actor: User | None,
        intake_year: int,
        placements: Iterable[Placement],
        arrivals: Mapping[int, date] | None = None,
    ) -> Appointed:
        """Appoint the placed of a published run (idempotent: a term of the year only moves)."""
        ...

    def unappoint(
        self, *, actor: User | None, application: Application, reason: str, today: date | None = None
    ) -> str | None:
        """Undo the appointment of ``application``'s placement: "removed", "resigned", or None (none)."""
        ...

    def undo_unplaced(self, *, actor: User | None, applications: Iterable[Application], reason: str) -> int:
        """Undo the appointments of the applications a correction left unplaced; how many were undone."""
        ...


_appointer: Appointer | None = None


def install(appointer: Appointer) -> None:
    global _appointer
    _appointer = appointer


def appointer() -> Appointer:
    """The installed appointer; publishing without one would lose the appointments, so it is an error."""
    if _appointer is None:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("No appointer installed: is jetpm.appointments in INSTALLED_APPS?")
    return _appointer
