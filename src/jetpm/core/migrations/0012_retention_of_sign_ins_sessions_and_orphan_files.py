"""Retention of the personal data the purge did not reach: sign-in records (django-axes), expired sessions and
uploaded files that no record refers to; their defaults, added as schedules the administrators can change."""

from django.db import migrations, models

# The defaults (like those of 0007): a proposal to check against the ministry's rules. A schedule already
# present (a kind added by hand) is left as it is.
DEFAULTS = [
    (
        "sign_in_records",
        6,
        "delete",
        "ログインの記録（成功・失敗の試行、入力されたユーザー名、IPアドレス、ブラウザの情報）は、試行から6か月"
        "（約180日）で削除する。不正アクセスの調査とアカウント利用の照会に必要な期間。ロックアウトの判定中の試行"
        "（30分間）は期間にかかわらず残す。",
        "Sign-in records (attempts, successful or not: the username typed, the IP address, the browser) are "
        "deleted 6 months (about 180 days) after the attempt: long enough to investigate unauthorised access "
        "and answer questions about an account's use. Attempts still counted by the lockout (30 minutes) stay "
        "whatever the period.",
    ),
    (
        "expired_sessions",
        0,
        "delete",
        "有効期限の切れたセッション（ログイン中の状態を保つ記録）は、期限切れ後ただちに削除する。期限後は利用"
        "できず、保有する必要がない。",
        "Sessions (what keeps a person signed in) are deleted as soon as they have expired: they cannot be "
        "used after their expiry and there is no reason to hold them.",
    ),
    (
        "orphan_files",
        0,
        "delete",
        "どの記録からも参照されていないアップロードファイル（保存が完了しなかったアップロード、差し替えられた"
        "ファイル）は、最後の変更から1日を経過した時点で削除する（保存中のアップロードを消さないため、1日未満の"
        "ファイルは期間にかかわらず残す）。",
        "Uploaded files that no record refers to (an upload that was not saved, a replaced file) are deleted "
        "once they are a day old (a file changed in the last 24 hours stays whatever the period, so that an "
        "upload being saved is never removed).",
    ),
]


def add_schedules(apps, schema_editor):
    RetentionSchedule = apps.get_model("core", "RetentionSchedule")
    for kind, months, action, basis_ja, basis_en in DEFAULTS:
        RetentionSchedule.objects.get_or_create(
            kind=kind,
            defaults={"months": months, "action": action, "basis_ja": basis_ja, "basis_en": basis_en},
        )


def remove_schedules(apps, schema_editor):
    kinds = [kind for kind, *_rest in DEFAULTS]
    apps.get_model("core", "RetentionSchedule").objects.filter(kind__in=kinds).delete()


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0011_audit_chain_verifications'),
    ]

    operations = [
        migrations.AlterField(
            model_name='retentionschedule',
            name='kind',
            field=models.CharField(choices=[('unsuccessful_applicant', 'Unsuccessful applicants'), ('unused_account', 'Registrations without an application'), ('applicant_documents', 'Uploaded documents'), ('referee_letters', 'Referees and their letters'), ('reviews', 'Screening reviews'), ('participant', 'Former participants'), ('alumnus_withdrawn', 'Alumni who withdrew consent'), ('sign_in_records', 'Sign-in records'), ('expired_sessions', 'Expired sessions'), ('orphan_files', 'Uploaded files without a record')], max_length=30, unique=True, verbose_name='kind of record'),
        ),
        migrations.RunPython(add_schedules, remove_schedules),
    ]
