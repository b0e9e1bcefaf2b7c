"""Forms of screening. They parse; the services decide."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from jetpm.core.forms import QuickCheckboxSelectMultiple, choose_first
from jetpm.core.states import JobType
from jetpm.planning.models import Criterion
from jetpm.screening.states import InterviewMode, MemberKind

EXTERNAL_KIND_CHOICES = [
    (k.value, k.label) for k in (MemberKind.ALUMNUS, MemberKind.EDUCATOR, MemberKind.OTHER)
]


class PanelForm(forms.Form):
    intake_year = forms.IntegerField(label=_("Intake fiscal year"), min_value=2000, max_value=2100)
    name = forms.CharField(label=_("Name"), max_length=200)
    job_type = forms.ChoiceField(
        label=_("Job type"), choices=[("", _("All job types")), *JobType.choices], required=False
    )
    disagreement_threshold = forms.DecimalField(
        label=_("Disagreement threshold"), min_value=Decimal(0), max_digits=5, decimal_places=2, initial=1
    )


class PanelSettingsForm(forms.Form):
    disagreement_threshold = forms.DecimalField(
        label=_("Disagreement threshold"), min_value=Decimal(0), max_digits=5, decimal_places=2
    )
    chair = forms.TypedChoiceField(label=_("Chair"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args: Any, members: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["chair"].choices = [("", _("No chair")), *members]  # type: ignore[attr-defined]


class AddMemberForm(forms.Form):
    user = forms.TypedChoiceField(label=_("Member"), coerce=int)

    def __init__(self, *args: Any, users: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].choices = users  # type: ignore[attr-defined]


class ExternalMemberForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"))
    family_name = forms.CharField(label=_("Family name"), max_length=150)
    given_name = forms.CharField(label=_("Given name"), max_length=150)
    kind = forms.ChoiceField(label=_("Kind of member"), choices=EXTERNAL_KIND_CHOICES)
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES, initial="en")


class UserIdForm(forms.Form):
    user = forms.IntegerField(label=_("Member"), widget=forms.HiddenInput)


class AssignForm(forms.Form):
    application = forms.IntegerField(label=_("Application"), widget=forms.HiddenInput)


class BulkAssignForm(forms.Form):
    job_type = forms.ChoiceField(label=_("Job type"), choices=JobType.choices)
    panels = forms.TypedMultipleChoiceField(label=_("Panels (round-robin)"), coerce=int)

    def __init__(self, *args: Any, panels: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["panels"].choices = panels  # type: ignore[attr-defined]


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


class SlotForm(forms.Form):
    starts_at = forms.DateTimeField(
        label=_("Start"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    minutes = forms.IntegerField(label=_("Length (minutes)"), min_value=5, max_value=480, initial=30)
    mode = forms.ChoiceField(label=_("Mode"), choices=InterviewMode.choices)
    place = forms.CharField(label=_("Place or online link"), max_length=300)
    message = forms.CharField(
        label=_("Invitation message"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class BulkSlotForm(SlotForm):
    gap = forms.IntegerField(
        label=_("Gap between interviews (minutes)"), min_value=0, max_value=240, initial=10
    )
    applications = forms.TypedMultipleChoiceField(
        label=_("Applications"), coerce=int, widget=QuickCheckboxSelectMultiple
    )

    def __init__(self, *args: Any, applications: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["applications"].choices = applications  # type: ignore[attr-defined]


class JapaneseTestForm(forms.Form):
    tested_on = forms.DateField(label=_("Tested on"), widget=forms.DateInput(attrs={"type": "date"}))
    score = forms.IntegerField(label=_("Score (0–100)"), min_value=0, max_value=100)
    passed = forms.BooleanField(label=_("Passed"), required=False)
    notes = forms.CharField(label=_("Notes"), max_length=500, required=False)


class ReportBuildForm(forms.Form):
    intake_year = forms.IntegerField(label=_("Intake fiscal year"), min_value=2000, max_value=2100)
