"""Forms of the missions' reports. They parse; the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class ReportBuildForm(forms.Form):
    intake_year = forms.IntegerField(label=_("Intake fiscal year"), min_value=2000, max_value=2100)
