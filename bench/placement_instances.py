"""A realistic generator of placement instances (the contract's JSON document, as a dict).

Scale 1: 2,000 participants × 1,000 contracting organisations with about 2,100 seats. Prefecture demand
is skewed: nearly everyone lists Tokyo (13), Osaka (27), Kyoto (26) or Okinawa (47) among their three
wishes, while seats are spread over all 47 prefectures. 2% of participants are in couples (mutual
partners, usually with the same wishes); 10% of positions carry conditions (a minimum Japanese level or
a driver's licence). ``scale=10`` multiplies every count by ten.
"""

from __future__ import annotations

import random
from typing import Any

PREFS = [f"{n:02d}" for n in range(1, 48)]
POPULAR = ["13", "27", "26", "47"]
CIR_LANGUAGES = ["en", "zh", "ko", "fr", "de", "pt", "es"]


def _job(rng: random.Random) -> tuple[str, str]:
    x = rng.random()
    if x < 0.88:
        return "ALT", "en"
    if x < 0.90:
        return "ALT", "fr"
    if x < 0.98:
        return "CIR", rng.choice(CIR_LANGUAGES)
    return "SEA", "en"


def _wishes(rng: random.Random) -> list[str]:
    n = rng.choices([0, 1, 2, 3], weights=[3, 7, 15, 75])[0]
    out: list[str] = []
    while len(out) < n:
        pref = rng.choice(POPULAR) if rng.random() < 0.7 else rng.choice(PREFS)
        if pref not in out:
            out.append(pref)
    return out


def generate(
    scale: int = 1,
    seed: int = 1,
    participants: int | None = None,
    organisations: int | None = None,
    couple_share: float = 0.02,
) -> dict[str, Any]:
    rng = random.Random(seed)
    n_part = participants if participants is not None else 2000 * scale
    n_org = organisations if organisations is not None else 1000 * scale
    positions: list[dict[str, Any]] = []
    seats_target = round(n_org * 2.1)
    # Tokyo, Osaka and Kyoto have a few more organisations; everything else is spread evenly.
    pref_weights = [3 if p in ("13", "27") else 2 if p == "26" else 1 for p in PREFS]
    seats = 0
    for o in range(n_org):
        pref = rng.choices(PREFS, weights=pref_weights)[0]
        org = f"{pref}{o:05d}"
        for _ in range(rng.choices([1, 2], weights=[85, 15])[0]):
            job_type, language = _job(rng)
            cap = rng.choices([1, 2, 3, 4], weights=[45, 30, 15, 10])[0]
            pos: dict[str, Any] = {
                "id": f"S{len(positions) + 1:06d}",
                "organisation": org,
                "prefecture": pref,
                "job_type": job_type,
                "language": language,
                "capacity": cap,
                "min_japanese_level": 0,
            }
            if rng.random() < 0.10:
                if rng.random() < 0.5:
                    pos["requires"] = ["drivers_licence"]
                else:
                    pos["min_japanese_level"] = rng.choice([2, 3, 4])
            positions.append(pos)
            seats += cap
    # Trim or pad capacities to about 2.1 seats per organisation.
    while seats > seats_target:
        pos = rng.choice(positions)
        if pos["capacity"] > 1:
            pos["capacity"] -= 1
            seats -= 1
    while seats < seats_target:
        rng.choice(positions)["capacity"] += 1
        seats += 1

    people: list[dict[str, Any]] = []
    for i in range(n_part):
        job_type, language = _job(rng)
        person: dict[str, Any] = {
            "id": f"P{i + 1:06d}",
            "job_type": job_type,
            "language": language,
            "japanese_level": rng.choices(range(6), weights=[30, 20, 20, 15, 10, 5])[0],
            "preferences": _wishes(rng),
            "score": round(rng.uniform(40, 100), 1),
        }
        if rng.random() < 0.7:
            person["attributes"] = ["drivers_licence"]
        people.append(person)
    # 2% (couple_share) in couples: pair neighbours, usually with the same wishes.
    n_couples = round(n_part * couple_share / 2)
    chosen = rng.sample(range(n_part), 2 * n_couples)
    for a, b in zip(chosen[::2], chosen[1::2], strict=True):
        people[a]["partner"] = people[b]["id"]
        people[b]["partner"] = people[a]["id"]
        if rng.random() < 0.7:
            people[b]["preferences"] = list(people[a]["preferences"])
    return {"participants": people, "positions": positions}
