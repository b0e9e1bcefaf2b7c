"""Forms of the cost pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class CostYearForm(forms.Form):
    fiscal_year = forms.IntegerField(label=_("Fiscal year"), required=False, min_value=1987, max_value=2100)


class CostRatesForm(forms.Form):
    travel_arrival_yen = forms.IntegerField(
        label=_("Travel per arrival (yen)"), min_value=0, max_value=10_000_000
    )
    travel_return_yen = forms.IntegerField(
        label=_("Travel per return (yen)"), min_value=0, max_value=10_000_000
    )
    insurance_yen = forms.IntegerField(
        label=_("Insurance per participant and year (yen)"), min_value=0, max_value=10_000_000
    )
