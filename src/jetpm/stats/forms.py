from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

FORMATS = [("xlsx", "XLSX"), ("csv", "CSV"), ("pdf", "PDF")]
TABLE_CHOICES = [
    ("retention", _("Retention")),
    ("years", _("By fiscal year")),
    ("country", _("By country")),
    ("alt_country", _("ALTs by country")),
    ("job_type", _("By job type")),
]


class StatsFilterForm(forms.Form):
    """The fiscal years of the statistics pages (``?from=2022&to=2024&fy=2024``) and the download."""

    from_fy = forms.IntegerField(label=_("From fiscal year"), required=False, min_value=1987, max_value=2100)
    to_fy = forms.IntegerField(label=_("To fiscal year"), required=False, min_value=1987, max_value=2100)
    fy = forms.IntegerField(
        label=_("Fiscal year of the breakdown"), required=False, min_value=1987, max_value=2100
    )
    format = forms.ChoiceField(label=_("Format"), choices=FORMATS, required=False)
    table = forms.ChoiceField(label=_("Table"), choices=TABLE_CHOICES, required=False)

    def __init__(self, data: Any = None) -> None:
        if data is not None:  # the URL says from/to; a form field may not be called "from"
            data = data.copy()
            for short, name in (("from", "from_fy"), ("to", "to_fy")):
                if short in data:
                    data[name] = data[short]
        super().__init__(data)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        first, last = cleaned.get("from_fy"), cleaned.get("to_fy")
        if first is not None and last is not None and first > last:
            raise forms.ValidationError(
                _("The first fiscal year (%(first)s) is after the last one (%(last)s)."),
                params={"first": first, "last": last},
            )
        return cleaned
