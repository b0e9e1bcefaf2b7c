"""The intake's filter by failed rule names every eligibility rule in words, never by its code."""

from __future__ import annotations

from django.utils import translation

from jetpm.applications.intake.forms import RULE_LABELS, IntakeFilterForm
from jetpm.planning.eligibility import MESSAGES


def test_every_eligibility_rule_has_a_label() -> None:
    assert set(MESSAGES) <= set(RULE_LABELS)


def test_the_rule_filter_shows_no_code_in_japanese() -> None:
    with translation.override("ja"):
        field = IntakeFilterForm.base_fields["eligibility"]
        labels = [str(label) for code, label in field.choices if code]  # type: ignore[attr-defined]
    assert labels
    for code in MESSAGES:
        assert code not in labels
