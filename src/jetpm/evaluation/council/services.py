"""Every write of the Council's next-year discussion: the examination rules of a year (試験実施要領) and the
findings carried into next year's guideline, criteria and examination rules.

The examination rules are built as the guideline is (planning/services/guidelines.py): the agencies' staff
write drafts, the Council's approver approves; approved and superseded versions are immutable, a correction
is a new version (a draft that supersedes the approved one, superseded through ``core.workflow.supersede``
when the new one is approved); next year starts as a copy of this year's.

A finding of the discussion in fiscal year Y changes the documents of intake year Y + 1, and only their
drafts: a change is linked to a draft guideline, one of its criteria, or draft examination rules."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from jetpm.core import audit, workflow
from jetpm.core.calendar import fiscal_year_label
from jetpm.core.errors import DomainError, FieldErrors, IllegalTransition, PermissionDenied
from jetpm.core.models import Organisation, User
from jetpm.core.scoping import scope_of
from jetpm.core.states import OrgKind
from jetpm.evaluation.models import ExaminationRules, Finding, FindingChange
from jetpm.evaluation.permissions import is_council_member, is_drafter
from jetpm.evaluation.states import ChangeTarget, DocumentStatus, FindingSource, FindingStatus
from jetpm.evaluation.workflows import EXAMINATION_RULES, FINDINGS
from jetpm.planning.models import Criterion, Guideline

TEXT_FIELDS = ["text_ja", "text_en"]
FINDING_FIELDS = ["fiscal_year", "title", "text", "source", "source_link"]
FIRST_YEAR, LAST_YEAR = 1987, 2100


def _council() -> Organisation | None:
    return Organisation.objects.filter(kind=OrgKind.COUNCIL).order_by("pk").first()


def _label(model: type[Any], name: str) -> str:
    return str(model._meta.get_field(name).verbose_name)


# --- the examination rules ----------------------------------------------------------------------------------


def _require_drafter(actor: User) -> None:
    if not is_drafter(scope_of(actor)):
        raise PermissionDenied(_("Only staff of MIC, MOFA, MEXT or CLAIR may draft the examination rules."))


def _locked_rules(rules_id: int) -> ExaminationRules:
    try:
        return ExaminationRules.objects.select_for_update(of=("self",)).get(pk=rules_id)
    except (ExaminationRules.DoesNotExist, ValueError, TypeError) as exc:
        raise DomainError(_("No such examination rules.")) from exc


def _require_draft_rules(rules: ExaminationRules) -> None:
    if rules.status != DocumentStatus.DRAFT:
        raise IllegalTransition(
            _(
                "The examination rules %(rules)s are %(status)s and cannot be changed; "
                "make a new version to correct them."
            )
            % {"rules": str(rules), "status": rules.get_status_display()}
        )


def _rules_created(actor: User, action: str, rules: ExaminationRules, extra: dict[str, Any]) -> None:
    snap = audit.snapshot(rules, ["intake_year", "version", "status", *TEXT_FIELDS])
    audit.record(
        actor=actor,
        action=action,
        obj=rules,
        organisation=_council(),
        changes={**{k: [None, v] for k, v in snap.items()}, **extra},
    )


@transaction.atomic
def create_examination_rules(*, actor: User, intake_year: int) -> ExaminationRules:
    """The first draft of a year: a copy of the text of the latest earlier year's rules (the approved
    version when there is one), or empty when there is none."""
    _require_drafter(actor)
    if not FIRST_YEAR <= intake_year <= LAST_YEAR:
        raise DomainError(
            _("%(field)s: the intake year must be between %(first)s and %(last)s.")
            % {"field": _label(ExaminationRules, "intake_year"), "first": FIRST_YEAR, "last": LAST_YEAR},
            field="intake_year",
        )
    if ExaminationRules.objects.filter(intake_year=intake_year).exists():
        raise DomainError(
            _("%(year)s already has examination rules; edit its draft or correct it with a new version.")
            % {"year": fiscal_year_label(intake_year)},
            field="intake_year",
        )
    source = (
        ExaminationRules.objects.filter(intake_year__lt=intake_year)
        .exclude(status=DocumentStatus.SUPERSEDED)
        .order_by("-intake_year", "-status", "-version")  # "draft" < "approved": approved first
        .first()
    )
    texts = {name: getattr(source, name) for name in TEXT_FIELDS} if source else {}
    rules = ExaminationRules.objects.create(intake_year=intake_year, **texts)
    _rules_created(
        actor, "examination_rules.create", rules, {"copied_from": [None, source.pk]} if source else {}
    )
    return rules


@transaction.atomic
def new_examination_rules_version(*, actor: User, examination_rules_id: int) -> ExaminationRules:
    """A correction of approved rules: a new draft version of the same year that supersedes them once it
    is approved."""
    _require_drafter(actor)
    source = _locked_rules(examination_rules_id)
    if source.status != DocumentStatus.APPROVED:
        raise IllegalTransition(
            _("Only approved examination rules can be corrected by a new version; %(rules)s are %(status)s.")
            % {"rules": str(source), "status": source.get_status_display()}
        )
    year = source.intake_year
    if ExaminationRules.objects.filter(intake_year=year, status=DocumentStatus.DRAFT).exists():
        raise DomainError(
            _("%(year)s already has a draft; edit that draft instead.") % {"year": fiscal_year_label(year)}
        )
    last = ExaminationRules.objects.filter(intake_year=year).aggregate(v=Max("version"))["v"] or 0
    new = ExaminationRules.objects.create(
        intake_year=year,
        version=last + 1,
        supersedes=source,
        **{name: getattr(source, name) for name in TEXT_FIELDS},
    )
    _rules_created(actor, "examination_rules.new_version", new, {"supersedes": [None, source.pk]})
    return new


@transaction.atomic
def update_examination_rules(
    *, actor: User, examination_rules_id: int, values: dict[str, Any]
) -> ExaminationRules:
    """Change a draft's texts (only the fields given). Approved rules are never changed in place."""
    _require_drafter(actor)
    rules = _locked_rules(examination_rules_id)
    _require_draft_rules(rules)
    unknown = sorted(set(values) - set(TEXT_FIELDS))
    if unknown:
        raise DomainError(_("Unknown field: %(field)s") % {"field": unknown[0]}, field=unknown[0])
    before = audit.snapshot(rules, TEXT_FIELDS)
    for name, value in values.items():
        setattr(rules, name, str(value or "").strip())
    changes = audit.diff(before, audit.snapshot(rules, TEXT_FIELDS))
    if changes:
        rules.save(update_fields=list(changes))
        audit.record(
            actor=actor,
            action="examination_rules.update",
            obj=rules,
            organisation=_council(),
            changes=changes,
        )
    return rules


