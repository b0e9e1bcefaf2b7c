from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import Any

from django import forms
from django.conf import settings
from django.forms.models import ModelChoiceIterator
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from jetpm.core.collation import sort_key
from jetpm.core.models import Prefecture, RecruitmentCycle
from jetpm.core.states import MILESTONE_ORDER, MilestoneKind, OrgKind, PersonKind
from jetpm.core.time_zones import known_zones, utc_offset_label, validate_time_zone

_GROUPED = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")


class AmountField(forms.CharField):
    """An amount (or a count) as typed, for a service that names the rule a figure breaks: full-width digits
    and the thousands separators every page shows (1,000,000 or １，０００，０００) are read as the figure;
    anything else is handed on as written, so that the service says what is wrong with it."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 30)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal"}))
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> str:
        text = unicodedata.normalize("NFKC", str(super().to_python(value) or "")).strip().replace(" ", "")
        return text.replace(",", "") if _GROUPED.match(text) else text


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


def _attrs_html(attrs: dict[str, Any]) -> SafeString:
    """Attributes as Django's ``attrs.html`` writes them: ``False`` left out, ``True`` as a bare name."""
    return mark_safe(  # noqa: S308 - every name and value is escaped here
        "".join(
            f" {escape(name)}" if value is True else f' {escape(name)}="{escape(value)}"'
            for name, value in attrs.items()
            if value is not False and value is not None
        )
    )


class QuickCheckboxSelectMultiple(forms.CheckboxSelectMultiple):
    """Django's checkboxes with the same HTML, written in Python instead of two templates per option: a
    list of two hundred countries (five times on the rules of the year) takes a millisecond, not a few
    hundred. Groups of choices fall back to Django's templates."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        context = self.get_context(name, value, attrs)
        widget = context["widget"]
        if any(group for group, _options, _index in widget["optgroups"]):
            return super().render(name, value, attrs, renderer)
        rows = []
        for _group, options, _index in widget["optgroups"]:
            for option in options:
                option_id = option["attrs"].get("id")
                label_for = format_html(' for="{}"', option_id) if option_id else ""
                value_attr = (
                    format_html(' value="{}"', str(option["value"])) if option["value"] is not None else ""
                )
                rows.append(
                    format_html(
                        '<div><label{}><input type="{}" name="{}"{}{}> {}</label></div>',
                        label_for,
                        option["type"],
                        option["name"],
                        value_attr,
                        _attrs_html(option["attrs"]),
                        option["label"],
                    )
                )
        outer = {"id": widget["attrs"].get("id"), "class": widget["attrs"].get("class")}
        return format_html("<div{}>{}</div>", _attrs_html(outer), mark_safe("".join(rows)))  # noqa: S308


class SearchableSelect(forms.Select):
    """A long select (countries, organisations) with a search box above it, added by the project's script
    (static/jetpm/jetpm.js: no CDN); without the script it is a plain select."""

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        attrs = {**(attrs or {}), "data-searchable": "1", "data-search-label": str(_("Search the list"))}
        return super().get_context(name, value, attrs)


class ByNameIterator(ModelChoiceIterator):
    """The records by their name in the reader's language (not by code); the empty choice first."""

    def __iter__(self) -> Iterator[Any]:
        choices = list(super().__iter__())
        empty = [c for c in choices if c[0] == ""]
        yield from empty + sorted((c for c in choices if c[0] != ""), key=lambda c: sort_key(c[1]))


class ByNameChoiceField(forms.ModelChoiceField):
    """A choice of a record with a name in both languages (a country), by name, searchable."""

    iterator = ByNameIterator
    widget = SearchableSelect


class LanguageForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    next = forms.CharField(required=False, widget=forms.HiddenInput)


class OrganisationFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *OrgKind.choices]
    )
    prefecture = forms.ModelChoiceField(
        label=_("Prefecture"),
        required=False,
        queryset=Prefecture.objects.all(),
        to_field_name="code",
        empty_label=_("All prefectures"),
    )


class PersonFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All")), *PersonKind.choices])


