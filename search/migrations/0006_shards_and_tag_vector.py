"""PostgreSQL: the full vector's GIN index split into shards of consecutive ids, so counting
stops after the shards that hold 10,001 matches; and the type and filter values as a small
in-row ``tag_vector`` whose facet counts ``ts_stat`` reads (see search.fulltext). Adding
the generated column rewrites the table once.
"""

from django.db import migrations


def forwards(apps, schema_editor):
    from search import fulltext

    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            fulltext.install_postgresql_tags(cursor)
            fulltext.install_postgresql_shards(cursor)
        fulltext.set_postgresql_storage(schema_editor.connection)


def backwards(apps, schema_editor):
    from search import fulltext

    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            for shard in range(fulltext.SHARDS):
                cursor.execute(f"DROP INDEX IF EXISTS search_entry_vector_{shard}")
            cursor.execute(
                "CREATE INDEX IF NOT EXISTS search_entry_vector ON search_searchentry USING gin (search_vector)"
            )
            cursor.execute("ALTER TABLE search_searchentry DROP COLUMN IF EXISTS tag_vector")
            cursor.execute("DROP FUNCTION IF EXISTS search_tag_vector(text, jsonb)")


class Migration(migrations.Migration):
    dependencies = [("search", "0005_type_lexeme")]

    operations = [migrations.RunPython(forwards, backwards)]
