"""Retention of personal data: the schedules per record kind (with the installation's defaults), legal holds,
the purge's runs, files it still has to remove, and the daily purge's next run; persons get the day an
alumnus withdrew consent, the mark of anonymisation and the year of birth kept after it."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


# The defaults of a new installation. The national administrators change them on the retention page; they
# should be checked against the ministry's document-management rules (行政文書管理規則) and the privacy
# notice given to applicants.
DEFAULTS = [
    (
        "unsuccessful_applicant",
        36,
        "anonymise",
        "当該年度の選考終了（結果通知期間の末日）から3年。選考結果への苦情・問合せへの対応と、翌年度以降の応募資格"
        "の確認（配置辞退者の翌年度応募制限など）に必要な期間。期間経過後は氏名・連絡先・住所・生年月日・自由記述を"
        "消去し、統計に必要な項目（応募年度・国籍・職種・状況など）だけを残す（個人情報の保護に関する法律第61条：保有"
        "の制限）。",
        "3 years after the end of the intake's selection (the last day of the results period): long enough for "
        "complaints and enquiries about the result and for the eligibility checks of later intakes (e.g. the bar "
        "after a declined placement). Then names, contacts, address, date of birth and free texts are removed and "
        "only what the statistics count stays (intake year, nationality, job type, status…) (APPI art. 61: "
        "personal data held only as long as needed).",
    ),
    (
        "unused_account",
        24,
        "anonymise",
        "応募することなく登録後2年を経過したアカウント。次の募集年度に応募する機会を残したうえで消去する。",
        "Accounts registered 2 years ago that never applied: the next intake's chance to apply is left, then "
        "the account and its personal data go.",
    ),
    (
        "applicant_documents",
        12,
        "delete",
        "任用に至らなかった応募の提出書類（成績証明書、学位証明、旅券の写し、証明書、健康診断書、犯罪経歴証明書）は"
        "選考終了から1年で削除する。選考のためだけに提出されたものであり、結果通知後の問合せ期間を過ぎれば不要。任用"
        "された者の書類は参加者の記録とともに扱う。",
        "Documents of applications that led to no appointment (transcripts, degrees, passport pages, "
        "certificates, health and criminal-record checks) are deleted 1 year after the end of the intake's "
        "selection: they were given for the selection only. Participants' documents go with their participant "
        "record.",
    ),
    (
        "referee_letters",
        12,
        "delete",
        "推薦者の氏名・連絡先と推薦状は、選考終了から1年で削除する。推薦状は推薦者自身の個人情報でもあり、選考の"
        "ためだけに預かっているため。",
        "Referees' names, contacts and letters are deleted 1 year after the end of the intake's selection: a "
        "letter is also its writer's personal data, held for the selection only.",
    ),
    (
        "reviews",
        36,
        "delete",
        "審査員の評価（得点・コメント）は、選考終了から3年で削除する（選考結果への不服・照会への対応期間）。段階ご"
        "との結果（平均点・z値・合否）と選考名簿は選考の記録・統計として残る。",
        "Panel members' reviews (scores and comments) are deleted 3 years after the end of the intake's "
        "selection (the time for complaints about the result). The stage results (means, z-scores, passed) "
        "and the selection lists stay as the record of the selection and for the statistics.",
    ),
    (
        "participant",
        60,
        "anonymise",
        "最後の任期の終了（途中退職の場合はその日）から5年。在職証明の発行や照会への対応、元参加者の再応募資格の"
        "確認に必要な期間。期間経過後は氏名・連絡先・自由記述（再任用の理由、退職理由、研修の感想、回答書の旅券番"
        "号など）を消去し、JET番号・参加年度・国籍・職種・任期の記録は統計（定着率・国別参加者数）のために残す。同"
        "窓会への連絡に同意している元参加者の氏名・連絡先は、同意を撤回するまで保持する。",
        "5 years after the end of the last term (the early end, if it ended early): for certificates of "
        "employment, enquiries and the rules on former participants applying again. Then names, contacts and "
        "free texts (reappointment reasons, reasons for leaving, training feedback, the reply form's passport "
        "number…) are removed; the JET number, cohort, nationality, job type and terms stay for the statistics "
        "(retention, participants by country). An alumnus who consents to be kept in touch keeps their name "
        "and contacts until they withdraw that consent.",
    ),
    (
        "alumnus_withdrawn",
        1,
        "anonymise",
        "同窓会への連絡の同意を撤回した元参加者は、撤回から1か月で氏名・連絡先を消去する（手続き中の連絡の完了の"
        "ため）。参加者としての保存期間が残っている場合は、その期間の終了時に消去する。",
        "An alumnus who withdraws their consent to be kept in touch has their name and contacts removed 1 month "
        "later (to finish any correspondence under way); if their participant record's period is not over, "
        "at the end of that period.",
    ),
]


def seed_schedules(apps, schema_editor):
    RetentionSchedule = apps.get_model("core", "RetentionSchedule")
    for kind, months, action, basis_ja, basis_en in DEFAULTS:
        RetentionSchedule.objects.update_or_create(
            kind=kind,
            defaults={"months": months, "action": action, "basis_ja": basis_ja, "basis_en": basis_en},
        )


def unseed_schedules(apps, schema_editor):
    apps.get_model("core", "RetentionSchedule").objects.all().delete()


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0006_drop_cycle_rule_copies'),
    ]

    operations = [
        migrations.CreateModel(
            name='PendingFileRemoval',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('model', models.CharField(max_length=60)),
                ('field', models.CharField(max_length=60)),
                ('name', models.CharField(max_length=300)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
            ],
            options={
                'verbose_name': 'file to remove',
                'verbose_name_plural': 'files to remove',
            },
        ),
        migrations.CreateModel(
            name='ScheduledPurge',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('run_on', models.DateField(unique=True, verbose_name='runs on')),
                ('task_id', models.CharField(blank=True, max_length=64)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('done_at', models.DateTimeField(blank=True, null=True, verbose_name='done')),
            ],
            options={
                'verbose_name': 'scheduled purge',
                'verbose_name_plural': 'scheduled purges',
                'ordering': ['-run_on'],
            },
        ),
        migrations.AddField(
            model_name='person',
            name='anonymised_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='anonymised'),
        ),
        migrations.AddField(
            model_name='person',
            name='birth_year',
            field=models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='year of birth'),
        ),
        migrations.AddField(
            model_name='person',
            name='contact_consent_withdrawn_on',
            field=models.DateField(blank=True, null=True, verbose_name='consent withdrawn on'),
        ),
        migrations.CreateModel(
            name='PurgeRun',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('today', models.DateField(verbose_name='applied as of')),
                ('trigger', models.CharField(choices=[('command', 'Command line'), ('task', 'Daily task')], max_length=10, verbose_name='started by')),
                ('started_at', models.DateTimeField(auto_now_add=True, verbose_name='started')),
                ('finished_at', models.DateTimeField(blank=True, null=True, verbose_name='finished')),
                ('due', models.JSONField(blank=True, default=dict, verbose_name='due')),
                ('held', models.JSONField(blank=True, default=dict, verbose_name='kept under hold')),
                ('done', models.JSONField(blank=True, default=dict, verbose_name='applied')),
                ('persons', models.PositiveIntegerField(default=0, verbose_name='persons anonymised')),
                ('files', models.PositiveIntegerField(default=0, verbose_name='files removed')),
                ('actor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='who')),
            ],
            options={
                'verbose_name': 'purge run',
                'verbose_name_plural': 'purge runs',
                'ordering': ['-started_at', '-id'],
            },
        ),
        migrations.CreateModel(
            name='RetentionSchedule',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('unsuccessful_applicant', 'Unsuccessful applicants'), ('unused_account', 'Registrations without an application'), ('applicant_documents', 'Uploaded documents'), ('referee_letters', 'Referees and their letters'), ('reviews', 'Screening reviews'), ('participant', 'Former participants'), ('alumnus_withdrawn', 'Alumni who withdrew consent')], max_length=30, unique=True, verbose_name='kind of record')),
                ('months', models.PositiveSmallIntegerField(verbose_name='period (months)')),
                ('action', models.CharField(choices=[('anonymise', 'Anonymise'), ('delete', 'Delete')], max_length=10, verbose_name='then')),
                ('basis_ja', models.TextField(verbose_name='reason and legal basis (Japanese)')),
                ('basis_en', models.TextField(verbose_name='reason and legal basis (English)')),
                ('note', models.TextField(blank=True, verbose_name='note')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                ('updated_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='updated by')),
            ],
            options={
                'verbose_name': 'retention schedule',
                'verbose_name_plural': 'retention schedules',
                'ordering': ['id'],
            },
        ),
        migrations.CreateModel(
            name='LegalHold',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('reason', models.TextField(verbose_name='reason')),
                ('placed_at', models.DateTimeField(auto_now_add=True, verbose_name='placed')),
                ('lifted_at', models.DateTimeField(blank=True, null=True, verbose_name='lifted')),
                ('lift_reason', models.TextField(blank=True, verbose_name='reason for lifting')),
                ('lifted_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='lifted by')),
                ('person', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='legal_holds', to='core.person', verbose_name='person')),
                ('placed_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='placed by')),
            ],
            options={
                'verbose_name': 'legal hold',
                'verbose_name_plural': 'legal holds',
                'ordering': ['-placed_at', '-id'],
                'constraints': [models.UniqueConstraint(condition=models.Q(('lifted_at__isnull', True)), fields=('person',), name='legal_hold_one_standing'), models.CheckConstraint(condition=models.Q(('reason', ''), _negated=True), name='legal_hold_has_reason')],
            },
        ),
        migrations.RunPython(seed_schedules, unseed_schedules),
    ]
