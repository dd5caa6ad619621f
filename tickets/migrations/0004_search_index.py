"""Full-text search index, on PostgreSQL only (SQLite searches with LIKE).

The expression matches what ``SearchVector("search_document",
config="english")`` compiles to, so that the planner uses the index.
"""

from django.db import migrations

INDEX = "ticket_search_document_fts"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON tickets_ticket USING gin "
            "(to_tsvector('english'::regconfig, COALESCE(search_document, '')))"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("tickets", "0003_agent_workspace")]

    operations = [migrations.RunPython(create, drop)]
