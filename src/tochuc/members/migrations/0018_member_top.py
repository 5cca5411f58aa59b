"""On PostgreSQL: each member carries the top of its tree (issue #7).

`members_member.top_id` is the root organization of the member's organization (a province's
party committee): the first segment of its path. `member_top_order` (top_id, sort_key, id)
lists one province in official order from the index alone, so any page of TP HCM's 300.000
members is an index range (page 3.000 walked the national index past 3 million entries, or
sorted the province's 300.000 keys: 0,4 s).

Django does not know the column: triggers keep it, whoever writes the row (the ORM, COPY,
an UPDATE of many rows):
- a new member gets it from its organization;
- a member moved to another organization gets it again;
- an organization whose path changes root (a province merged into another) passes the new
  root to its members.
`tochuc stats --check` reports a member whose top differs from its organization's root;
`tochuc stats --rebuild` sets it again.

SQLite (one province) has no such column: one province is the whole list there.
Not atomic: the index is built CONCURRENTLY, members stay writable during the build.
"""

from django.db import migrations

FORWARDS = [
    "ALTER TABLE members_member ADD COLUMN IF NOT EXISTS top_id integer",
    """
    CREATE OR REPLACE FUNCTION members_member_top() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        NEW.top_id := (
            SELECT left(path, 8)::integer FROM orgs_organization WHERE id = NEW.organization_id
        );
        RETURN NEW;
    END $$
    """,
    """
    CREATE OR REPLACE FUNCTION orgs_organization_top() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE members_member SET top_id = left(NEW.path, 8)::integer
        WHERE organization_id = NEW.id;
        RETURN NULL;
    END $$
    """,
    "DROP TRIGGER IF EXISTS members_member_top_insert ON members_member",
    "CREATE TRIGGER members_member_top_insert BEFORE INSERT ON members_member "
    "FOR EACH ROW EXECUTE FUNCTION members_member_top()",
    "DROP TRIGGER IF EXISTS members_member_top_move ON members_member",
    "CREATE TRIGGER members_member_top_move BEFORE UPDATE OF organization_id ON members_member "
    "FOR EACH ROW WHEN (OLD.organization_id IS DISTINCT FROM NEW.organization_id) "
    "EXECUTE FUNCTION members_member_top()",
    "DROP TRIGGER IF EXISTS orgs_organization_top ON orgs_organization",
    "CREATE TRIGGER orgs_organization_top AFTER UPDATE OF path ON orgs_organization "
    "FOR EACH ROW WHEN (left(OLD.path, 8) IS DISTINCT FROM left(NEW.path, 8)) "
    "EXECUTE FUNCTION orgs_organization_top()",
    # After the triggers: a member added meanwhile is in either the triggers or this.
    "UPDATE members_member m SET top_id = left(o.path, 8)::integer FROM orgs_organization o "
    "WHERE o.id = m.organization_id AND m.top_id IS DISTINCT FROM left(o.path, 8)::integer",
    "CREATE INDEX CONCURRENTLY IF NOT EXISTS member_top_order ON members_member "
    "(top_id, sort_key, id) INCLUDE (organization_id, status, gender, birth_date)",
]

BACKWARDS = [
    "DROP INDEX CONCURRENTLY IF EXISTS member_top_order",
    "DROP TRIGGER IF EXISTS orgs_organization_top ON orgs_organization",
    "DROP TRIGGER IF EXISTS members_member_top_move ON members_member",
    "DROP TRIGGER IF EXISTS members_member_top_insert ON members_member",
    "DROP FUNCTION IF EXISTS orgs_organization_top()",
    "DROP FUNCTION IF EXISTS members_member_top()",
    "ALTER TABLE members_member DROP COLUMN IF EXISTS top_id",
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for sql in FORWARDS:
        schema_editor.execute(sql)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for sql in BACKWARDS:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("members", "0017_probation_index")]
    operations = [migrations.RunPython(forwards, backwards)]
