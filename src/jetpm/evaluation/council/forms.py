"""Forms of the Council's findings and the examination rules (parse only: the services check the rules)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from jetpm.evaluation.models import ExaminationRules, Finding
from jetpm.evaluation.states import ChangeTarget, FindingSource, FindingStatus
from jetpm.planning.models import Criterion

BLANK = [("", "---------")]


class NewRulesForm(forms.Form):
    intake_year = forms.IntegerField(label=_("Intake fiscal year"), min_value=1987, max_value=2100)


class RulesForm(forms.ModelForm):
    class Meta:
        model = ExaminationRules
        fields = ["text_ja", "text_en"]
        widgets = {
            "text_ja": forms.Textarea(attrs={"rows": 14, "lang": "ja"}),
            "text_en": forms.Textarea(attrs={"rows": 14, "lang": "en"}),
        }

    def values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in ("text_ja", "text_en")}


class FindingForm(forms.Form):
    fiscal_year = forms.IntegerField(label=_("Fiscal year of the discussion"), min_value=1987, max_value=2100)
    title = forms.CharField(label=_("Title"), max_length=200)
    text = forms.CharField(label=_("Finding"), widget=forms.Textarea(attrs={"rows": 6}))
    source = forms.ChoiceField(label=_("Source"), choices=BLANK + list(FindingSource.choices))
    source_link = forms.CharField(
        label=_("Link to the source"),
        required=False,
        max_length=500,
        help_text=_(
            "A page of the platform (starting with /), such as the fairness view, or an https:// address."
        ),
    )

    @classmethod
    def of(cls, finding: Finding) -> FindingForm:
        return cls(initial={name: getattr(finding, name) for name in cls.base_fields})

    def values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.fields}


class FindingFilterForm(forms.Form):
    year = forms.IntegerField(label=_("Fiscal year"), min_value=1987, max_value=2100, required=False)
    status = forms.ChoiceField(label=_("Status"), choices=BLANK + list(FindingStatus.choices), required=False)
    source = forms.ChoiceField(label=_("Source"), choices=BLANK + list(FindingSource.choices), required=False)


def _criterion_label(c: Criterion) -> str:
    """The criterion's stage and name in the reader's language (built with the form, per request)."""
    name = c.name_ja if (get_language() or "ja").startswith("ja") else c.name_en
    return f"{c.get_stage_display()}: {name}"


class LinkForm(forms.Form):
    """The change a finding leads to in next year's drafts: the draft guideline, one of its criteria, or the
    draft examination rules (the page offers only next year's drafts)."""

    target = forms.ChoiceField(label=_("Changes"), choices=BLANK + list(ChangeTarget.choices))
    criterion = forms.TypedChoiceField(label=_("Criterion"), coerce=int, required=False, empty_value=None)
    change = forms.CharField(
        label=_("The change"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What changes in the document, and how."),
    )

    def __init__(self, *args: Any, criteria: list[Criterion] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["criterion"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = BLANK + [(c.pk, _criterion_label(c)) for c in criteria or []]


class UnlinkForm(forms.Form):
    change = forms.IntegerField(min_value=1)


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}))
