"""Which designated languages a job type takes and from which fiscal year it exists (seed: ALT teaches
English, German, French, Chinese or Korean; the Sports Exchange Advisor exists since FY1995). Pure Python:
no Django. The Django edge (:mod:`jetpm.planning.job_rules`) turns the problems into translated messages."""

from __future__ import annotations

ALT = "ALT"
CIR = "CIR"
SEA = "SEA"

# The designated languages an ALT (Assistant Language Teacher) post teaches.
ALT_LANGUAGES: tuple[str, ...] = ("en", "de", "fr", "zh", "ko")
# The first fiscal year of each job type (ALT and CIR since the programme began in 1987).
FIRST_FISCAL_YEAR: dict[str, int] = {ALT: 1987, CIR: 1987, SEA: 1995}


def language_allowed(job_type: str, language_code: str | None) -> bool:
    """Whether a post of ``job_type`` may have ``language_code`` as its designated language (an ALT post
    only one of :data:`ALT_LANGUAGES`; no language given is not judged here)."""
    if not language_code or job_type != ALT:
        return True
    return language_code.lower() in ALT_LANGUAGES


def job_type_exists(job_type: str, fiscal_year: int) -> bool:
    """Whether ``job_type`` exists in ``fiscal_year`` (SEA: from FY1995)."""
    first = FIRST_FISCAL_YEAR.get(job_type)
    return first is None or fiscal_year >= first
