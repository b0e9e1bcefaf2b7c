"""The purge of the personal data that is no person's file: sign-in records (django-axes' attempts, log of
sign-ins and log of failures), expired sessions, and uploaded files that no record refers to
(``retention.RECORD_DATED_KINDS``). Each record goes when its own date is past its kind's period
(``retention.last_event_day``); ``core/purge.py`` counts them in its dry run, its run and its one audit event
(counts only), and calls :func:`apply` after the persons' batches.

Limits that no schedule lowers:
- a sign-in attempt still counted by the lockout (django-axes' cool-off time) stays;
- a session not yet expired stays, whatever ``--today`` says;
- a file changed in the last 24 hours stays (an upload is written before its record is committed);
- files are looked for only under the folders of the upload storages (the ``FileField`` storages on the
  file system, ``MEDIA_ROOT``), never through a symbolic link: a link is neither followed nor removed;
- a file goes only when no ``FileField`` of any model names it (checked again just before it is removed), nor
  a pending removal of an earlier purge (``PendingFileRemoval``: that one removes it).

A legal hold keeps the sign-in records whose username is the held person's account's username or e-mail, or
the person's e-mail (case-insensitive): they are counted as kept under hold. Sessions and files without a
record name no one.
"""

from __future__ import annotations

import os
import stat
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models, transaction
from django.db.models import Value
from django.db.models.functions import Coalesce, Lower
from django.utils import timezone

from jetpm.core import retention
from jetpm.core.models import LegalHold, PendingFileRemoval, PurgeRun

SIGN_IN_MODELS = ("axes.AccessAttempt", "axes.AccessLog", "axes.AccessFailureLog")
DB_SESSION_ENGINES = ("django.contrib.sessions.backends.db", "django.contrib.sessions.backends.cached_db")
ORPHAN_MIN_AGE = timedelta(hours=24)
CHUNK = 1000


def _before(rules: dict[str, retention.Rule], kind: str, today: date) -> datetime | None:
    """The instant before which a record of ``kind`` is past its period on ``today`` (None: no schedule)."""
    day = retention.last_event_day(rules.get(kind), today)
    if day is None:
        return None
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


# --- sign-in records --------------------------------------------------------------------------------------


def _held_usernames() -> set[str]:
    """What a held person may have typed to sign in, lower-cased."""
    rows = LegalHold.objects.filter(lifted_at__isnull=True).values_list(
        "person__email", "person__user__username", "person__user__email"
    )
    return {value.lower() for row in rows for value in row if value}


def _cool_off() -> timedelta | None:
    from axes.helpers import get_cool_off

    return get_cool_off()


def _sign_ins(before: datetime, held: set[str]) -> Iterator[tuple[Any, Any, Any]]:
    """(model, the records due, the records kept under hold) of each sign-in model."""
    if not apps.is_installed("axes"):
        return
    now = timezone.now()
    for label in SIGN_IN_MODELS:
        model = apps.get_model(label)
        qs = model.objects.filter(attempt_time__lt=before)
        cool_off = _cool_off() if label == "axes.AccessAttempt" else None
        if cool_off is not None:  # the lockout still counts it
            qs = qs.filter(attempt_time__lt=now - cool_off)
        qs = qs.annotate(typed=Coalesce(Lower("username"), Value("")))
        yield model, qs.exclude(typed__in=held), qs.filter(typed__in=held)


# --- sessions ---------------------------------------------------------------------------------------------


def _sessions(before: datetime) -> Any:
    """The expired sessions due (None: the sessions are not kept in the database)."""
    if not apps.is_installed("django.contrib.sessions") or settings.SESSION_ENGINE not in DB_SESSION_ENGINES:
        return None
    return apps.get_model("sessions", "Session").objects.filter(expire_date__lt=min(before, timezone.now()))


# --- files without a record -------------------------------------------------------------------------------


def _normal(path: str) -> str:
    return os.path.normpath(os.path.abspath(path))


def _file_fields() -> list[tuple[Any, models.FileField, str]]:
    """(model, field, its storage's folder) of every ``FileField`` stored on the file system."""
    out = []
    for model in apps.get_models():
        for f in model._meta.concrete_fields:
            if isinstance(f, models.FileField) and isinstance(f.storage, FileSystemStorage):
                out.append((model, f, _normal(str(f.storage.location))))
    return out


def upload_roots() -> list[str]:
    """The folders of the upload storages, none inside another."""
    roots = sorted({root for _m, _f, root in _file_fields()})
    return [r for r in roots if not any(r != o and r.startswith(o.rstrip(os.sep) + os.sep) for o in roots)]


def _referenced() -> set[str]:
    """The full path of every file a record names, or a pending removal will remove."""
    paths: set[str] = set()
    fields = _file_fields()
    for model, f, root in fields:
        names = model._default_manager.exclude(**{f.attname: ""}).exclude(**{f"{f.attname}__isnull": True})
        for name in names.values_list(f.attname, flat=True).iterator(chunk_size=5000):
            paths.add(_normal(os.path.join(root, name)))
    return paths | _pending()


def _old_enough(path: str, before: datetime) -> bool:
    """A regular file (not a link) last changed before ``before`` and over a day ago."""
    try:
        st = os.lstat(path)
    except OSError:
        return False
    if not stat.S_ISREG(st.st_mode):
        return False
    changed = datetime.fromtimestamp(st.st_mtime, UTC)
    return changed < min(before, timezone.now() - ORPHAN_MIN_AGE)


