"""Orientations and receptions are for a departure group (its members invited together) instead of a group
named in words: an event whose label names one of its mission's groups of the intake year ("Group A",
"グループA", "a", "April group", "Late group" …) is tied to that group; a label that names none stays as
written (shown as such)."""

import unicodedata

import django.db.models.deletion
from django.db import migrations, models

# the ways a group was written (lower-case, spaces removed) → its code
WRITTEN = {
    "april": "april",
    "aprilgroup": "april",
    "4月": "april",
    "4月グループ": "april",
    "a": "a",
    "groupa": "a",
    "agroup": "a",
    "グループa": "a",
    "aグループ": "a",
    "b": "b",
    "groupb": "b",
    "bgroup": "b",
    "グループb": "b",
    "bグループ": "b",
    "late": "late",
    "lategroup": "late",
    "後発": "late",
    "後発グループ": "late",
}
LABELS = {"april": "April group", "a": "Group A", "b": "Group B", "late": "Late group"}


def code_of(label: str) -> str | None:
    return WRITTEN.get("".join(unicodedata.normalize("NFKC", label).split()).lower())


def tie_to_groups(apps, schema_editor):  # type: ignore[no-untyped-def]
    Event = apps.get_model("predeparture", "OrientationEvent")
    Group = apps.get_model("predeparture", "DepartureGroup")
    events = list(Event.objects.exclude(group_label="").only("pk", "mission_id", "intake_year", "group_label"))
    groups = {
        (g.mission_id, g.intake_year, g.code): g.pk
        for g in Group.objects.filter(
            mission_id__in={e.mission_id for e in events}, intake_year__in={e.intake_year for e in events}
        ).only("pk", "mission_id", "intake_year", "code")
    }
    tied = []
    for e in events:
        code = code_of(e.group_label)
        group_id = groups.get((e.mission_id, e.intake_year, code)) if code else None
        if group_id is not None:
            e.departure_group_id = group_id
            e.group_label = ""
            tied.append(e)
    Event.objects.bulk_update(tied, ["departure_group_id", "group_label"], batch_size=500)


def back_to_labels(apps, schema_editor):  # type: ignore[no-untyped-def]
    Event = apps.get_model("predeparture", "OrientationEvent")
    rows = list(Event.objects.filter(departure_group__isnull=False).select_related("departure_group"))
    for e in rows:
        e.group_label = LABELS.get(e.departure_group.code, e.departure_group.code)
        e.departure_group_id = None
    Event.objects.bulk_update(rows, ["departure_group_id", "group_label"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("predeparture", "0002_orientations_and_checklist"),
    ]

    operations = [
        migrations.AddField(
            model_name="orientationevent",
            name="departure_group",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="orientation_events",
                to="predeparture.departuregroup",
                verbose_name="departure group",
            ),
        ),
        migrations.AlterField(
            model_name="orientationevent",
            name="group_label",
            field=models.CharField(blank=True, max_length=100, verbose_name="group (as written before)"),
        ),
        migrations.RunPython(tie_to_groups, back_to_labels),
    ]
