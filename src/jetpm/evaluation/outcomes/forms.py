"""Parsing of the outcomes and fairness pages' parameters (``?fy=2026&by=country&format=csv``)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

BREAKDOWN_CHOICES = [
    ("country", _("Country")),
    ("gender", _("Gender")),
    ("age_band", _("Age band (age on 1 April)")),
    ("mission", _("Mission")),
    ("panel", _("Panel")),
]
FORMATS = [("csv", "CSV"), ("xlsx", "XLSX")]


class OutcomesForm(forms.Form):
    fy = forms.IntegerField(label=_("Intake fiscal year"), required=False, min_value=1987, max_value=2100)
    by = forms.ChoiceField(label=_("Breakdown"), choices=BREAKDOWN_CHOICES, required=False)
    format = forms.ChoiceField(label=_("Format"), choices=FORMATS, required=False)
