from datetime import date
from typing import Any
from urllib.parse import urlencode

from django import template
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from jetpm.core import audit_labels
from jetpm.core.calendar import fiscal_year_label
from jetpm.core.panels import panels_for
from jetpm.core.workflow import of_record

register = template.Library()


@register.filter
def fiscal_year(value: int | None) -> str:
    """令和6年度 in Japanese pages, FY2024 in English ones."""
    return "" if value is None else fiscal_year_label(int(value))


@register.filter
def day(value: date | None) -> str:
    return "" if value is None else date_format(value, "DATE_FORMAT")


@register.simple_tag(takes_context=True)
def page_url(context: dict[str, Any], page: int) -> str:
    """The current URL's query string with another page number."""
    params = context["request"].GET.copy()
    params["page"] = page
    # every value of a repeated parameter (a multi-select filter such as status) survives paging
    return "?" + urlencode(sorted(params.lists()), doseq=True)


@register.filter
def num(value: Any) -> str:
    """A whole number with thousands separators: 1297291 → 1,297,291 (both languages group by three)."""
    if value is None or value == "":
        return ""
    try:
        return f"{int(value):,}"
    except (TypeError, ValueError):
        return str(value)


@register.filter
def signed(value: Any) -> str:
    """A change with its sign: +1,234, -56, 0."""
    if value is None or value == "":
        return ""
    try:
        n = int(value)
    except (TypeError, ValueError):
        return str(value)
    return f"+{n:,}" if n > 0 else f"{n:,}"


@register.filter
def audit_action(event: Any) -> str:
    return audit_labels.action_label(event.action, event.object_type)


@register.filter
def audit_record(event: Any) -> str:
    """The record type in words and the record's name: 書類 #12 nationality.png."""
    label = audit_labels.record_label(event.object_label, event.object_type, event.object_id)
    return f"{audit_labels.record_type_label(event.object_type)} #{event.object_id} {label}".strip()


@register.filter
def audit_actor(event: Any) -> str:
    return audit_labels.actor_label(event.actor_label)


@register.filter
def audit_changes(event: Any) -> list[tuple[str, Any, Any]]:
    return audit_labels.changes(event)


@register.simple_tag
def status_tag(obj: Any, testid: str = "") -> str:
    """The record's status as a tag, by its label; marked out when its workflow highlights that status."""
    declared = of_record(obj)
    status = str(obj.status)
    css = "tag tag-open" if declared is not None and status in declared.highlight else "tag"
    label = obj.get_status_display()
    if testid:
        return format_html('<span class="{}" data-testid="{}">{}</span>', css, testid, label)
    return format_html('<span class="{}">{}</span>', css, label)


@register.simple_tag(takes_context=True)
def record_panels(context: dict[str, Any], obj: Any) -> str:
    """The sections later stages add to this record's page (core/panels.py), already rendered."""
    request = context.get("request")
    if request is None:
        return ""
    return mark_safe("".join(panels_for(request, obj)))  # noqa: S308  (each panel is a rendered template)
