"""How many cores the deadline rush needs: a queueing model of bench_entrance_load.py's applicants.

The load bench measures one machine; this model answers "what if": more cores, cheaper pages, a cheaper
password check. Each applicant makes the bench's requests (login page, log in, portal, documents page,
three uploads, review page, submit — every second applicant twice at once — application page), reading
1–3 s between two (uniformly drawn, as the bench); all start at the same instant. Every request needs the
CPU time given for its kind (app server and database together, measured in-process: docs/benchmarks.md);
the cores serve the requests first come, first served, each request on one core. Printed: p50 and p95 of
the response times over all requests, for a few seeds.

It leaves out what makes the real server slower than the model (threads sharing a core, context switches,
the GIL, the network): the measured p95 is higher than the model's, so a configuration the model says
fails will fail; one it says meets needs the bench to confirm.

    python3 bench/capacity_model.py [--applicants 200] [--cores 2 3 4] [--scale 1.0] [--argon2-ms 29]
"""

from __future__ import annotations

import argparse
import heapq
import random

SEQUENCE = (
    "login page",
    "log in",
    "portal",
    "documents page",
    "upload",
    "upload",
    "upload",
    "review page",
    "submit",
    "application page",
)
# CPU per request (ms, app + database), measured in-process on 2026-12-07 (docs/benchmarks.md, "What two cores
# can do"): the app's on a quiet machine, PostgreSQL's session from /proc; the log-in's includes the Argon2
# check (--argon2-ms)
MEASURED_MS = {
    "login page": 2.0,
    "log in": 40.0,
    "portal": 21.0,
    "documents page": 26.0,
    "upload": 16.0,
    "review page": 33.0,
    "submit": 30.0,
    "application page": 48.0,
}
ARGON2_MS = 29.0


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, int(len(ordered) * p) - 1)]


def simulate(
    costs: dict[str, float], *, applicants: int, cores: int, seed: int, think: tuple[float, float]
) -> list[float]:
    """Response times (ms) of every request of one run."""
    rng = random.Random(seed)
    arrivals = [(0.0, i, 0) for i in range(applicants)]
    heapq.heapify(arrivals)
    free_at = [0.0] * cores
    times: list[float] = []
    while arrivals:
        at, who, step = heapq.heappop(arrivals)
        kind = SEQUENCE[step]
        copies = 2 if kind == "submit" and who % 2 else 1  # the double-click
        answered = at
        for _ in range(copies):
            core = min(range(cores), key=free_at.__getitem__)
            free_at[core] = max(at, free_at[core]) + costs[kind] / 1000
            times.append((free_at[core] - at) * 1000)
            answered = max(answered, free_at[core])
        if step + 1 < len(SEQUENCE):
            heapq.heappush(arrivals, (answered + rng.uniform(*think), who, step + 1))
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--applicants", type=int, default=200)
    parser.add_argument("--cores", type=int, nargs="+", default=[2, 3, 4])
    parser.add_argument(
        "--scale", type=float, nargs="+", default=[1.0], help="multiply every request's CPU but Argon2's"
    )
    parser.add_argument("--argon2-ms", type=float, nargs="+", default=[ARGON2_MS])
    parser.add_argument("--think", type=float, nargs=2, default=(1.0, 3.0), metavar=("MIN", "MAX"))
    parser.add_argument("--seeds", type=int, default=5)
    args = parser.parse_args()
    print(
        f"{args.applicants} applicants at once, reading {args.think[0]:g}–{args.think[1]:g} s; p50 / p95 (ms)"
    )
    for argon2 in args.argon2_ms:
        for scale in args.scale:
            costs = {k: v * scale for k, v in MEASURED_MS.items()}
            costs["log in"] = (MEASURED_MS["log in"] - ARGON2_MS) * scale + argon2
            for cores in args.cores:
                runs = [
                    simulate(costs, applicants=args.applicants, cores=cores, seed=s, think=tuple(args.think))
                    for s in range(args.seeds)
                ]
                p50 = [percentile(r, 0.50) for r in runs]
                p95 = [percentile(r, 0.95) for r in runs]
                print(
                    f"argon2 {argon2:4.0f} ms, pages ×{scale:.2f}, {cores} cores: "
                    f"p50 {min(p50):5.0f}–{max(p50):5.0f}, p95 {min(p95):5.0f}–{max(p95):5.0f}"
                )


if __name__ == "__main__":
    main()
