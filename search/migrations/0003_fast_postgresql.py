"""Faster PostgreSQL search: a narrow table (long values in TOAST), a small title vector
with its own GIN index, and newest-first indexes for reading candidates in order
(see search.fulltext and search.backends.postgres). Nothing changes on SQLite.

Rows written before keep their wide layout until rewritten: run
``manage.py search_index --rebuild`` after migrating.
"""

from django.db import migrations


def forwards(apps, schema_editor):
    from search import fulltext

    if schema_editor.connection.vendor == "postgresql":
        fulltext.install_postgresql_vector(schema_editor.connection)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute("DROP INDEX IF EXISTS search_entry_recent")
            cursor.execute("DROP INDEX IF EXISTS search_entry_type_recent")
            cursor.execute("ALTER TABLE search_searchentry DROP COLUMN IF EXISTS title_vector")
            cursor.execute("ALTER TABLE search_searchentry RESET (toast_tuple_target)")


class Migration(migrations.Migration):
    dependencies = [("search", "0002_fulltext")]

    operations = [migrations.RunPython(forwards, backwards)]