def check_rules_approvable(rules: ExaminationRules) -> None:
    """Both texts written (a DomainError naming the missing one otherwise)."""
    missing: list[tuple[str | None, str]] = [
        (name, _("%(field)s: write the text before approval.") % {"field": _label(ExaminationRules, name)})
        for name in TEXT_FIELDS
        if not getattr(rules, name).strip()
    ]
    if missing:
        raise FieldErrors(missing)


@transaction.atomic
def approve_examination_rules(*, actor: User, examination_rules_id: int) -> ExaminationRules:
    """Draft → approved, by the Council's approver; a new version's approval supersedes the version it
    corrects in the same transaction."""
    rules = _locked_rules(examination_rules_id)
    workflow.check(EXAMINATION_RULES, rules, "approve", actor=actor)
    check_rules_approvable(rules)
    if rules.supersedes_id is not None:
        workflow.supersede(EXAMINATION_RULES, _locked_rules(rules.supersedes_id), actor=actor, by=rules)
    elif ExaminationRules.objects.filter(
        intake_year=rules.intake_year, status=DocumentStatus.APPROVED
    ).exists():
        raise IllegalTransition(
            _("%(year)s already has approved examination rules; correct them with a new version.")
            % {"year": fiscal_year_label(rules.intake_year)}
        )
    return workflow.perform(EXAMINATION_RULES, rules, "approve", actor=actor)


# --- findings -------------------------------------------------------------------------------------------


def _require_member(actor: User) -> None:
    if not is_council_member(scope_of(actor)):
        raise PermissionDenied(_("Only the Council's members may record its findings."))


def _locked_finding(finding_id: int) -> Finding:
    try:
        return Finding.objects.select_for_update(of=("self",)).get(pk=finding_id)
    except (Finding.DoesNotExist, ValueError, TypeError) as exc:
        raise DomainError(_("No such finding.")) from exc


def _require_open(finding: Finding) -> None:
    if finding.status != FindingStatus.OPEN:
        raise IllegalTransition(
            _("The finding “%(finding)s” is %(status)s and can no longer be changed.")
            % {"finding": finding.title, "status": finding.get_status_display()}
        )


