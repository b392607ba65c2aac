"""PostgreSQL: keep the columns every candidate row is tested on (title vector, filters,
title) in the row itself, uncompressed; only the long text and the full vector go to TOAST.
Takes effect for rows written afterwards: run ``manage.py search_index --rebuild``.
"""

from django.db import migrations


def forwards(apps, schema_editor):
    from search import fulltext

    if schema_editor.connection.vendor == "postgresql":
        fulltext.set_postgresql_storage(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("search", "0003_fast_postgresql")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
