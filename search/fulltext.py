"""Database full-text structures, created by migration 0002 and re-creatable with
``manage.py search_index --setup``.

PostgreSQL: a text search configuration ``portal_search``: ``unaccent`` (so "zajecia"
meets "zajęcia"), then the hunspell Polish dictionary (so "organizacjom" becomes
"organizacja"), then ``simple`` for words hunspell does not know. The dictionary
files come from Debian's ``hunspell-pl`` package, which ``pg_updatedicts`` (run by
the package's trigger) links into PostgreSQL's ``tsearch_data`` as ``pl_pl``. Where
they are absent the configuration falls back to ``unaccent`` + ``simple`` (and to
``simple`` alone without the ``unaccent`` extension); the portal's own light stems,
indexed beside the text, still match inflections. After installing ``hunspell-pl``
later, run ``manage.py search_index --setup`` to switch to the dictionary.

SQLite: an FTS5 table ``search_fts`` (``unicode61 remove_diacritics 2``) over the
stems, kept in step with ``search_searchentry`` by triggers. A later migration that
makes Django rebuild that table on SQLite drops the triggers: re-run ``install``.
"""

import logging

from django.db import transaction

logger = logging.getLogger(__name__)

CONFIG = "portal_search"
DICTIONARY = "portal_polish_hunspell"
TOKENS = "asciiword, word, hword, hword_part, asciihword, hword_asciipart, numword, hword_numpart"
# The title alone, small enough to stay in the table row: cheap to test and to rank per row,
# so title matches can be read newest first and stop early (see backends/postgres.py).
TITLE_VECTOR = (
    "setweight(to_tsvector('portal_search'::regconfig, coalesce(title, '')), 'A') || "
    "setweight(to_tsvector('simple'::regconfig, coalesce(title_terms, '')), 'A')"
)
# Everything, for matching through its GIN index (and ranking a bounded candidate set). The
# text's hunspell forms come ready in ``body_lemmas``: running hunspell over every word of
# every text cost about 3 ms a document, most of a full reindex.
VECTOR = (
    "setweight(to_tsvector('portal_search'::regconfig, coalesce(title, '')), 'A') || "
    "setweight(to_tsvector('simple'::regconfig, coalesce(title_terms, '')), 'A') || "
    "setweight(to_tsvector('simple'::regconfig, coalesce(body_lemmas, '')), 'B') || "
    "setweight(to_tsvector('simple'::regconfig, coalesce(body_terms, '')), 'B') || "
    # The type and the filter values as lexemes ("type=page", "district=wola", see TAG_VECTOR):
    # a search within a type or a filter is then answered by the GIN index alone, not by
    # testing the matches of every type and value.
    "search_tag_vector(type::text, filters)"
)
# The entry's type and filter values as lexemes ("type=result", "district=wola"), kept in the
# row: ``ts_stat`` counts the facet values of 10,000 matches in about 2 ms, where expanding
# the ``filters`` JSON row by row took 30 ms.
TAG_FUNCTION = (
    "CREATE OR REPLACE FUNCTION search_tag_vector(entry_type text, filters jsonb) RETURNS tsvector "
    "LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ "
    "SELECT array_to_tsvector(array_agg(DISTINCT tag)) FROM ("
    "SELECT 'type=' || entry_type AS tag UNION ALL "
    "SELECT tags.key || '=' || tag_value FROM jsonb_each(CASE jsonb_typeof(filters) "
    "WHEN 'object' THEN filters ELSE '{}' END) AS tags, "
    "jsonb_array_elements_text(CASE jsonb_typeof(tags.value) WHEN 'array' THEN tags.value "
    "ELSE '[]' END) AS tag_value WHERE tag_value <> '') AS all_tags $$"
)
TAG_VECTOR = "search_tag_vector(type::text, filters)"
# The full vector's GIN index is split into SHARDS partial indexes, each over blocks of
# SHARD_IDS consecutive ids (neighbours in the table too). A scan that stops at 10,001
# matches then builds the bitmap of one shard or two, not of every document holding a
# frequent word (10 ms of the 12 ms a count cost); a rare word reads every shard, as before.
SHARDS = 8
SHARD_IDS = 16384
SHARD = f"mod(id / {SHARD_IDS}, {SHARDS})"


