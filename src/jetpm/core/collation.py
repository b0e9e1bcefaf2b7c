"""Sorting names as a reader expects: accents and case aside (Åland Islands among the A's, Côte d'Ivoire
before Croatia, Türkiye before Tuvalu), without depending on the database's or the system's collation."""

from __future__ import annotations

import unicodedata


def sort_key(text: object) -> tuple[str, str]:
    """The name without its accents (NFKD, combining marks dropped) and case-folded, then the name itself
    so that names equal but for their accents keep a stable order."""
    value = str(text)
    bare = "".join(ch for ch in unicodedata.normalize("NFKD", value) if not unicodedata.combining(ch))
    return bare.casefold(), value
