"""On PostgreSQL: each member's place in the official order of its province (issue #7).

`members_order` (member_id, top_id, sort_key) holds, for every member, the root of its
organization's tree (a province's party committee: the first segment of the path) and its
sort key. Its index `member_top_order` (top_id, sort_key, member_id) lists one province in
official order, so any page of TP HCM's 300.000 members is one index range (page 3.000
walked the national index past 3 million entries, or sorted the province's keys: 0,4 s).

A narrow table of its own rather than a column of the members: moving a province's
organizations under another (a merger) rewrites these rows, not the wide member rows and
their fifteen indexes (a column took the merger of two provinces from 11 s to 55 s).

Django does not know the table: triggers keep it, whoever writes the members (the ORM,
COPY, an UPDATE of many rows):
- new members are added (per statement: a COPY of thousands is one INSERT ... SELECT);
- a member moved to another organization, or renamed, gets its top and key again;
- deleted members (and a TRUNCATE) leave it;
- organizations whose path changes root (a province merged into another) pass the new root
  to their members (per statement).
`tochuc stats --check` reports a member whose row is missing or stale, `tochuc stats
--rebuild` fills the table again.

SQLite (one province) has no such table: one province is the whole list there.
"""

from django.db import migrations

FORWARDS = [
    "CREATE TABLE IF NOT EXISTS members_order (member_id integer PRIMARY KEY, "
    "top_id integer NOT NULL, sort_key varchar(400) NOT NULL)",
    """
    CREATE OR REPLACE FUNCTION members_order_add() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO members_order (member_id, top_id, sort_key)
        SELECT m.id, left(o.path, 8)::integer, m.sort_key
        FROM new_members m JOIN orgs_organization o ON o.id = m.organization_id;
        RETURN NULL;
    END $$
    """,
    """
    CREATE OR REPLACE FUNCTION members_order_change() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE members_order SET sort_key = NEW.sort_key, top_id = (
            SELECT left(path, 8)::integer FROM orgs_organization WHERE id = NEW.organization_id
        ) WHERE member_id = NEW.id;
        RETURN NULL;
    END $$
    """,
    """
    CREATE OR REPLACE FUNCTION members_order_remove() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        DELETE FROM members_order WHERE member_id IN (SELECT id FROM old_members);
        RETURN NULL;
    END $$
    """,
    """
    CREATE OR REPLACE FUNCTION members_order_empty() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        TRUNCATE members_order;
        RETURN NULL;
    END $$
    """,
    """
    CREATE OR REPLACE FUNCTION members_order_reroot() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE members_order mo SET top_id = left(n.path, 8)::integer
        FROM new_orgs n JOIN old_orgs o ON o.id = n.id
        JOIN members_member m ON m.organization_id = n.id
        WHERE left(o.path, 8) <> left(n.path, 8) AND mo.member_id = m.id;
        RETURN NULL;
    END $$
    """,
    "DROP TRIGGER IF EXISTS members_order_insert ON members_member",
    "CREATE TRIGGER members_order_insert AFTER INSERT ON members_member "
    "REFERENCING NEW TABLE AS new_members FOR EACH STATEMENT "
    "EXECUTE FUNCTION members_order_add()",
    "DROP TRIGGER IF EXISTS members_order_update ON members_member",
    "CREATE TRIGGER members_order_update AFTER UPDATE OF organization_id, sort_key "
    "ON members_member FOR EACH ROW WHEN (OLD.organization_id IS DISTINCT FROM "
    "NEW.organization_id OR OLD.sort_key IS DISTINCT FROM NEW.sort_key) "
    "EXECUTE FUNCTION members_order_change()",
    "DROP TRIGGER IF EXISTS members_order_delete ON members_member",
    "CREATE TRIGGER members_order_delete AFTER DELETE ON members_member "
    "REFERENCING OLD TABLE AS old_members FOR EACH STATEMENT "
    "EXECUTE FUNCTION members_order_remove()",
    "DROP TRIGGER IF EXISTS members_order_truncate ON members_member",
    "CREATE TRIGGER members_order_truncate AFTER TRUNCATE ON members_member "
    "FOR EACH STATEMENT EXECUTE FUNCTION members_order_empty()",
    "DROP TRIGGER IF EXISTS members_order_reroot ON orgs_organization",
    "CREATE TRIGGER members_order_reroot AFTER UPDATE ON orgs_organization "
    "REFERENCING OLD TABLE AS old_orgs NEW TABLE AS new_orgs FOR EACH STATEMENT "
    "EXECUTE FUNCTION members_order_reroot()",
    # After the triggers, in the same transaction: no member is missed or added twice.
    "INSERT INTO members_order (member_id, top_id, sort_key) "
    "SELECT m.id, left(o.path, 8)::integer, m.sort_key "
    "FROM members_member m JOIN orgs_organization o ON o.id = m.organization_id "
    "ON CONFLICT DO NOTHING",
    "CREATE INDEX IF NOT EXISTS member_top_order ON members_order (top_id, sort_key, member_id)",
    "ANALYZE members_order",
]

BACKWARDS = [
    "DROP TRIGGER IF EXISTS members_order_reroot ON orgs_organization",
    "DROP TRIGGER IF EXISTS members_order_truncate ON members_member",
    "DROP TRIGGER IF EXISTS members_order_delete ON members_member",
    "DROP TRIGGER IF EXISTS members_order_update ON members_member",
    "DROP TRIGGER IF EXISTS members_order_insert ON members_member",
    "DROP FUNCTION IF EXISTS members_order_reroot()",
    "DROP FUNCTION IF EXISTS members_order_empty()",
    "DROP FUNCTION IF EXISTS members_order_remove()",
    "DROP FUNCTION IF EXISTS members_order_change()",
    "DROP FUNCTION IF EXISTS members_order_add()",
    "DROP TABLE IF EXISTS members_order",
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
    dependencies = [("members", "0017_probation_index")]
    operations = [migrations.RunPython(forwards, backwards)]
