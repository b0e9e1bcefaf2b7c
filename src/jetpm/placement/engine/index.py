"""Shared precomputation: eligibility classes, master ranking, position groups.

Eligibility depends only on a participant's *eligibility key* E = (job type, language, Japanese level,
attributes) and a position's *requirement key* R = (job type, language, minimum level, requires). There are
few distinct keys, so eligibility is computed once per (E, R) pair, never per (participant, position) pair.
Positions with capacity 0 can never hold anyone and never block; they are left out of every group.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import Instance, Participant, Position

EKey = tuple[str, str, int, frozenset[str]]
RKey = tuple[str, str, int, frozenset[str]]


@dataclass(slots=True)
class Index:
    participants: tuple[Participant, ...]  # input order; "participant index" i refers to this
    positions: list[Position]  # every position, sorted by id; "position index" j refers to this
    rank: list[int]  # rank[i]: 0 = the highest score (ties by id), the order every position uses
    order: list[int]  # participant indices, best rank first
    ekey: list[int]  # ekey[i]: the participant's eligibility class
    n_ekeys: int
    eligible_r: list[list[int]]  # eligible_r[e]: the requirement classes (with seats) class e may take
    r_positions: list[list[int]]  # r_positions[g]: position indices of class g with capacity > 0, id order
    rr_positions: dict[tuple[int, str], list[int]]  # (g, prefecture) -> position indices, id order
    prefs: list[tuple[str, ...]]
    partner: list[int]  # partner[i]: the partner's participant index, or -1


def build_index(instance: Instance) -> Index:
    participants = instance.participants
    positions = sorted(instance.positions, key=lambda s: s.id)
    order = sorted(range(len(participants)), key=lambda i: (-participants[i].score, participants[i].id))
    rank = [0] * len(participants)
    for r, i in enumerate(order):
        rank[i] = r

    e_ids: dict[EKey, int] = {}
    ekey = []
    for p in participants:
        ekey.append(e_ids.setdefault((p.job_type, p.language, p.japanese_level, p.attributes), len(e_ids)))

    r_ids: dict[RKey, int] = {}
    r_positions: list[list[int]] = []
    rr_positions: dict[tuple[int, str], list[int]] = {}
    for j, s in enumerate(positions):
        if s.capacity <= 0:
            continue
        g = r_ids.setdefault((s.job_type, s.language, s.min_japanese_level, s.requires), len(r_ids))
        if g == len(r_positions):
            r_positions.append([])
        r_positions[g].append(j)
        rr_positions.setdefault((g, s.prefecture), []).append(j)

    eligible_r: list[list[int]] = []
    for (jt, lang, level, attrs), _e in sorted(e_ids.items(), key=lambda kv: kv[1]):
        eligible_r.append(
            [
                g
                for (rjt, rlang, minlevel, requires), g in r_ids.items()
                if rjt == jt and rlang == lang and level >= minlevel and requires <= attrs
            ]
        )

    pid = {p.id: i for i, p in enumerate(participants)}
    partner = [pid[p.partner] if p.partner else -1 for p in participants]
    return Index(
        participants=participants,
        positions=positions,
        rank=rank,
        order=order,
        ekey=ekey,
        n_ekeys=len(e_ids),
        eligible_r=eligible_r,
        r_positions=r_positions,
        rr_positions=rr_positions,
        prefs=[p.preferences for p in participants],
        partner=partner,
    )