class CycleRulesForm(forms.ModelForm):
    class Meta:
        model = RecruitmentCycle
        fields = ["notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}


class CycleDatesForm(forms.Form):
    """Start and end of every milestone of a cycle, two date fields per milestone."""

    def __init__(
        self, *args: Any, initial_dates: dict[str, tuple[Any, Any]] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        initial_dates = initial_dates or {}
        for kind in MILESTONE_ORDER:
            label = MilestoneKind(kind).label
            start, end = initial_dates.get(kind, (None, None))
            self.fields[f"{kind}_start"] = forms.DateField(
                label=_("%(milestone)s: from") % {"milestone": label}, widget=DateInput(), initial=start
            )
            self.fields[f"{kind}_end"] = forms.DateField(
                label=_("%(milestone)s: until") % {"milestone": label}, widget=DateInput(), initial=end
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for kind in MILESTONE_ORDER:
            start, end = data.get(f"{kind}_start"), data.get(f"{kind}_end")
            if start and end and end < start:
                self.add_error(f"{kind}_end", _("The end date is before the start date."))
        return data

    def milestone_dates(self) -> dict[str, tuple[Any, Any]]:
        return {k: (self.cleaned_data[f"{k}_start"], self.cleaned_data[f"{k}_end"]) for k in MILESTONE_ORDER}

    def rows(self) -> list[tuple[Any, forms.BoundField, forms.BoundField]]:
        return [(MilestoneKind(k).label, self[f"{k}_start"], self[f"{k}_end"]) for k in MILESTONE_ORDER]


def time_zone_choices(current: str = "") -> list[tuple[str, Any]]:
    """Japan time first, then the zones of places by name with their offset from UTC today: "America/New_York
    (UTC−5)"; the current zone always among them (a zone such as Etc/GMT+5 set before stays listed)."""
    zones = {z for z in known_zones() if "/" in z and not z.startswith(("Etc/", "SystemV/"))}
    if current in known_zones():
        zones.add(current)
    return [("", _("Japan time")), *((z, f"{z} (UTC{utc_offset_label(z)})") for z in sorted(zones))]


class MissionTimeZoneForm(forms.Form):
    # a text field shown as a list: a value not in the list is refused by validate_time_zone, with its words
    time_zone = forms.CharField(
        label=_("Time zone"),
        required=False,
        max_length=64,
        validators=[validate_time_zone],
        help_text=_(
            "The mission's staff and its applicants read and enter times (interviews above all) in this "
            "zone from their next page on; times already set stay the same moments."
        ),
    )

    def __init__(self, *args: Any, current: str = "", **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"time_zone": current})
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].widget = forms.Select(choices=time_zone_choices(current))


class MissionDatesForm(forms.Form):
    starts_on = forms.DateField(label=_("From"), required=False, widget=DateInput())
    ends_on = forms.DateField(label=_("Until"), required=False, widget=DateInput())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("starts_on"), data.get("ends_on")
        if bool(start) != bool(end):
            raise forms.ValidationError(_("Give both dates, or neither to use the programme's dates."))
        if start and end and end < start:
            self.add_error("ends_on", _("The end date is before the start date."))
        return data


class AuditFilterForm(forms.Form):
    organisation = forms.IntegerField(label=_("Organisation id"), required=False, min_value=1)
    person = forms.IntegerField(label=_("Person id"), required=False, min_value=1)
    actor = forms.CharField(label=_("Who"), required=False)
    object_type = forms.ChoiceField(label=_("Record type"), required=False)
    object_id = forms.CharField(label=_("Record id"), required=False)
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("Until"), required=False, widget=DateInput())

    def __init__(self, *args: Any, object_types: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from jetpm.core.audit_labels import record_type_label

        labelled = sorted((record_type_label(t), t) for t in object_types or [])
        choices = [("", _("All"))] + [(t, label) for label, t in labelled]
        self.fields["object_type"].choices = choices  # type: ignore[attr-defined]


class NewCycleForm(forms.Form):
    intake_year = forms.IntegerField(label=_("Intake fiscal year"), min_value=1987, max_value=2100)


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("6-digit code"),
        max_length=10,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput)


def choose_first(choices: Any) -> list[tuple[str, Any]]:
    """A decision's, assessment's or intention's choices after an empty “— choose —” option: the select
    starts on nothing (never on a value that looks recorded) and a required field refuses it."""
    return [("", _("— choose —")), *list(choices)]
