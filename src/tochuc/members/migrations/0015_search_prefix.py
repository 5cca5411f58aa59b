"""On PostgreSQL: name search over millions of members (issue #7).

- `members_search_key`: every distinct search key (accent-free full name) of a member, kept
  by triggers: about 200,000 keys for 6 million members. A substring ("van an", "tran thi")
  is matched against these keys (trigram index, a few ms) instead of against every member's
  row (the trigram index on members_member: 150 ms for a common name, whatever the count).
- `member_search_sorted` (search_key, sort_key, id) INCLUDE (organization_id): the members of
  the matching keys, each key's in official order, from the index alone: counting them, and
  the first page of each key merged (members.selectors).

Keys are only ever added (a renamed member leaves its old key behind, which then matches
nobody). After loading members with the triggers disabled (pg_restore --disable-triggers),
refill it: INSERT INTO members_search_key SELECT DISTINCT search_key FROM members_member
ON CONFLICT DO NOTHING.

SQLite (one province) keeps scanning the `member_search` index, fast enough there.
Not atomic: the index is built CONCURRENTLY, members stay writable during the build.
"""

from django.db import migrations

FORWARDS = [
    "CREATE TABLE IF NOT EXISTS members_search_key (search_key varchar(128) PRIMARY KEY)",
    # Statement-level on INSERT: a COPY or bulk insert adds its distinct keys in one go,
    # in key order (two imports adding the same new keys cannot deadlock).
    """
    CREATE OR REPLACE FUNCTION members_search_key_add() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO members_search_key (search_key)
        SELECT DISTINCT search_key FROM new_members ORDER BY search_key
        ON CONFLICT DO NOTHING;
        RETURN NULL;
    END $$
    """,
    """
    CREATE OR REPLACE FUNCTION members_search_key_rename() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO members_search_key (search_key) VALUES (NEW.search_key)
        ON CONFLICT DO NOTHING;
        RETURN NULL;
    END $$
    """,
    "DROP TRIGGER IF EXISTS members_search_key_insert ON members_member",
    "CREATE TRIGGER members_search_key_insert AFTER INSERT ON members_member "
    "REFERENCING NEW TABLE AS new_members FOR EACH STATEMENT "
    "EXECUTE FUNCTION members_search_key_add()",
    "DROP TRIGGER IF EXISTS members_search_key_update ON members_member",
    "CREATE TRIGGER members_search_key_update AFTER UPDATE OF search_key ON members_member "
    "FOR EACH ROW WHEN (OLD.search_key IS DISTINCT FROM NEW.search_key) "
    "EXECUTE FUNCTION members_search_key_rename()",
    # After the triggers: a member added meanwhile is in either the triggers or this.
    "INSERT INTO members_search_key (search_key) "
    "SELECT DISTINCT search_key FROM members_member ON CONFLICT DO NOTHING",
    "CREATE INDEX IF NOT EXISTS members_search_key_trgm ON members_search_key "
    "USING gin (search_key gin_trgm_ops)",
    "ANALYZE members_search_key",
    "CREATE INDEX CONCURRENTLY IF NOT EXISTS member_search_sorted ON members_member "
    "(search_key, sort_key, id) INCLUDE (organization_id)",
]

BACKWARDS = [
    "DROP INDEX CONCURRENTLY IF EXISTS member_search_sorted",
    "DROP TRIGGER IF EXISTS members_search_key_insert ON members_member",
    "DROP TRIGGER IF EXISTS members_search_key_update ON members_member",
    "DROP FUNCTION IF EXISTS members_search_key_add()",
    "DROP FUNCTION IF EXISTS members_search_key_rename()",
    "DROP TABLE IF EXISTS members_search_key",
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
    dependencies = [("members", "0014_admission_index_covering")]
    operations = [migrations.RunPython(forwards, backwards)]
