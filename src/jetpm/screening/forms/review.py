"""Forms of reviews, resolutions, stage decisions and Japanese tests. They parse; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from jetpm.core.forms import choose_first
from jetpm.planning.models import Criterion


class ConflictForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300)


class ReviewForm(forms.Form):
    """One integer field per criterion of the stage (``score_<code>``), and a comment."""

    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args: Any, criteria: list[Criterion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        ja = (get_language() or "en").startswith("ja")
        fields = {}
        for c in criteria:
            fields[f"score_{c.code}"] = forms.IntegerField(
                label=c.name_ja if ja else c.name_en,
                required=False,
                help_text=_("%(low)s to %(high)s, weight %(weight)s")
                % {"low": c.scale_min, "high": c.scale_max, "weight": format(c.weight.normalize(), "f")},
            )
        comment = self.fields.pop("comment")
        self.fields.update(fields)
        self.fields["comment"] = comment

    def scores(self) -> dict[str, int | None]:
        return {c.code: self.cleaned_data.get(f"score_{c.code}") for c in self.criteria}


class ResolveForm(forms.Form):
    stage = forms.ChoiceField(
        label=_("Stage"), choices=[("documents", ""), ("interview", "")], widget=forms.HiddenInput
    )
    score = forms.DecimalField(label=_("Resolved score"), max_digits=7, decimal_places=3, required=False)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class DecisionForm(forms.Form):
    stage = forms.ChoiceField(
        label=_("Stage"), choices=[("documents", ""), ("interview", "")], widget=forms.HiddenInput
    )
    passed = forms.TypedChoiceField(
        label=_("Decision"),
        choices=choose_first([("1", _("Pass")), ("0", _("Not recommended"))]),
        coerce=lambda v: v == "1",
    )
    reason = forms.CharField(label=_("Reason"), max_length=500, required=False)


class CutoffForm(forms.Form):
    stage = forms.ChoiceField(
        label=_("Stage"), choices=[("documents", ""), ("interview", "")], widget=forms.HiddenInput
    )
    cutoff = forms.DecimalField(label=_("Cut-off (final score ≥)"), max_digits=7, decimal_places=3)
    reason = forms.CharField(label=_("Reason for those below the cut-off"), max_length=500)


class JapaneseTestForm(forms.Form):
    tested_on = forms.DateField(label=_("Tested on"), widget=forms.DateInput(attrs={"type": "date"}))
    score = forms.IntegerField(label=_("Score (0–100)"))  # the range: the service decides
    passed = forms.BooleanField(label=_("Passed"), required=False)
    notes = forms.CharField(label=_("Notes"), max_length=500, required=False)
