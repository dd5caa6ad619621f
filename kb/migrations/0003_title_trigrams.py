"""Typo-tolerant search: PostgreSQL's pg_trgm and a trigram index on titles
(nothing on SQLite, where search matches words with LIKE)."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


def _on_postgresql(sql: str):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("kb", "0002_search_index")]

    operations = [
        TrigramExtension(),
        migrations.RunPython(
            _on_postgresql(
                "CREATE INDEX IF NOT EXISTS kb_article_title_trgm "
                "ON kb_article USING gin (title gin_trgm_ops)"
            ),
            _on_postgresql("DROP INDEX IF EXISTS kb_article_title_trgm"),
        ),
    ]
