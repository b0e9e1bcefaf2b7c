"""What a person reads of an audit event: the record type, the action, the field names and the coded values
in their language, never the codes the event stores (``applications.Document``, ``request.submit``,
``end_date``, ``contracting_org``)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Model
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import get_language, gettext_lazy, pgettext_lazy
from django.utils.translation import gettext as _

from jetpm.core.calendar import fiscal_year_label
from jetpm.core.models import BilingualName
from jetpm.core.states import RecordKind

# The last part of an action code (``plan.send_back`` → ``send_back``) as a verb; two-part endings first.
VERBS: dict[str, Any] = {
    "accept.status": pgettext_lazy("audit", "offer accepted (status)"),
    "decline.status": pgettext_lazy("audit", "offer declined (status)"),
    "lapse.status": pgettext_lazy("audit", "offer lapsed (status)"),
    "publish.status": pgettext_lazy("audit", "published (status)"),
    "upgrade.status": pgettext_lazy("audit", "moved up from the alternates (status)"),
    "problem_cleared": pgettext_lazy("audit", "problem cleared"),
    "registration.existing": pgettext_lazy("audit", "registered again with the same address"),
    "verify.request": pgettext_lazy("audit", "full verification asked for"),
    "add_external": pgettext_lazy("audit", "external member added"),
    "appoint": pgettext_lazy("audit", "appointed"),
    "unappoint": pgettext_lazy("audit", "appointment undone"),
    "leave": pgettext_lazy("audit", "left the programme"),
    "forward": pgettext_lazy("audit", "forwarded"),
    "return": pgettext_lazy("audit", "returned"),
    "role": pgettext_lazy("audit", "role changed"),
    # a year's rules (year_rules.salary, .round…): the record type names which rule
    "round": pgettext_lazy("audit", "set"),
    "salary": pgettext_lazy("audit", "set"),
    "summer_start": pgettext_lazy("audit", "set"),
    "country_languages": pgettext_lazy("audit", "set"),
    "accept": pgettext_lazy("audit", "accepted"),
    # pre-departure: the visa paperwork of a candidate's checklist, orientations and their invitations
    "visa.coe_applied": pgettext_lazy("audit", "Certificate of Eligibility applied for"),
    "visa.coe_issued": pgettext_lazy("audit", "Certificate of Eligibility issued"),
    "visa.issued": pgettext_lazy("audit", "visa issued"),
    "cancel": pgettext_lazy("audit", "cancelled"),
    "hold": pgettext_lazy("audit", "held"),
    "attended": pgettext_lazy("audit", "attended"),
    "absent": pgettext_lazy("audit", "absent"),
    "open": pgettext_lazy("audit", "opened"),
    # the support desk's cases
    "answer": pgettext_lazy("audit", "answered"),
    "follow_up": pgettext_lazy("audit", "followed up"),
    "close": pgettext_lazy("audit", "closed"),
    # JETAA support: chapters' plans in missions' plans, HQ's assessment line by line, in-year changes
    "include": pgettext_lazy("audit", "included in the execution plan"),
    "complete": pgettext_lazy("audit", "assessment completed"),
    "amend": pgettext_lazy("audit", "sent back to HQ with a change"),
    "reduce": pgettext_lazy("audit", "reduced"),
    "reject": pgettext_lazy("audit", "rejected"),
    "revise": pgettext_lazy("audit", "revised (new version)"),
    "photo": pgettext_lazy("audit", "photo added"),
    "assign": pgettext_lazy("audit", "assigned"),
    "add": pgettext_lazy("audit", "added"),
    "approve": pgettext_lazy("audit", "approved"),
    "assess": pgettext_lazy("audit", "assessed"),
    "attendance": pgettext_lazy("audit", "attendance recorded"),
    "bulk_read": pgettext_lazy("audit", "list read through the API"),
    "build": pgettext_lazy("audit", "built"),
    "bulk": pgettext_lazy("audit", "set in bulk"),
    "cleared": pgettext_lazy("audit", "cleared"),
    "compute": pgettext_lazy("audit", "computed"),
    "confirm": pgettext_lazy("audit", "confirmed"),
    "correct": pgettext_lazy("audit", "corrected"),
    "create": pgettext_lazy("audit", "created"),
    "decide": pgettext_lazy("audit", "decided"),
    "decision": pgettext_lazy("audit", "decided"),
    "declare": pgettext_lazy("audit", "declared"),
    "decline": pgettext_lazy("audit", "declined"),
    "delete": pgettext_lazy("audit", "deleted"),
    "download": pgettext_lazy("audit", "downloaded"),
    "end": pgettext_lazy("audit", "ended"),
    "export": pgettext_lazy("audit", "exported"),
    "fail": pgettext_lazy("audit", "failed"),
    "feedback": pgettext_lazy("audit", "feedback recorded"),
    "fill": pgettext_lazy("audit", "filled"),
    "flag": pgettext_lazy("audit", "flagged"),
    "import": pgettext_lazy("audit", "imported"),
    "intention": pgettext_lazy("audit", "intention recorded"),
    "invite": pgettext_lazy("audit", "invited"),
    "lift": pgettext_lazy("audit", "lifted"),
    "language": pgettext_lazy("audit", "language changed"),
    "lapse": pgettext_lazy("audit", "lapsed"),
    "letter": pgettext_lazy("audit", "letter recorded"),
    "load": pgettext_lazy("audit", "demo data loaded"),
    "new_version": pgettext_lazy("audit", "new version"),
    "parameters": pgettext_lazy("audit", "parameters set"),
    "place": pgettext_lazy("audit", "placed"),
    "prepare": pgettext_lazy("audit", "prepared"),
    "problem": pgettext_lazy("audit", "problem reported"),
    "propose": pgettext_lazy("audit", "proposed"),
    "publish": pgettext_lazy("audit", "published"),
    "purge": pgettext_lazy("audit", "retention schedules applied"),
    "delete_expired": pgettext_lazy("audit", "expired API tokens deleted"),
    "expiry_notice": pgettext_lazy("audit", "told by mail that it expires soon"),
    "rank": pgettext_lazy("audit", "ranked"),
    "record": pgettext_lazy("audit", "recorded"),
    "remove": pgettext_lazy("audit", "removed"),
    "reorder": pgettext_lazy("audit", "reordered"),
    "resend": pgettext_lazy("audit", "sent again"),
    "reschedule": pgettext_lazy("audit", "rescheduled"),
    "resign": pgettext_lazy("audit", "resigned"),
    "resolve": pgettext_lazy("audit", "resolved"),
    "result": pgettext_lazy("audit", "result set"),
    "review": pgettext_lazy("audit", "reviewed"),
    "revoke": pgettext_lazy("audit", "revoked"),
    "save": pgettext_lazy("audit", "saved"),
    "schedule": pgettext_lazy("audit", "scheduled"),
    "send_back": pgettext_lazy("audit", "sent back"),
    "set": pgettext_lazy("audit", "set"),
    "solved": pgettext_lazy("audit", "solved"),
    "start": pgettext_lazy("audit", "started"),
    "status": pgettext_lazy("audit", "status changed"),
    "submit": pgettext_lazy("audit", "submitted"),
    "supersede": pgettext_lazy("audit", "superseded"),
    "unfilled": pgettext_lazy("audit", "left unfilled"),
    "update": pgettext_lazy("audit", "changed"),
    "upload": pgettext_lazy("audit", "uploaded"),
    "verify": pgettext_lazy("audit", "verified"),
    "withdraw": pgettext_lazy("audit", "withdrawn"),
}
# Keys of a count per kind in an event's values (the purge's counts): by their label.
KEY_LABELS: dict[str, Any] = {**dict(RecordKind.choices), "kept_under_hold": gettext_lazy("Kept under hold")}
# Other keys of events that are not fields of their record (an export's row count, the demo's seed…).
KEY_LABELS |= {
    "rows": gettext_lazy("Rows"),
    "seed": gettext_lazy("Seed"),
    "jet_id": gettext_lazy("JET number"),
    "message": gettext_lazy("Message"),
    "face": gettext_lazy("Cases exported"),
    "superseded_by": gettext_lazy("Superseded by"),
    "photos": gettext_lazy("Photos"),
    "line": gettext_lazy("Project line"),
    "events": gettext_lazy("Events in the chain"),
    "api_tokens_deleted": gettext_lazy("API tokens deleted"),
    "expired_before": gettext_lazy("Expired before"),
}
SYSTEM = gettext_lazy("System")


def _model(object_type: str) -> type[Model] | None:
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def record_type_label(object_type: str) -> str:
    """``applications.Document`` → 書類 / Document."""
    model = _model(object_type)
    return str(capfirst(model._meta.verbose_name)) if model is not None else _("Other record")


def action_label(action: str, object_type: str = "") -> str:
    """``request.submit`` → 配置要望: 提出 / Placement request: submitted."""
    parts = action.split(".")
    verb = VERBS.get(".".join(parts[-2:])) if len(parts) > 2 else None
    if verb is None:
        verb = VERBS.get(parts[-1], pgettext_lazy("audit", "other action"))
    record = record_type_label(object_type) if object_type else ""
    return _("%(record)s: %(verb)s") % {"record": record, "verb": verb} if record else str(verb)


# Records whose names keep a day as "(YYYY-MM-DD)" (their ``audit_label``): shown in the reader's language.
DATED_LABELS = frozenset(
    {"outreach.OutreachActivity", "predeparture.OrientationEvent", "predeparture.OrientationInvitation"}
)
_DAY = re.compile(r"\((\d{4})-(\d{2})-(\d{2})\)")
# A time kept in UTC and marked so (an interview's start): shown in the reader's language and zone.
_UTC_TIME = re.compile(r"\b(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}) UTC\b")


def _day(m: re.Match[str]) -> str:
    try:
        return f"({date_format(date(int(m[1]), int(m[2]), int(m[3])), 'SHORT_DATE_FORMAT')})"
    except ValueError:
        return m[0]


def _utc_time(m: re.Match[str]) -> str:
    try:
        at = datetime(int(m[1]), int(m[2]), int(m[3]), int(m[4]), int(m[5]), tzinfo=UTC)
    except ValueError:
        return m[0]
    return date_format(timezone.localtime(at), "SHORT_DATETIME_FORMAT")


def record_label(label: str, object_type: str = "", object_id: str = "") -> str:
    """The record as named when the event was written, with its fiscal years, days and times in the reader's
    language (and times in the reader's zone); a record with a name in both languages (an organisation, a
    country) by its name in the reader's language."""
    model = _model(object_type) if object_type else None
    if model is not None and issubclass(model, BilingualName):
        names = model._default_manager.filter(pk=object_id).values_list("name_ja", "name_en").first()
        if names:
            return names[0] if (get_language() or "ja").startswith("ja") else names[1]
    label = re.sub(r"\bFY(\d{4})\b", lambda m: fiscal_year_label(int(m[1])), label)
    if object_type in DATED_LABELS:
        label = _DAY.sub(_day, label)
    return _UTC_TIME.sub(_utc_time, label)


