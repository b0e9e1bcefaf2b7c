"""Signed links in a bulletin: one records its opening, one withdraws the consent to its kind. No login:
the signature (the site's secret, a salt per use) is the proof; nothing else is accepted."""

from __future__ import annotations

from django.core import signing

OPEN_SALT = "jetpm.alumni.bulletin.open"
OPT_OUT_SALT = "jetpm.alumni.bulletin.opt-out"
MAX_AGE = 60 * 60 * 24 * 365 * 2  # two years


def open_token(delivery_id: int) -> str:
    return signing.dumps({"d": delivery_id}, salt=OPEN_SALT, compress=True)


def opt_out_token(person_id: int, kind: str) -> str:
    return signing.dumps({"p": person_id, "k": kind}, salt=OPT_OUT_SALT, compress=True)


def read_open(token: str) -> int | None:
    try:
        return int(signing.loads(token, salt=OPEN_SALT, max_age=MAX_AGE)["d"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


def read_opt_out(token: str) -> tuple[int, str] | None:
    try:
        data = signing.loads(token, salt=OPT_OUT_SALT, max_age=MAX_AGE)
        return int(data["p"]), str(data["k"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
