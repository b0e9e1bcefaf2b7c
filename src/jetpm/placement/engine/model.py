"""The placement instance: dataclasses, parsing and validation (contract: docs formats ``placement.md``).

Pure Python, no Django. :func:`parse_instance` turns the decoded JSON document into an :class:`Instance`
or raises :class:`InstanceError` with a message naming the offending item.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

PREFECTURES = frozenset(f"{n:02d}" for n in range(1, 48))
UNLISTED_COST = 10
MAX_PREFERENCES = 3
MAX_JAPANESE_LEVEL = 5


class InstanceError(ValueError):
    """The instance is malformed; the message names the offending item."""


@dataclass(frozen=True, slots=True)
class Participant:
    id: str
    job_type: str
    language: str
    japanese_level: int
    preferences: tuple[str, ...]
    score: float
    attributes: frozenset[str] = frozenset()
    partner: str | None = None

    def cost(self, prefecture: str) -> int:
        """What placing this participant in ``prefecture`` costs: its preference index, or 10."""
        try:
            return self.preferences.index(prefecture)
        except ValueError:
            return UNLISTED_COST


@dataclass(frozen=True, slots=True)
class Position:
    id: str
    organisation: str
    prefecture: str
    job_type: str
    language: str
    capacity: int
    min_japanese_level: int = 0
    requires: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Instance:
    participants: tuple[Participant, ...]
    positions: tuple[Position, ...]
    _by_id: dict[str, Participant] = field(default_factory=dict, compare=False, repr=False)

    def participant(self, pid: str) -> Participant:
        if not self._by_id:
            self._by_id.update((p.id, p) for p in self.participants)
        return self._by_id[pid]

    @property
    def couples(self) -> list[tuple[str, str]]:
        """Each couple once, as (smaller id, larger id), sorted."""
        return sorted({tuple(sorted((p.id, p.partner))) for p in self.participants if p.partner})  # type: ignore[misc]


def eligible(p: Participant, s: Position) -> bool:
    """The contract's eligibility rule (capacity is not part of it)."""
    return (
        p.job_type == s.job_type
        and p.language == s.language
        and p.japanese_level >= s.min_japanese_level
        and s.requires <= p.attributes
    )


# --- parsing -------------------------------------------------------------------------------------------

_PARTICIPANT_KEYS = {
    "id",
    "job_type",
    "language",
    "japanese_level",
    "preferences",
    "score",
    "attributes",
    "partner",
}
_POSITION_KEYS = {
    "id",
    "organisation",
    "prefecture",
    "job_type",
    "language",
    "capacity",
    "min_japanese_level",
    "requires",
}


def _where(kind: str, index: int, item: Any) -> str:
    if isinstance(item, dict) and isinstance(item.get("id"), str):
        return f"{kind} {item['id']!r}"
    return f"{kind} #{index + 1}"


def _str(item: dict[str, Any], key: str, where: str, *, required: bool = True) -> str | None:
    if key not in item:
        if required:
            raise InstanceError(f"{where}: {key!r} is missing")
        return None
    value = item[key]
    if not isinstance(value, str) or not value:
        raise InstanceError(f"{where}: {key!r} must be a non-empty string")
    return value


def _int(
    item: dict[str, Any],
    key: str,
    where: str,
    *,
    default: int | None = None,
    lo: int = 0,
    hi: int | None = None,
) -> int:
    if key not in item:
        if default is None:
            raise InstanceError(f"{where}: {key!r} is missing")
        return default
    value = item[key]
    if isinstance(value, bool) or not isinstance(value, int | float) or value != int(value):
        raise InstanceError(f"{where}: {key!r} must be an integer")
    value = int(value)
    if value < lo or (hi is not None and value > hi):
        bound = f"between {lo} and {hi}" if hi is not None else f"at least {lo}"
        raise InstanceError(f"{where}: {key!r} must be {bound}, not {value}")
    return value


def _strings(item: dict[str, Any], key: str, where: str) -> list[str]:
    value = item.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise InstanceError(f"{where}: {key!r} must be a list of non-empty strings")
    return value


def _check_keys(item: Any, allowed: set[str], where: str) -> dict[str, Any]:
    if not isinstance(item, dict):
        raise InstanceError(f"{where}: must be a JSON object")
    unknown = sorted(set(item) - allowed)
    if unknown:
        raise InstanceError(f"{where}: unknown field {unknown[0]!r}")
    return item


