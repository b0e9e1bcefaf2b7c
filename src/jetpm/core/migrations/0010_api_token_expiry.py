from datetime import timedelta

from django.db import migrations, models
from django.utils import timezone

# Tokens issued before they expired: a year after they were made (the longest lifetime a person can choose),
# but never sooner than 30 days after this migration, so that a system using an older token is not cut off
# on the day of the upgrade: its person sees the date on the API tokens page and issues a new token in time.
EXISTING_LIFETIME = timedelta(days=365)
EXISTING_GRACE = timedelta(days=30)


def existing_tokens_expire_a_year_after_creation(apps, schema_editor):
    ApiToken = apps.get_model("core", "ApiToken")
    earliest = timezone.now() + EXISTING_GRACE
    rows = list(ApiToken.objects.filter(expires_at__isnull=True).only("pk", "created_at"))
    for row in rows:
        row.expires_at = max(row.created_at + EXISTING_LIFETIME, earliest)
    ApiToken.objects.bulk_update(rows, ["expires_at"], batch_size=500)


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0009_membership_role_counsellor"),
    ]

    operations = [
        migrations.AddField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(null=True, verbose_name="expires"),
        ),
        migrations.RunPython(existing_tokens_expire_a_year_after_creation, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(verbose_name="expires"),
        ),
    ]
