"""Editors and moderators keep the main menu and the footer up to date."""

from django.db import migrations

GROUPS = ["Editors", "Moderators"]
CODENAMES = ["change_navigationsettings", "change_footersettings"]
MODELS = {"navigationsettings": "main navigation", "footersettings": "footer"}


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    permissions = []
    # Permissions are normally made after migrations; make these two now.
    for model, verbose_name in MODELS.items():
        content_type, _ = ContentType.objects.get_or_create(app_label="home", model=model)
        permission, _ = Permission.objects.get_or_create(
            content_type=content_type, codename=f"change_{model}", defaults={"name": f"Can change {verbose_name}"}
        )
        permissions.append(permission)
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(content_type__app_label="home", codename__in=CODENAMES)
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0002_initial"),
        ("wagtailcore", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
