"""Create the groups behind the staff roles; "Editors" comes from Wagtail itself."""

from django.db import migrations

ROLE_GROUPS = ["Officials", "Committee members", "Facility managers", "Monitoring administrators"]
# Roles that work in the Wagtail admin get its access permission.
ADMIN_GROUPS = ["Officials", "Monitoring administrators"]


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    admin_type, _ = ContentType.objects.get_or_create(app_label="wagtailadmin", model="admin")
    access_admin, _ = Permission.objects.get_or_create(
        content_type=admin_type, codename="access_admin", defaults={"name": "Can access Wagtail admin"}
    )
    for name in ROLE_GROUPS:
        group, _ = Group.objects.get_or_create(name=name)
        if name in ADMIN_GROUPS:
            group.permissions.add(access_admin)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLE_GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("organisations", "0001_initial"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
