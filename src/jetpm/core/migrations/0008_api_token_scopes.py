from django.db import migrations, models


def existing_tokens_keep_what_they_could_do(apps, schema_editor):
    """Tokens issued before scopes existed read the core endpoints (all the API had then)."""
    ApiToken = apps.get_model("core", "ApiToken")
    ApiToken.objects.all().update(scopes=["core:read"])


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0007_retention_schedules_and_legal_hold'),
    ]

    operations = [
        migrations.AddField(
            model_name='apitoken',
            name='scopes',
            field=models.JSONField(blank=True, default=list, verbose_name='scopes'),
        ),
        migrations.RunPython(existing_tokens_keep_what_they_could_do, migrations.RunPython.noop),
    ]
