from django.db import migrations


def create_defaults(apps, schema_editor):
    Queue = apps.get_model("tickets", "Queue")
    Group = apps.get_model("auth", "Group")
    if not Queue.objects.exists():
        Queue.objects.create(name="General", slug="general", is_default=True)
    Group.objects.get_or_create(name="Agents")


class Migration(migrations.Migration):
    dependencies = [
        ("tickets", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_defaults, migrations.RunPython.noop)]