def actor_label(label: str) -> str:
    return str(SYSTEM) if label == "system" else label


def _field(object_type: str, name: str) -> Any:
    model = _model(object_type)
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def field_label(object_type: str, name: str) -> str:
    if name in KEY_LABELS:
        return str(capfirst(KEY_LABELS[name]))
    field = _field(object_type, name)
    if field is not None and getattr(field, "verbose_name", None):
        return str(capfirst(field.verbose_name))
    # not a field of the record (a count, a parameter): its words, translated when the catalog has them
    return _(capfirst(name.replace("_", " ")))


def value_label(object_type: str, name: str, value: Any) -> Any:
    """A coded value by its label (``contracting_org`` → 任用団体); languages by their name."""
    if value is None:
        return None
    if isinstance(value, dict):  # e.g. the filters of an export or of an API read: each by its label
        items = sorted(value.items())  # by name: PostgreSQL's jsonb keeps no order of its own
        return "; ".join(f"{field_label(object_type, k)}: {value_label(object_type, k, v)}" for k, v in items)
    field = _field(object_type, name)
    choices = dict(getattr(field, "flatchoices", None) or []) if field is not None else {}
    if isinstance(value, list):
        return ", ".join(
            str(value_label(object_type, name, v) if isinstance(v, dict | list) else choices.get(v, v))
            for v in value
        )
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, dict):
        return "; ".join(f"{KEY_LABELS.get(k, k)}: {v}" for k, v in value.items()) or "—"
    return choices.get(value, value)


def changes(event: Any) -> list[tuple[str, Any, Any]]:
    rows = []
    for name, values in (event.changes or {}).items():
        before, after = [*values, None, None][:2] if isinstance(values, list) else (None, values)
        rows.append(
            (
                field_label(event.object_type, name),
                value_label(event.object_type, name, before),
                value_label(event.object_type, name, after),
            )
        )
    return rows
