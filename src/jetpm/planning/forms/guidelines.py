"""Forms of the year's guidelines: a new year, the rules and text of a draft, one criterion."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import Field as ModelField
from django.utils.translation import gettext_lazy as _

from jetpm.planning.models import Criterion, Guideline
from jetpm.planning.services.guidelines import EDITABLE_FIELDS


class NewGuidelineForm(forms.Form):
    intake_year = forms.IntegerField(label=_("Intake fiscal year"), min_value=1987, max_value=2100)


class YearForm(forms.Form):
    year = forms.IntegerField(label=_("Intake fiscal year"), min_value=1987, max_value=2100, required=False)


class GuidelineForm(forms.ModelForm):
    """The rules and the text of a draft (the service checks them again and names the field)."""

    class Meta:
        model = Guideline
        fields = EDITABLE_FIELDS
        widgets = {
            "text_ja": forms.Textarea(attrs={"rows": 12, "lang": "ja"}),
            "text_en": forms.Textarea(attrs={"rows": 12, "lang": "en"}),
        }

    def values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in EDITABLE_FIELDS}


def _field(name: str, **kwargs: Any) -> forms.Field:
    field = cast("ModelField[Any, Any]", Criterion._meta.get_field(name)).formfield(**kwargs)
    assert field is not None
    return field


class CriterionForm(forms.Form):
    """Add a criterion (no ``criterion``) or change the one named by the hidden ``criterion`` id."""

    criterion = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)
    stage = _field("stage")
    code = _field("code")
    name_ja = _field("name_ja")
    name_en = _field("name_en")
    weight = _field("weight")
    scale_min = _field("scale_min")
    scale_max = _field("scale_max")
    order = _field("order", required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        lo, hi = data.get("scale_min"), data.get("scale_max")
        if lo is not None and hi is not None and lo >= hi:
            self.add_error(
                "scale_max",
                _("The highest score (%(max)s) must be above the lowest (%(min)s).") % {"max": hi, "min": lo},
            )
        if data.get("weight") is not None and data["weight"] < 0:
            self.add_error("weight", _("The weight cannot be negative."))
        return data

    def values(self) -> dict[str, Any]:
        data = {k: self.cleaned_data[k] for k in ("stage", "code", "name_ja", "name_en", "weight")}
        data["scale_min"] = self.cleaned_data["scale_min"]
        data["scale_max"] = self.cleaned_data["scale_max"]
        data["order"] = self.cleaned_data.get("order") or 0
        return data


class CriterionRemoveForm(forms.Form):
    criterion = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
