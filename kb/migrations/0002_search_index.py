"""Weighted full-text index on PostgreSQL (title A, summary B, body C); SQLite
searches with LIKE. The expression matches kb.selectors.search_vector()."""

from django.db import migrations

INDEX = "kb_article_fts"
EXPRESSION = (
    "(setweight(to_tsvector('english'::regconfig, COALESCE(title, '')), 'A') || "
    "setweight(to_tsvector('english'::regconfig, COALESCE(summary, '')), 'B') || "
    "setweight(to_tsvector('english'::regconfig, COALESCE(body_text, '')), 'C'))"
)


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON kb_article USING gin ({EXPRESSION})"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("kb", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
