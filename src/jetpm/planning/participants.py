"""What planning reads and writes of the participants, which belong to a later stage (appointments): a
request's "continuing" figures (the reappointments the round confirmed), last year's participants as a plan's
weights, and a programme year's appointment rules on the page "Rules of the year" (the reappointment round,
the summer start, the salary table).

Planning comes before appointments in the life cycle and imports nothing of it (the architecture contract
"stages", docs/architecture.md): the appointments app installs its :class:`Participants` here when Django
starts (``AppointmentsConfig.ready``: ``jetpm.appointments.for_planning``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from jetpm.core.models import User
    from jetpm.planning.services.year_rules import YearRulesValues

# (recruiting country, job type, designated language)
LineKey = tuple[str, str, str]


@dataclass(frozen=True)
class ContinuingFigures:
    """What the reappointment round held in ``round_year`` says about an organisation's participants
    continuing into the intake year ``round_year`` + 1: the confirmed reappointments by (job type, language
    code; "" for none) and how many of the round's decisions are still pending."""

    round_year: int
    counts: dict[tuple[str, str], int]
    serving: int
    pending: int

    def figure(self, job_type: str, language: str) -> int | None:
        """The confirmed reappointments of a line (SEA: of every language), None when the round has none."""
        if job_type == "SEA":
            n = sum(v for (job, _lang), v in self.counts.items() if job == job_type)
        else:
            n = self.counts.get((job_type, language), 0)
        return n or None


class RoundRules(Protocol):
    """The rules of the reappointment round held in a fiscal year (the usual ones when none are set)."""

    @property
    def fiscal_year(self) -> int: ...
    @property
    def max_term_years(self) -> int: ...
    @property
    def extension_max_years(self) -> int | None: ...
    @property
    def decisions_open(self) -> date: ...
    @property
    def decisions_close(self) -> date: ...
    @property
    def capable_until_year(self) -> int: ...


@dataclass(frozen=True)
class AppointmentRules:
    """A programme year's appointment rules as the user may see them."""

    round: RoundRules
    round_note: str
    round_set: bool  # False: the usual rules apply (nothing recorded for the year)
    summer_start: date
    summer_start_set: bool
    salaries: Mapping[int, tuple[int, bool]]  # year on the programme → (annual salary in yen, assumed)


class Participants(Protocol):
    def continuing_figures(self, user: Any, *, organisation_id: int, intake_year: int) -> ContinuingFigures:
        """The "continuing" figures of an organisation's request for ``intake_year``, as the user may see
        them."""
        ...

    def last_years_participants(self, intake_year: int) -> dict[LineKey, int]:
        """The participants of the fiscal year before ``intake_year`` by (country, job type, language)."""
        ...

    def appointment_rules(self, user: Any, year: int) -> AppointmentRules:
        """Programme year ``year``'s appointment rules for the page."""
        ...

    def set_appointment_rules(self, *, actor: User, year: int, values: YearRulesValues) -> None:
        """Write them (audited): called by planning's writer of the year's rules, which has checked the
        editor and every value."""
        ...


_participants: Participants | None = None


def install(participants: Participants) -> None:
    global _participants
    _participants = participants


def participants() -> Participants:
    if _participants is None:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("No participants installed: is jetpm.appointments in INSTALLED_APPS?")
    return _participants
