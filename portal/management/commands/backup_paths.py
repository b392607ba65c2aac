"""Print what scripts/backup.sh and restore.sh need from the settings, as shell assignments."""

import shlex

from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Print the database and media locations as KEY='value' lines for the backup scripts."

    def handle(self, *args, **options):
        database = settings.DATABASES["default"]
        engine = database["ENGINE"].rsplit(".", 1)[-1]  # "postgresql" or "sqlite3"
        values = {
            "DB_ENGINE": engine,
            "DB_NAME": str(database.get("NAME") or ""),
            "DB_USER": database.get("USER") or "",
            "DB_PASSWORD": database.get("PASSWORD") or "",
            "DB_HOST": database.get("HOST") or "",
            "DB_PORT": str(database.get("PORT") or ""),
            # e.g. DATABASE_URL=postgres://…/portal?sslmode=require: pg_dump must use it too.
            "DB_SSLMODE": str((database.get("OPTIONS") or {}).get("sslmode") or ""),
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),
            "PRIVATE_MEDIA_ROOT": str(settings.PRIVATE_MEDIA_ROOT),
        }
        for key, value in values.items():
            self.stdout.write(f"{key}={shlex.quote(value)}")
