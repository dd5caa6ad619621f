"""A stored, indexed tsvector for the agents' search (PostgreSQL only;
SQLite searches with LIKE).

Computing ``to_tsvector`` at query time let the planner walk the deadline
index and recompute it on every open ticket when a term was rare: 17 s at a
million tickets. The stored column has statistics, so a rare term is found
through the GIN index and a common one filters cheaply.

The column is kept by triggers, not by Django (it is not a model field): a
ticket saved whole never writes it back, and only a change of the search
document recomputes it. Adding it to a large table rewrites every row once.
"""

from django.db import migrations

OLD_INDEX = "ticket_search_document_fts"

CREATE = """
ALTER TABLE tickets_ticket ADD COLUMN IF NOT EXISTS search_vector tsvector;
-- More of the vocabulary in the statistics: a rare word is then known to be
-- rare, and found through the index.
ALTER TABLE tickets_ticket ALTER COLUMN search_vector SET STATISTICS 1000;
CREATE OR REPLACE FUNCTION tickets_ticket_search_vector() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_vector := to_tsvector('english'::regconfig,
                                     COALESCE(NEW.search_document, ''));
    RETURN NEW;
END
$$;
CREATE TRIGGER tickets_ticket_search_vector_insert
    BEFORE INSERT ON tickets_ticket
    FOR EACH ROW EXECUTE FUNCTION tickets_ticket_search_vector();
CREATE TRIGGER tickets_ticket_search_vector_update
    BEFORE UPDATE OF search_document ON tickets_ticket
    FOR EACH ROW
    WHEN (OLD.search_document IS DISTINCT FROM NEW.search_document)
    EXECUTE FUNCTION tickets_ticket_search_vector();
UPDATE tickets_ticket
    SET search_vector = to_tsvector('english'::regconfig,
                                    COALESCE(search_document, ''));
CREATE INDEX IF NOT EXISTS ticket_search_vector ON tickets_ticket
    USING gin (search_vector);
"""

DROP = """
DROP INDEX IF EXISTS ticket_search_vector;
DROP TRIGGER IF EXISTS tickets_ticket_search_vector_update ON tickets_ticket;
DROP TRIGGER IF EXISTS tickets_ticket_search_vector_insert ON tickets_ticket;
DROP FUNCTION IF EXISTS tickets_ticket_search_vector();
ALTER TABLE tickets_ticket DROP COLUMN IF EXISTS search_vector;
"""

OLD = (
    f"CREATE INDEX IF NOT EXISTS {OLD_INDEX} ON tickets_ticket USING gin "
    "(to_tsvector('english'::regconfig, COALESCE(search_document, '')))"
)


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)
        schema_editor.execute(f"DROP INDEX IF EXISTS {OLD_INDEX}")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(OLD)
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("tickets", "0011_inbound_mail")]

    operations = [migrations.RunPython(create, drop)]
