"""Forms of requests (配置要望) and the national demand view."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jetpm.core.models import Language, Organisation, Prefecture
from jetpm.core.states import COKind, JapaneseLevel, JobType
from jetpm.planning.models import RequestLine
from jetpm.planning.services.requests import LineData
from jetpm.planning.states import RequestStatus, SchoolLevel, Setting


def _designated() -> Any:
    return Language.objects.filter(designated=True).order_by("code")


class RequestFilterForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Intake"), required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *RequestStatus.choices]
    )
    prefecture = forms.ModelChoiceField(
        label=_("Prefecture"),
        required=False,
        queryset=Prefecture.objects.all(),
        to_field_name="code",
        empty_label=_("All prefectures"),
    )
    co_kind = forms.ChoiceField(
        label=_("Kind of organisation"), required=False, choices=[("", _("All kinds")), *COKind.choices]
    )
    job_type = forms.ChoiceField(
        label=_("Job type"), required=False, choices=[("", _("All")), *JobType.choices]
    )
    language = forms.ModelChoiceField(
        label=_("Language"),
        required=False,
        queryset=Language.objects.none(),
        to_field_name="code",
        empty_label=_("All languages"),
    )

    def __init__(self, *args: Any, years: list[int] | None = None, **kwargs: Any) -> None:
        from jetpm.core.calendar import fiscal_year_label

        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("All years"))] + [  # type: ignore[attr-defined]
            (y, fiscal_year_label(y)) for y in years or []
        ]
        self.fields["language"].queryset = _designated()  # type: ignore[attr-defined]


class RequestLineForm(forms.Form):
    """The fields of a request line, parsed; the rules between them (a sport for SEA posts, a Japanese level
    for CIR posts, the job types' languages) are the service's (``services.requests.clean_line``), and its
    refusals land on these fields."""

    line = forms.IntegerField(required=False, widget=forms.HiddenInput)
    job_type = forms.ChoiceField(label=_("Job type"), choices=JobType.choices)
    language = forms.ModelChoiceField(
        label=_("Designated language"), queryset=Language.objects.none(), to_field_name="code"
    )
    new_participants = forms.IntegerField(label=_("New participants wanted"), min_value=0, max_value=9999)
    continuing = forms.IntegerField(
        label=_("Current participants expected to stay"), min_value=0, max_value=9999, initial=0
    )
    school_levels = forms.MultipleChoiceField(
        label=_("School levels"),
        required=False,
        choices=SchoolLevel.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    japanese_level = forms.ChoiceField(
        label=_("Japanese level required (CIR)"), choices=JapaneseLevel.choices, initial=JapaneseLevel.NONE
    )
    driving_licence = forms.BooleanField(label=_("Driving licence required"), required=False)
    sport = forms.CharField(label=_("Sport (SEA)"), required=False, max_length=100)
    setting = forms.ChoiceField(label=_("Urban or rural"), choices=Setting.choices, initial=Setting.EITHER)
    note = forms.CharField(
        label=_("Note"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, instance: RequestLine | None = None, **kwargs: Any) -> None:
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "line": instance.pk,
                "job_type": instance.job_type,
                "language": instance.language.code,
                "new_participants": instance.new_participants,
                "continuing": instance.continuing,
                "school_levels": instance.school_levels,
                "japanese_level": instance.japanese_level,
                "driving_licence": instance.driving_licence,
                "sport": instance.sport,
                "setting": instance.setting,
                "note": instance.note,
            }
        super().__init__(*args, **kwargs)
        self.fields["language"].queryset = _designated()  # type: ignore[attr-defined]

    def prefill_continuing(self, figure: int | None, round_year: int) -> None:
        """Say where the "continuing" figure comes from (the reappointment round of ``round_year``) and,
        while the line has none, offer it as the value (the coordinator can still change it)."""
        from jetpm.core.calendar import fiscal_year_label

        field = self.fields["continuing"]
        if figure is None:
            field.help_text = _(
                "The reappointment round of %(year)s has confirmed no participant of this job type and "
                "language yet."
            ) % {"year": fiscal_year_label(round_year)}
            return
        field.help_text = _(
            "Prefilled from the reappointment round of %(year)s: %(count)s participants of this job type "
            "and language were reappointed. Change it if you expect otherwise."
        ) % {"year": fiscal_year_label(round_year), "count": figure}
        if not self.is_bound and not self.initial.get("continuing"):
            self.initial["continuing"] = figure

    def line_data(self) -> LineData:
        d = self.cleaned_data
        return LineData(
            job_type=d["job_type"],
            language=d["language"].code,
            new_participants=d["new_participants"],
            continuing=d["continuing"] if d.get("continuing") is not None else 0,
            school_levels=list(d.get("school_levels") or []),
            japanese_level=d["japanese_level"],
            driving_licence=bool(d.get("driving_licence")),
            sport=d.get("sport") or "",
            setting=d["setting"],
            note=d.get("note") or "",
        )


class LineChoiceForm(forms.Form):
    line = forms.IntegerField(label=_("Line"), min_value=1)


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Note to the host organisation and MIC/CLAIR"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for returning"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class NewRequestForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Contracting organisation"), queryset=Organisation.objects.none()
    )
    year = forms.IntegerField(label=_("Intake"), min_value=1987, max_value=2100)

    def __init__(self, *args: Any, organisations: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if organisations is not None:
            self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]


class AreaYearForm(forms.Form):
    """A host organisation and an intake (forward all, template download)."""

    host = forms.ModelChoiceField(label=_("Host organisation"), queryset=Organisation.objects.none())
    year = forms.IntegerField(label=_("Intake"), min_value=1987, max_value=2100)

    def __init__(self, *args: Any, hosts: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if hosts is not None:
            self.fields["host"].queryset = hosts  # type: ignore[attr-defined]


class UploadForm(AreaYearForm):
    file = forms.FileField(label=_("Filled-in template (.xlsx, at most 5 MB)"))


class DemandForm(forms.Form):
    year = forms.IntegerField(label=_("Intake"), min_value=1987, max_value=2100, required=False)
    format = forms.ChoiceField(
        label=_("Format"), required=False, choices=[("", "HTML"), ("xlsx", "XLSX"), ("csv", "CSV")]
    )