def _try(connection, sql: str) -> bool:
    """Run ``sql`` in a savepoint; False (and nothing changed) if the server refuses it."""
    try:
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            cursor.execute(sql)
        return True
    except Exception as error:  # the server's own error: missing files, extension or privilege
        logger.info("search: %s refused: %s", sql.split("(")[0][:60], error)
        return False


def install_postgresql(connection) -> str:
    """Create (or re-map) the ``portal_search`` configuration; returns what it uses."""
    has_unaccent = _try(connection, "CREATE EXTENSION IF NOT EXISTS unaccent")
    _try(connection, f"DROP TEXT SEARCH DICTIONARY IF EXISTS {DICTIONARY} CASCADE")
    has_hunspell = _try(
        connection,
        f"CREATE TEXT SEARCH DICTIONARY {DICTIONARY} (TEMPLATE = ispell, DictFile = pl_pl, AffFile = pl_pl)",
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_ts_config WHERE cfgname = %s", [CONFIG])
        if not cursor.fetchone():
            cursor.execute(f"CREATE TEXT SEARCH CONFIGURATION {CONFIG} (COPY = simple)")
        chain = [d for d, ok in (("unaccent", has_unaccent), (DICTIONARY, has_hunspell)) if ok] + ["simple"]
        cursor.execute(
            f"ALTER TEXT SEARCH CONFIGURATION {CONFIG} ALTER MAPPING FOR {TOKENS} WITH {', '.join(chain)}"
        )
    used = " + ".join(chain)
    if not has_hunspell:
        logger.warning("search: no hunspell Polish dictionary in PostgreSQL, using %s", used)
    return used


def install_postgresql_vector(connection) -> None:
    with connection.cursor() as cursor:
        # Long values (body, stems, the full vector) leave the row for the TOAST table, so
        # the table itself stays narrow: counting and reading matches visits few pages.
        cursor.execute("ALTER TABLE search_searchentry SET (toast_tuple_target = 128)")
        cursor.execute(TAG_FUNCTION)
        install_postgresql_search_vector(cursor)
        cursor.execute(
            "ALTER TABLE search_searchentry ADD COLUMN IF NOT EXISTS title_vector tsvector "
            f"GENERATED ALWAYS AS ({TITLE_VECTOR}) STORED"
        )
        cursor.execute(
            "CREATE INDEX IF NOT EXISTS search_entry_title_vector ON search_searchentry "
            "USING gin (title_vector)"
        )
        install_postgresql_tags(cursor)
    set_postgresql_storage(connection)
    with connection.cursor() as cursor:
        # Newest first, as candidates are read (with and without a type chosen). PostgreSQL
        # only: SQLite cannot index NULLS LAST.
        cursor.execute(
            "CREATE INDEX IF NOT EXISTS search_entry_recent ON search_searchentry (date DESC NULLS LAST, id)"
        )
        cursor.execute(
            "CREATE INDEX IF NOT EXISTS search_entry_type_recent ON search_searchentry "
            "(type, date DESC NULLS LAST, id)"
        )


def install_postgresql_search_vector(cursor) -> None:
    cursor.execute(
        "ALTER TABLE search_searchentry ADD COLUMN IF NOT EXISTS search_vector tsvector "
        f"GENERATED ALWAYS AS ({VECTOR}) STORED"
    )
    install_postgresql_shards(cursor)


def install_postgresql_shards(cursor) -> None:
    cursor.execute("DROP INDEX IF EXISTS search_entry_vector")
    for shard in range(SHARDS):
        cursor.execute(
            f"CREATE INDEX IF NOT EXISTS search_entry_vector_{shard} ON search_searchentry "
            f"USING gin (search_vector) WHERE {SHARD} = {shard}"
        )


def install_postgresql_tags(cursor) -> None:
    cursor.execute(TAG_FUNCTION)
    # One statement, so the rewrite that fills the column already keeps it in the row.
    cursor.execute(
        "ALTER TABLE search_searchentry ADD COLUMN IF NOT EXISTS tag_vector tsvector "
        f"GENERATED ALWAYS AS ({TAG_VECTOR}) STORED, ALTER COLUMN tag_vector SET STORAGE PLAIN"
    )


_FTS_INSERT = (
    "INSERT INTO search_fts(rowid, title_terms, body_terms) VALUES (new.id, new.title_terms, new.body_terms);"
)
SQLITE_FTS = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5("
    "title_terms, body_terms, tokenize = 'unicode61 remove_diacritics 2')",
    f"CREATE TRIGGER IF NOT EXISTS search_fts_insert AFTER INSERT ON search_searchentry BEGIN "
    f"{_FTS_INSERT} END",
    "CREATE TRIGGER IF NOT EXISTS search_fts_delete AFTER DELETE ON search_searchentry BEGIN "
    "DELETE FROM search_fts WHERE rowid = old.id; END",
    "CREATE TRIGGER IF NOT EXISTS search_fts_update AFTER UPDATE ON search_searchentry BEGIN "  # noqa: S608
    f"DELETE FROM search_fts WHERE rowid = old.id; {_FTS_INSERT} END",
]


def install_sqlite(connection) -> str:
    with connection.cursor() as cursor:
        for sql in SQLITE_FTS:
            cursor.execute(sql)
        # Entries written while the triggers were missing.
        cursor.execute("DELETE FROM search_fts")
        cursor.execute(
            "INSERT INTO search_fts(rowid, title_terms, body_terms) "
            "SELECT id, title_terms, body_terms FROM search_searchentry"
        )
    return "fts5 unicode61 remove_diacritics 2 + portal stems"


# Read for every candidate row: never compressed or moved out of the row, whatever
# ``toast_tuple_target`` (which otherwise squeezes every value above 128 bytes).
IN_ROW = ["title_vector", "tag_vector", "filters", "title", "title_key", "url", "type"]


def set_postgresql_storage(connection) -> None:
    with connection.cursor() as cursor:
        # Columns a later migration adds may be missing (migrating backwards and forwards again).
        cursor.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'search_searchentry'"
        )
        existing = {row[0] for row in cursor.fetchall()}
        for column in IN_ROW:
            if column in existing:
                cursor.execute(f"ALTER TABLE search_searchentry ALTER COLUMN {column} SET STORAGE PLAIN")