def _participant(index: int, raw: Any) -> Participant:
    where = _where("participant", index, raw)
    item = _check_keys(raw, _PARTICIPANT_KEYS, where)
    pid = _str(item, "id", where)
    prefs = _strings(item, "preferences", where) if "preferences" in item else None
    if prefs is None:
        raise InstanceError(f"{where}: 'preferences' is missing")
    if len(prefs) > MAX_PREFERENCES:
        raise InstanceError(f"{where}: 'preferences' has {len(prefs)} entries; at most {MAX_PREFERENCES}")
    for code in prefs:
        if code not in PREFECTURES:
            raise InstanceError(f"{where}: unknown prefecture {code!r} in 'preferences'")
    if len(set(prefs)) != len(prefs):
        raise InstanceError(f"{where}: 'preferences' repeats a prefecture")
    if "score" not in item:
        raise InstanceError(f"{where}: 'score' is missing")
    score = item["score"]
    if isinstance(score, bool) or not isinstance(score, int | float) or not math.isfinite(score):
        raise InstanceError(f"{where}: 'score' must be a finite number")
    partner = item.get("partner")
    if partner is not None and (not isinstance(partner, str) or not partner):
        raise InstanceError(f"{where}: 'partner' must be a participant id")
    return Participant(
        id=pid,  # type: ignore[arg-type]
        job_type=_str(item, "job_type", where),  # type: ignore[arg-type]
        language=_str(item, "language", where),  # type: ignore[arg-type]
        japanese_level=_int(item, "japanese_level", where, hi=MAX_JAPANESE_LEVEL),
        preferences=tuple(prefs),
        score=float(score),
        attributes=frozenset(_strings(item, "attributes", where)),
        partner=partner,
    )


def _position(index: int, raw: Any) -> Position:
    where = _where("position", index, raw)
    item = _check_keys(raw, _POSITION_KEYS, where)
    prefecture = _str(item, "prefecture", where)
    if prefecture not in PREFECTURES:
        raise InstanceError(f"{where}: unknown prefecture {prefecture!r}")
    return Position(
        id=_str(item, "id", where),  # type: ignore[arg-type]
        organisation=_str(item, "organisation", where),  # type: ignore[arg-type]
        prefecture=prefecture,
        job_type=_str(item, "job_type", where),  # type: ignore[arg-type]
        language=_str(item, "language", where),  # type: ignore[arg-type]
        capacity=_int(item, "capacity", where),
        min_japanese_level=_int(item, "min_japanese_level", where, default=0, hi=MAX_JAPANESE_LEVEL),
        requires=frozenset(_strings(item, "requires", where)),
    )


def parse_instance(data: Any) -> Instance:
    """Validate the decoded JSON ``data`` and build the :class:`Instance`; :class:`InstanceError` if bad."""
    if not isinstance(data, dict):
        raise InstanceError("the instance must be a JSON object with 'participants' and 'positions'")
    unknown = sorted(set(data) - {"participants", "positions"})
    if unknown:
        raise InstanceError(f"unknown top-level field {unknown[0]!r}")
    for key in ("participants", "positions"):
        if not isinstance(data.get(key), list):
            raise InstanceError(f"{key!r} must be a list")
    participants = [_participant(i, raw) for i, raw in enumerate(data["participants"])]
    positions = [_position(i, raw) for i, raw in enumerate(data["positions"])]
    seen: set[str] = set()
    for p in participants:
        if p.id in seen:
            raise InstanceError(f"participant {p.id!r}: duplicate id")
        seen.add(p.id)
    by_id = {p.id: p for p in participants}
    for p in participants:
        if p.partner is None:
            continue
        if p.partner == p.id:
            raise InstanceError(f"participant {p.id!r}: 'partner' is the participant itself")
        other = by_id.get(p.partner)
        if other is None:
            raise InstanceError(f"participant {p.id!r}: partner {p.partner!r} is not a participant")
        if other.partner != p.id:
            raise InstanceError(
                f"participant {p.id!r}: partner {p.partner!r} does not name {p.id!r} as its partner"
            )
    seen = set()
    for s in positions:
        if s.id in seen:
            raise InstanceError(f"position {s.id!r}: duplicate id")
        seen.add(s.id)
    return Instance(participants=tuple(participants), positions=tuple(positions), _by_id=by_id)
