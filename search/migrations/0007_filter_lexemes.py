"""PostgreSQL: the full vector also holds the filter values as lexemes ("district=wola"), so a
filtered search is narrowed by the GIN index instead of testing every match's filters.
Re-creates the full vector (one table rewrite) and its sharded indexes.
"""

from django.db import migrations


def forwards(apps, schema_editor):
    from search import fulltext

    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(fulltext.TAG_FUNCTION)
            cursor.execute("ALTER TABLE search_searchentry DROP COLUMN IF EXISTS search_vector")
            fulltext.install_postgresql_search_vector(cursor)


class Migration(migrations.Migration):
    dependencies = [("search", "0006_shards_and_tag_vector")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
