"""Faster PostgreSQL search and indexing (see search.fulltext and search.backends.postgres):

* a narrow table (long values in TOAST), a small title vector with its own GIN index and
  newest-first indexes for reading candidates in order;
* ``body_lemmas``: the text's hunspell forms, looked up once per distinct word when
  writing, which the full vector indexes instead of running hunspell over the text.

Rows written before keep their layout and have no ``body_lemmas`` until rewritten: run
``manage.py search_index --rebuild`` after migrating. On SQLite adding the column rebuilds
the table, which drops the full-text triggers: they are re-created here.
"""

from django.db import migrations, models


def forwards(apps, schema_editor):
    from search import fulltext

    if schema_editor.connection.vendor == "postgresql":
        fulltext.reinstall_postgresql_vectors(schema_editor.connection)
    else:
        fulltext.install(schema_editor.connection)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            for index in ("search_entry_recent", "search_entry_type_recent"):
                cursor.execute(f"DROP INDEX IF EXISTS {index}")
            cursor.execute("ALTER TABLE search_searchentry DROP COLUMN IF EXISTS title_vector")
            cursor.execute("ALTER TABLE search_searchentry DROP COLUMN IF EXISTS search_vector")
            cursor.execute("ALTER TABLE search_searchentry RESET (toast_tuple_target)")


class Migration(migrations.Migration):
    dependencies = [("search", "0002_fulltext")]

    operations = [
        migrations.AddField(
            model_name="searchentry",
            name="body_lemmas",
            field=models.TextField(blank=True, default="", verbose_name="text dictionary forms"),
        ),
        migrations.RunPython(forwards, backwards),
    ]