def _finding_values(values: dict[str, Any]) -> dict[str, Any]:
    """The values checked all at once: every bad one is reported naming its field."""
    unknown = sorted(set(values) - set(FINDING_FIELDS))
    if unknown:
        raise DomainError(_("Unknown field: %(field)s") % {"field": unknown[0]}, field=unknown[0])
    out: dict[str, Any] = {}
    errors: list[tuple[str | None, str]] = []

    def bad(name: str, reason: str) -> None:
        errors.append((name, _("%(field)s: %(reason)s") % {"field": _label(Finding, name), "reason": reason}))

    if "fiscal_year" in values:
        try:
            year = int(values["fiscal_year"])
        except (TypeError, ValueError):
            year = 0
        if not FIRST_YEAR <= year <= LAST_YEAR:
            bad(
                "fiscal_year",
                _("give a fiscal year between %(first)s and %(last)s.")
                % {"first": FIRST_YEAR, "last": LAST_YEAR},
            )
        out["fiscal_year"] = year
    for name, limit in (("title", 200), ("text", 5000)):
        if name in values:
            text = str(values[name] or "").strip()
            if not text:
                bad(name, _("this field is required."))
            elif len(text) > limit:
                bad(name, _("at most %(n)s characters.") % {"n": limit})
            out[name] = text
    if "source" in values:
        if values["source"] not in FindingSource.values:
            bad("source", _("choose where the finding comes from."))
        out["source"] = values["source"]
    if "source_link" in values:
        link = str(values["source_link"] or "").strip()
        if link and not ((link.startswith("/") and not link.startswith("//")) or link.startswith("https://")):
            bad("source_link", _("give a page of the platform (starting with /) or an https:// address."))
        elif len(link) > 500:
            bad("source_link", _("at most %(n)s characters.") % {"n": 500})
        out["source_link"] = link
    if errors:
        raise FieldErrors(errors)
    return out


@transaction.atomic
def record_finding(
    *,
    actor: User,
    fiscal_year: int,
    title: str,
    text: str,
    source: str,
    source_link: str = "",
) -> Finding:
    """A finding of the Council's discussion in ``fiscal_year`` (it changes the documents of the next
    intake year), under discussion until the Council's approver adopts it."""
    _require_member(actor)
    cleaned = _finding_values(
        {
            "fiscal_year": fiscal_year,
            "title": title,
            "text": text,
            "source": source,
            "source_link": source_link,
        }
    )
    finding = Finding.objects.create(recorded_by=actor, **cleaned)
    audit.record(
        actor=actor,
        action="finding.create",
        obj=finding,
        organisation=_council(),
        changes={k: [None, v] for k, v in audit.snapshot(finding, FINDING_FIELDS).items()},
    )
    return finding


@transaction.atomic
def update_finding(*, actor: User, finding_id: int, values: dict[str, Any]) -> Finding:
    """Change a finding under discussion (the fields given). Its year is fixed once it has changes."""
    _require_member(actor)
    finding = _locked_finding(finding_id)
    _require_open(finding)
    cleaned = _finding_values(values)
    if (
        "fiscal_year" in cleaned
        and cleaned["fiscal_year"] != finding.fiscal_year
        and finding.changes.exists()
    ):
        raise DomainError(
            _("%(field)s: the finding already changes the documents of %(year)s; remove its changes first.")
            % {"field": _label(Finding, "fiscal_year"), "year": fiscal_year_label(finding.target_year)},
            field="fiscal_year",
        )
    before = audit.snapshot(finding, FINDING_FIELDS)
    for name, value in cleaned.items():
        setattr(finding, name, value)
    changes = audit.diff(before, audit.snapshot(finding, FINDING_FIELDS))
    if changes:
        finding.save(update_fields=[*changes, "updated_at"])
        audit.record(
            actor=actor, action="finding.update", obj=finding, organisation=_council(), changes=changes
        )
    return finding


def _next_year_draft(model: type[Any], pk: int | None, year: int, field: str) -> Any:
    """The draft of intake year ``year`` with this key, or a DomainError naming the field and the rule."""
    label = _label(FindingChange, field)
    if not pk:
        raise DomainError(_("%(field)s: this field is required.") % {"field": label}, field=field)
    doc = model.objects.filter(pk=pk).first()
    if doc is None:
        raise DomainError(_("%(field)s: no such document.") % {"field": label}, field=field)
    if doc.intake_year != year:
        raise DomainError(
            _("%(field)s: a finding of this discussion changes the documents of %(year)s, not of %(other)s.")
            % {"field": label, "year": fiscal_year_label(year), "other": fiscal_year_label(doc.intake_year)},
            field=field,
        )
    if doc.status != DocumentStatus.DRAFT:
        raise DomainError(
            _(
                "%(field)s: version %(v)s is %(status)s and is never changed in place; link the change to a "
                "draft (a new version)."
            )
            % {"field": label, "v": doc.version, "status": doc.get_status_display()},
            field=field,
        )
    return doc


