"""Full-text structures for the database search index (see search.fulltext).

On PostgreSQL the Polish hunspell dictionary is used when the server has it and
skipped, not failed, when it does not.
"""

from django.db import migrations


def forwards(apps, schema_editor):
    from search import fulltext

    if schema_editor.connection.vendor == "postgresql":
        # The generated vectors read columns added later: migration 0003 creates them.
        fulltext.install_postgresql(schema_editor.connection)
    else:
        fulltext.install(schema_editor.connection)


def backwards(apps, schema_editor):
    from search import fulltext

    fulltext.uninstall(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
