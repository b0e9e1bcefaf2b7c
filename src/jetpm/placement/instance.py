"""The year's placement instance, built from the database (DB → the engine's contract format).

Participants: the accepted and cleared applications of the intake year (id = application number; score =
the selection z-score, else the selection score, else 0; Japanese level by JLPT, none = 0 … N1 = 5;
partners from ``partner_reference`` when both are participants). Positions: one per line of the accepted
requests of the year with new participants wanted (id = ``<organisation code>/<job type>/<language>``,
the line's minimum Japanese level). The applications hold no driving licence, so a line's licence
condition cannot be checked: it is reported as a warning, not enforced.

Also the pure helpers the services share: removing fixed placements before solving, and the engine's
summary of any assignment (for previews).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from jetpm.applications.models import Application
from jetpm.applications.states import ApplicationStatus
from jetpm.core.calendar import fiscal_year_label
from jetpm.core.errors import DomainError
from jetpm.core.states import JAPANESE_LEVEL_ORDER
from jetpm.placement.engine import Instance, parse_instance
from jetpm.placement.engine.index import build_index
from jetpm.placement.engine.summary import summarise
from jetpm.planning.models import RequestLine
from jetpm.planning.states import RequestStatus
from jetpm.selection.models import SelectionEntry

PLACEABLE = (ApplicationStatus.ACCEPTED, ApplicationStatus.CLEARED)


@dataclass
class Built:
    data: dict[str, Any]  # the contract's instance document
    messages: list[dict[str, Any]] = field(default_factory=list)  # stored on the run, shown translated

    @property
    def warnings(self) -> list[str]:
        return [render_message(m) for m in self.messages]


def message(msgid: str, params: dict[str, Any]) -> dict[str, Any]:
    """A warning kept as its English text and values, translated when it is shown."""
    return {"msgid": msgid, "params": params}


def render_message(m: Any) -> str:
    """A stored warning in the active language (a warning stored as plain text is shown as it is)."""
    if isinstance(m, dict):
        return _(m["msgid"]) % m["params"]
    return str(m)


def level(code: str | None) -> int:
    try:
        return JAPANESE_LEVEL_ORDER.index(code or "none")
    except ValueError:
        return 0


def placeable_applications(intake_year: int):  # type: ignore[no-untyped-def]
    return Application.objects.filter(intake_year=intake_year, status__in=PLACEABLE)


def nothing_to_place(intake_year: int) -> str | None:
    """Why a run of ``intake_year`` cannot place anybody (no candidates, no seats), checked cheaply before a
    run is created; None when there is something to place."""
    if not placeable_applications(intake_year).exists():
        return _(
            "There are no accepted candidates for %(year)s: nobody to place. Choose the intake year whose "
            "candidates were accepted."
        ) % {"year": fiscal_year_label(intake_year)}
    if not RequestLine.objects.filter(
        request__intake_year=intake_year, request__status=RequestStatus.ACCEPTED, new_participants__gt=0
    ).exists():
        return _("There are no seats: no accepted request of %(year)s asks for new participants.") % {
            "year": fiscal_year_label(intake_year)
        }
    return None


def _scores(app_ids: list[int]) -> dict[int, float]:
    out: dict[int, float] = {}
    rows = SelectionEntry.objects.filter(application_id__in=app_ids).values_list(
        "application_id", "z_score", "score"
    )
    for app_id, z, score in rows:
        value = z if z is not None else (float(score) if score is not None else None)
        if value is not None:
            out[app_id] = float(value)
    return out


def position_id(org_code: str, job_type: str, language: str) -> str:
    return f"{org_code}/{job_type}/{language}"


def build(intake_year: int) -> Built:
    """The instance of ``intake_year`` from the database; DomainError when nothing can be placed."""
    warnings: list[dict[str, Any]] = []
    apps = list(
        placeable_applications(intake_year)
        .select_related("language", "preference_1", "preference_2", "preference_3")
        .order_by("reference")
    )
    if not apps:
        raise DomainError(
            _("There are no accepted candidates for %(year)s: nobody to place.") % {"year": intake_year},
            field="intake_year",
        )
    scores = _scores([a.pk for a in apps])
    refs = {a.reference: a for a in apps}
    partners: dict[str, str] = {}
    for a in apps:
        ref = a.partner_reference.strip()
        if not ref:
            continue
        other = refs.get(ref)
        if other is None:
            warnings.append(
                message(
                    gettext_noop(
                        "%(ref)s names the partner %(partner)s, who is not an accepted candidate: "
                        "placed alone."
                    ),
                    {"ref": a.reference, "partner": ref},
                )
            )
            continue
        back = other.partner_reference.strip()
        if back and back != a.reference:
            warnings.append(
                message(
                    gettext_noop("%(ref)s and %(partner)s do not name each other as partners: placed alone."),
                    {"ref": a.reference, "partner": ref},
                )
            )
            continue
        partners[a.reference] = ref
        partners[ref] = a.reference
    for ref, other_ref in sorted(partners.items()):
        a, b = refs[ref], refs[other_ref]
        if ref < other_ref and (a.job_type, a.language_id) != (b.job_type, b.language_id):
            warnings.append(
                message(
                    gettext_noop(
                        "The partners %(a)s and %(b)s have different job types or languages: they can be "
                        "placed together only where both kinds of post exist."
                    ),
                    {"a": ref, "b": other_ref},
                )
            )
    participants: list[dict[str, Any]] = []
    for a in apps:
        prefs = [p.code for p in (a.preference_1, a.preference_2, a.preference_3) if p is not None]
        prefs = list(dict.fromkeys(prefs))
        item: dict[str, Any] = {
            "id": a.reference,
            "job_type": a.job_type,
            "language": a.language.code,
            "japanese_level": level(a.japanese_level),
            "preferences": prefs,
            "score": scores.get(a.pk, 0.0),
        }
        if a.reference in partners:
            item["partner"] = partners[a.reference]
        participants.append(item)

    lines = (
        RequestLine.objects.filter(
            request__intake_year=intake_year,
            request__status=RequestStatus.ACCEPTED,
            new_participants__gt=0,
        )
        .select_related("request__organisation__prefecture", "language")
        .order_by("request__organisation__code", "job_type", "language__code")
    )
    positions: list[dict[str, Any]] = []
    licences = 0
    for line in lines:
        org = line.request.organisation
        if org.prefecture is None:
            warnings.append(
                message(
                    gettext_noop("%(org)s has no prefecture: its request cannot be placed."),
                    {"org": org.name},
                )
            )
            continue
        licences += 1 if line.driving_licence else 0
        positions.append(
            {
                "id": position_id(org.code, line.job_type, line.language.code),
                "organisation": org.code,
                "prefecture": org.prefecture.code,
                "job_type": line.job_type,
                "language": line.language.code,
                "capacity": line.new_participants,
                "min_japanese_level": level(line.japanese_level),
            }
        )
    seats = sum(p["capacity"] for p in positions)
    if not seats:
        raise DomainError(
            _("There are no seats: no accepted request of %(year)s asks for new participants.")
            % {"year": intake_year},
            field="intake_year",
        )
    if licences:
        warnings.append(
            message(
                gettext_noop(
                    "%(n)s request lines require a driving licence; the applications do not record one, "
                    "so the condition is not checked."
                ),
                {"n": licences},
            )
        )
    kinds = {(p["job_type"], p["language"]) for p in positions}
    missing = Counter(
        (p["job_type"], p["language"]) for p in participants if (p["job_type"], p["language"]) not in kinds
    )
    for (job, lang), n in sorted(missing.items()):
        warnings.append(
            message(
                gettext_noop(
                    "%(n)s candidates (%(job)s, %(lang)s) have no position of their job type and language."
                ),
                {"n": n, "job": job, "lang": lang},
            )
        )
    if seats < len(participants):
        warnings.append(
            message(
                gettext_noop("There are %(seats)s seats for %(n)s candidates: some will stay unplaced."),
                {"seats": seats, "n": len(participants)},
            )
        )
    return Built(data={"participants": participants, "positions": positions}, messages=warnings)


def without_fixed(data: dict[str, Any], fixed: dict[str, str | None]) -> dict[str, Any]:
    """The instance left to solve when the participants of ``fixed`` (id → position id or None) keep their
    place: they are removed, their seats taken off, and a partner of a fixed participant placed alone."""
    taken = Counter(pos for pos in fixed.values() if pos)
    participants = []
    for p in data["participants"]:
        if p["id"] in fixed:
            continue
        item = dict(p)
        if item.get("partner") in fixed:
            del item["partner"]
        participants.append(item)
    positions = [{**s, "capacity": max(0, s["capacity"] - taken.get(s["id"], 0))} for s in data["positions"]]
    return {"participants": participants, "positions": positions}


def summary_of(instance: Instance, assignment: dict[str, str]) -> dict[str, Any]:
    """The engine's summary of ``assignment`` (participant id → position id) over the whole instance."""
    ix = build_index(instance)
    j_of = {s.id: j for j, s in enumerate(ix.positions)}
    assigned = [j_of.get(assignment.get(p.id, ""), -1) for p in ix.participants]
    return dict(summarise(ix, assigned))


def parse(data: dict[str, Any]) -> Instance:
    return parse_instance(data)
