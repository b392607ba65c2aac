from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from search import fulltext, indexing, registry


class Command(BaseCommand):
    help = (
        "Rebuild the search indexes (the database index and, when ELASTICSEARCH_URL is set, "
        "Elasticsearch: a new index per type, then an atomic alias swap)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--rebuild", action="store_true", help="Index every visible object again.")
        parser.add_argument(
            "--setup",
            action="store_true",
            help="(Re)create the database full-text configuration, e.g. after installing hunspell-pl.",
        )
        parser.add_argument("--type", action="append", dest="types", help="Only this type (repeatable).")
        parser.add_argument("--database-only", action="store_true", help="Leave Elasticsearch alone.")
        parser.add_argument(
            "--elasticsearch-only", action="store_true", help="Leave the database index alone."
        )

    def handle(self, *args, rebuild, setup, types, database_only, elasticsearch_only, **options):
        known = registry.all_types()
        unknown = set(types or []) - set(known)
        if unknown:
            raise CommandError(f"Unknown type(s): {', '.join(sorted(unknown))}. Known: {', '.join(known)}.")
        if not (rebuild or setup):
            for name, search_type in known.items():
                self.stdout.write(f"{name}: {search_type.label}")
            self.stdout.write("Use --rebuild to index them.")
            return
        if setup:
            used = fulltext.install(connection)
            self.stdout.write(f"Database full text: {used}")
        if rebuild:
            if elasticsearch_only and not indexing.elasticsearch_enabled():
                raise CommandError("ELASTICSEARCH_URL is not set.")
            counts = indexing.rebuild(
                types,
                database_index=not elasticsearch_only,
                elasticsearch_index=indexing.elasticsearch_enabled() and not database_only,
                stdout=self.stdout,
            )
            self.stdout.write(self.style.SUCCESS(f"Indexed {sum(counts.values())} documents."))
