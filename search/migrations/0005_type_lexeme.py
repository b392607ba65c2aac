"""PostgreSQL: the full vector also holds the entry's type as the lexeme "type=<name>", so a
search within one type is answered by the GIN index alone. Re-creates the generated vectors.
"""

from django.db import migrations


def forwards(apps, schema_editor):
    from search import fulltext

    if schema_editor.connection.vendor == "postgresql":
        fulltext.reinstall_postgresql_vectors(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("search", "0004_postgresql_row_storage")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