def reinstall_postgresql_vectors(connection) -> None:
    """Drop and re-create the generated vectors (after their expressions changed)."""
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE search_searchentry DROP COLUMN IF EXISTS title_vector")
        cursor.execute("ALTER TABLE search_searchentry DROP COLUMN IF EXISTS search_vector")
        cursor.execute("ALTER TABLE search_searchentry DROP COLUMN IF EXISTS tag_vector")
    install_postgresql_vector(connection)


def install(connection) -> str:
    """Create the full-text structures for ``connection``'s database; returns a description."""
    if connection.vendor == "postgresql":
        used = install_postgresql(connection)
        install_postgresql_vector(connection)
        return used
    if connection.vendor == "sqlite":
        return install_sqlite(connection)
    return "none (substring matching)"


def uninstall(connection) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP INDEX IF EXISTS search_entry_recent")
            cursor.execute("DROP INDEX IF EXISTS search_entry_type_recent")
            cursor.execute("ALTER TABLE search_searchentry DROP COLUMN IF EXISTS title_vector")
            cursor.execute("ALTER TABLE search_searchentry DROP COLUMN IF EXISTS search_vector")
            cursor.execute("ALTER TABLE search_searchentry DROP COLUMN IF EXISTS tag_vector")
            cursor.execute("DROP FUNCTION IF EXISTS search_tag_vector(text, jsonb)")
            cursor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {CONFIG}")
            cursor.execute(f"DROP TEXT SEARCH DICTIONARY IF EXISTS {DICTIONARY}")
        elif connection.vendor == "sqlite":
            for name in ("insert", "delete", "update"):
                cursor.execute(f"DROP TRIGGER IF EXISTS search_fts_{name}")
            cursor.execute("DROP TABLE IF EXISTS search_fts")