def _inside(path: str, root: str) -> bool:
    real, real_root = os.path.realpath(path), os.path.realpath(root)
    return real.startswith(real_root.rstrip(os.sep) + os.sep)


def orphan_files(before: datetime) -> list[str]:
    """The files under the upload folders that no record refers to, last changed before ``before`` (and over
    a day ago); symbolic links are neither followed nor listed."""
    referenced = _referenced()
    found = []
    for root in upload_roots():
        for dirpath, _dirs, filenames in os.walk(root, followlinks=False):
            for filename in filenames:
                path = _normal(os.path.join(dirpath, filename))
                if path not in referenced and _old_enough(path, before) and _inside(path, root):
                    found.append(path)
    return sorted(found)


def _still_orphans(paths: list[str]) -> list[str]:
    """Of ``paths``, those that no record names now (a record written since the scan keeps its file)."""
    named: set[str] = set()
    for model, f, root in _file_fields():
        names = {os.path.relpath(p, root): p for p in paths if p.startswith(root.rstrip(os.sep) + os.sep)}
        if names:
            rows = model._default_manager.filter(**{f"{f.attname}__in": list(names)})
            named.update(names[n] for n in rows.values_list(f.attname, flat=True) if n in names)
    pending = _pending()
    return [p for p in paths if p not in named and p not in pending]


def _pending() -> set[str]:
    """The full path of every file a pending removal lists."""
    by_label = {(m._meta.label, f.name): root for m, f, root in _file_fields()}
    out = set()
    for label, field_name, name in PendingFileRemoval.objects.values_list("model", "field", "name"):
        root = by_label.get((label, field_name))
        if root is not None:
            out.add(_normal(os.path.join(root, name)))
    return out


# --- counting and applying --------------------------------------------------------------------------------


@dataclass
class Counts:
    due: Counter[str]
    held: Counter[str]


def count(rules: dict[str, retention.Rule], today: date) -> Counts:
    """What would go on ``today``, per kind, and what a legal hold keeps: reads only."""
    out = Counts(Counter(), Counter())
    before = _before(rules, retention.SIGN_IN_RECORDS, today)
    if before is not None:
        held = _held_usernames()
        for _model, due, kept in _sign_ins(before, held):
            out.due[retention.SIGN_IN_RECORDS] += due.count()
            out.held[retention.SIGN_IN_RECORDS] += kept.count() if held else 0
    before = _before(rules, retention.EXPIRED_SESSIONS, today)
    sessions = _sessions(before) if before is not None else None
    if sessions is not None:
        out.due[retention.EXPIRED_SESSIONS] += sessions.count()
    before = _before(rules, retention.ORPHAN_FILES, today)
    if before is not None:
        out.due[retention.ORPHAN_FILES] += len(orphan_files(before))
    return Counts(+out.due, +out.held)  # the kinds with a count only


def _done(run_id: int, kind: str, n: int, *, files: int = 0) -> None:
    """Add to the run's counts, inside the caller's transaction."""
    if not n:
        return
    run = PurgeRun.objects.select_for_update().get(pk=run_id)
    run.done[kind] = run.done.get(kind, 0) + n
    run.files += files
    run.save(update_fields=["done", "files"])


def _delete_in_chunks(qs: Any, model: Any, counted: Callable[[int], None]) -> int:
    """Delete what ``qs`` selects, ``CHUNK`` rows a transaction; each chunk's count goes to ``counted`` in
    the same transaction."""
    total = 0
    while True:
        ids = list(qs.order_by("pk").values_list("pk", flat=True)[:CHUNK])
        if not ids:
            return total
        with transaction.atomic():
            _n, per_model = model.objects.filter(pk__in=ids).delete()
            n = per_model.get(model._meta.label, 0)
            counted(n)
        total += n


def apply(run_id: int, rules: dict[str, retention.Rule], today: date) -> Counter[str]:
    """Delete the sign-in records and sessions past their periods and remove the files without a record,
    adding the counts to the run as each chunk commits. Returns what was done per kind."""
    done: Counter[str] = Counter()
    before = _before(rules, retention.SIGN_IN_RECORDS, today)
    if before is not None:
        for model, due, _kept in _sign_ins(before, _held_usernames()):
            done[retention.SIGN_IN_RECORDS] += _delete_in_chunks(
                due, model, lambda n: _done(run_id, retention.SIGN_IN_RECORDS, n)
            )
    before = _before(rules, retention.EXPIRED_SESSIONS, today)
    sessions = _sessions(before) if before is not None else None
    if sessions is not None:
        done[retention.EXPIRED_SESSIONS] += _delete_in_chunks(
            sessions, sessions.model, lambda n: _done(run_id, retention.EXPIRED_SESSIONS, n)
        )
    before = _before(rules, retention.ORPHAN_FILES, today)
    if before is not None:
        candidates = orphan_files(before)
        for i in range(0, len(candidates), CHUNK):
            removed = 0
            for path in _still_orphans(candidates[i : i + CHUNK]):
                if _old_enough(path, before):
                    try:
                        os.unlink(path)
                    except FileNotFoundError:
                        continue
                    removed += 1
            with transaction.atomic():
                _done(run_id, retention.ORPHAN_FILES, removed, files=removed)
            done[retention.ORPHAN_FILES] += removed
    return +done
