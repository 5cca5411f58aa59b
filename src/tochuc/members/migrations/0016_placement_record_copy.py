"""Placements carry a copy of what the member's record counts under (issue #7).

A count at a past date read the placements of that day joined with 6 million member records
for birth year, gender, ethnicity, religion, Youth Union, levels and occupation: 14 s for the
whole country on PostgreSQL, most of it reading the 2.3 GB member table and sorting on disk.
Each placement now holds those values (members.counters.placement_copy, small codes), kept by
placements_refresh in the same transaction as every change, and `placement_org` covers them.

The fill is one UPDATE (a minute or two on 6 million placements). Not atomic, so that on
PostgreSQL the table is compacted after it (VACUUM FULL: the UPDATE left a dead version of
every row) and the new indexes are built from the live rows only, then VACUUM ANALYZE sets
the visibility map the index-only scans need. Should it stop midway, the columns are there:
run the UPDATE of `fill` and the rest by hand.
"""

from datetime import date

from django.db import migrations, models

# members.counters.CODES as of this migration (append only there, so these stay true).
CODES = {
    "gender": ["male", "female"],
    "education_level": ["", "so_cap", "trung_cap", "cao_dang", "dai_hoc", "thac_si", "tien_si"],
    "theory_level": ["", "so_cap", "trung_cap", "cao_cap", "cu_nhan"],
    "occupation_group": [
        "can_bo",
        "vu_trang",
        "cong_nhan",
        "nong_dan",
        "kinh_doanh",
        "hoc_sinh",
        "huu_tri",
        "khac",
    ],
}
CODED = {
    "gender_code": "gender",
    "education_code": "education_level",
    "theory_code": "theory_level",
    "occupation_code": "occupation_group",
}


def fill(apps, schema_editor):
    def code(field):
        whens = " ".join(f"WHEN '{v}' THEN {i}" for i, v in enumerate(CODES[field]))
        return f"CASE m.{field} {whens} END"

    if schema_editor.connection.vendor == "postgresql":
        year = "CAST(EXTRACT(YEAR FROM m.birth_date) AS integer)"
    else:
        year = "CAST(substr(m.birth_date, 1, 4) AS integer)"
    columns = {
        "birth_year": year,
        **{column: code(field) for column, field in CODED.items()},
        "majority": "m.ethnicity = 'Kinh'",
        "religious": "m.religion <> 'Không'",
        "youth_union": "m.youth_union",
        "admission_date": "m.admission_date",
    }
    sets = ", ".join(f"{column} = {sql}" for column, sql in columns.items())
    schema_editor.execute(
        f"UPDATE members_placement AS p SET {sets} FROM members_member AS m "
        "WHERE m.id = p.member_id"
    )


def compact(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("VACUUM FULL members_placement")


def analyze(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("VACUUM ANALYZE members_placement")


def _field(name, field):
    return migrations.AddField(model_name="placement", name=name, field=field)


def _placeholder(name, field, default):
    # Filled by `fill` below; the default only stands in while the column is added.
    field.default = default
    return migrations.AddField(
        model_name="placement", name=name, field=field, preserve_default=False
    )


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("members", "0015_search_prefix")]

    operations = [
        _placeholder("birth_year", models.PositiveSmallIntegerField(), 0),
        _field("gender_code", models.PositiveSmallIntegerField(null=True)),
        _placeholder("majority", models.BooleanField(), True),
        _placeholder("religious", models.BooleanField(), False),
        _placeholder("youth_union", models.BooleanField(), False),
        _field("education_code", models.PositiveSmallIntegerField(null=True)),
        _field("theory_code", models.PositiveSmallIntegerField(null=True)),
        _field("occupation_code", models.PositiveSmallIntegerField(null=True)),
        _placeholder("admission_date", models.DateField(), date(1930, 2, 3)),
        migrations.RemoveIndex(model_name="placement", name="placement_org"),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.RunPython(compact, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="placement",
            index=models.Index(
                fields=["organization", "start_date", "end_date", "state"],
                include=[
                    "official_from",
                    "birth_year",
                    "gender_code",
                    "majority",
                    "religious",
                    "youth_union",
                    "education_code",
                    "theory_code",
                    "occupation_code",
                ],
                name="placement_org",
            ),
        ),
        migrations.AddIndex(
            model_name="placement",
            index=models.Index(
                fields=["admission_date"],
                include=[
                    "organization",
                    "start_date",
                    "end_date",
                    "gender_code",
                    "majority",
                    "religious",
                    "youth_union",
                ],
                name="placement_admitted",
            ),
        ),
        migrations.RunPython(analyze, migrations.RunPython.noop),
    ]