@transaction.atomic
def link_change(
    *,
    actor: User,
    finding_id: int,
    target: str,
    change: str,
    guideline_id: int | None = None,
    criterion_id: int | None = None,
    examination_rules_id: int | None = None,
) -> FindingChange:
    """Link a finding under discussion to the change it leads to in next year's draft guideline, one of
    that draft's criteria, or next year's draft examination rules."""
    _require_member(actor)
    finding = _locked_finding(finding_id)
    _require_open(finding)
    change = (change or "").strip()
    if not change:
        raise DomainError(
            _("%(field)s: say what changes.") % {"field": _label(FindingChange, "change")}, field="change"
        )
    if len(change) > 2000:
        raise DomainError(
            _("%(field)s: at most %(n)s characters.") % {"field": _label(FindingChange, "change"), "n": 2000},
            field="change",
        )
    year = finding.target_year
    link = FindingChange(finding=finding, target=target, change=change, created_by=actor)
    if target == ChangeTarget.EXAMINATION_RULES:
        link.examination_rules = _next_year_draft(
            ExaminationRules, examination_rules_id, year, "examination_rules"
        )
    elif target in (ChangeTarget.GUIDELINE, ChangeTarget.CRITERION):
        link.guideline = _next_year_draft(Guideline, guideline_id, year, "guideline")
        if target == ChangeTarget.CRITERION:
            criterion = Criterion.objects.filter(pk=criterion_id or 0, guideline=link.guideline).first()
            if criterion is None:
                raise DomainError(
                    _("%(field)s: choose a criterion of the draft guideline of %(year)s.")
                    % {"field": _label(FindingChange, "criterion"), "year": fiscal_year_label(year)},
                    field="criterion",
                )
            link.criterion = criterion
            link.criterion_label = (
                f"{criterion.get_stage_display()}: {criterion.name_en} / {criterion.name_ja}"[:200]
            )
    else:
        raise DomainError(
            _("%(field)s: choose the guideline, a criterion or the examination rules.")
            % {"field": _label(FindingChange, "target")},
            field="target",
        )
    link.save()
    audit.record(
        actor=actor,
        action="finding_change.add",
        obj=link,
        organisation=_council(),
        changes={
            k: [None, v]
            for k, v in audit.snapshot(
                link, ["finding", "target", "guideline", "criterion", "examination_rules", "change"]
            ).items()
        },
    )
    return link


@transaction.atomic
def unlink_change(*, actor: User, finding_id: int, change_id: int) -> None:
    """Remove a change from a finding under discussion, while its document is still a draft."""
    _require_member(actor)
    finding = _locked_finding(finding_id)
    _require_open(finding)
    link = (
        FindingChange.objects.select_related("guideline", "examination_rules")
        .filter(pk=change_id, finding=finding)
        .first()
    )
    if link is None:
        raise DomainError(_("No such change of this finding."), field="change")
    doc = link.guideline or link.examination_rules
    if doc is not None and doc.status != DocumentStatus.DRAFT:
        raise IllegalTransition(
            _("The change was made in version %(v)s, now %(status)s: it stays on record.")
            % {"v": doc.version, "status": doc.get_status_display()}
        )
    audit.record(
        actor=actor,
        action="finding_change.remove",
        obj=link,
        organisation=_council(),
        changes=audit.diff(audit.snapshot(link, ["finding", "target", "change"]), {}),
    )
    link.delete()


@transaction.atomic
def adopt_finding(*, actor: User, finding_id: int) -> Finding:
    """Under discussion → adopted, by the Council's approver; it must change at least one document."""
    return workflow.perform(FINDINGS, finding_id, "adopt", actor=actor)


@transaction.atomic
def withdraw_finding(*, actor: User, finding_id: int, reason: str) -> Finding:
    """Under discussion → withdrawn, with the reason; its changes stay on record."""
    return workflow.perform(FINDINGS, finding_id, "withdraw", actor=actor, reason=reason)
