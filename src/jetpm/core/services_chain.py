"""Writes of the audit log's verifications: every full verification of the hash chain is recorded
(core.ChainVerification) — ``jetpm audit verify``, the daily task (core/tasks.py) and the one asked for on the
chain's page, which the background worker runs. The chain page checks only what came after the last intact one
(core/selectors.py ``audit_chain_state``). One that finds the chain broken is mailed to the platform's
administrators after the commit (core/chain_alert.py)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from jetpm.core import audit, chain_alert, selectors
from jetpm.core.errors import DomainError, PermissionDenied
from jetpm.core.models import ChainVerification, User
from jetpm.core.permissions import reads_all_audit
from jetpm.core.scoping import scope_of
from jetpm.core.states import VerificationTrigger


def run_verification(
    *, trigger: str, actor: User | None = None, verification_id: int | None = None
) -> ChainVerification:
    """Recompute the whole chain and record the outcome: on the row asked for (``verification_id``, from
    the page), or on a new one. A row already finished (a task run twice) is left as it is."""
    if verification_id is not None:
        row = ChainVerification.objects.get(pk=verification_id)
        if row.finished_at is not None:
            return row
    else:
        row = ChainVerification.objects.create(
            trigger=trigger, actor=actor if actor is not None and actor.pk else None
        )
    row.started_at = timezone.now()
    row.save(update_fields=["started_at"])
    verdict = audit.verify_chain()
    row.finished_at = timezone.now()
    row.verified = verdict.verified
    row.last_seq = verdict.last_seq
    row.last_hash = verdict.last_hash
    row.intact = verdict.intact
    row.first_bad_event_id = verdict.first_bad_id
    row.problem = verdict.problem
    row.save(
        update_fields=[
            "finished_at",
            "verified",
            "last_seq",
            "last_hash",
            "intact",
            "first_bad_event_id",
            "problem",
        ]
    )
    chain_alert.alert_if_broken(row)  # after the commit, the administrators told of a break
    return row


@transaction.atomic
def request_verification(*, actor: User) -> ChainVerification:
    """Ask the background worker for a full verification (the chain page's "Verify now"): recorded at once
    as asked for, with an audit event; the worker fills in the outcome. Refused while another one asked for
    has not finished."""
    if not reads_all_audit(scope_of(actor)):
        raise PermissionDenied(_("Only national staff may verify the audit log."))
    pending = selectors.pending_verification()
    if pending is not None:
        raise DomainError(
            _(
                "A full verification asked for at %(time)s has not finished yet: its outcome appears in the "
                "list below when the background worker has run it."
            )
            % {"time": date_format(timezone.localtime(pending.requested_at), "DATETIME_FORMAT")}
        )
    head_seq, _head_hash = audit.chain_head()
    row = ChainVerification.objects.create(trigger=VerificationTrigger.PAGE, actor=actor)
    audit.record(actor=actor, action="audit.verify.request", obj=row, changes={"events": head_seq})
    from jetpm.core.tasks import verify_requested  # the task module imports this one

    # in the same transaction as the row (the database backend's task is a row too): the worker sees both
    result = verify_requested.enqueue(row.pk)
    ChainVerification.objects.filter(pk=row.pk).update(task_id=str(result.id))
    row.refresh_from_db()
    return row
