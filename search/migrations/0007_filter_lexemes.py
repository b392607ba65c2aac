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
            # The rewritten table has no statistics until autovacuum comes by; the title tier
            # chooses its path from the planner's estimate, so give it figures at once.
            cursor.execute("ANALYZE search_searchentry")


# The full vector as migration 0005 made it (the type as its only tag lexeme).
VECTOR_0005 = (
    "setweight(to_tsvector('portal_search'::regconfig, coalesce(title, '')), 'A') || "
    "setweight(to_tsvector('simple'::regconfig, coalesce(title_terms, '')), 'A') || "
    "setweight(to_tsvector('simple'::regconfig, coalesce(body_lemmas, '')), 'B') || "
    "setweight(to_tsvector('simple'::regconfig, coalesce(body_terms, '')), 'B') || "
    "array_to_tsvector(ARRAY['type=' || type::text])"
)


def backwards(apps, schema_editor):
    from search import fulltext

    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute("ALTER TABLE search_searchentry DROP COLUMN IF EXISTS search_vector")
            cursor.execute(
                "ALTER TABLE search_searchentry ADD COLUMN search_vector tsvector "
                f"GENERATED ALWAYS AS ({VECTOR_0005}) STORED"
            )
            fulltext.install_postgresql_shards(cursor)


class Migration(migrations.Migration):
    dependencies = [("search", "0006_shards_and_tag_vector")]

    operations = [migrations.RunPython(forwards, backwards)]
