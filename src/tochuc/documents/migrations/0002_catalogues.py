"""The catalogues the registry starts with (editable afterwards in the admin): the types of
Hướng dẫn 36-HD/VPTW with their codes, the central bodies outside the tree, the committees'
terms; and on PostgreSQL a trigram index for the search of titles."""

from datetime import date

from django.db import migrations

TYPES = [
    ("Nghị quyết", "NQ"),
    ("Quyết định", "QĐ"),
    ("Quy định", "QĐ"),
    ("Chỉ thị", "CT"),
    ("Kết luận", "KL"),
    ("Quy chế", "QC"),
    ("Hướng dẫn", "HD"),
    ("Kế hoạch", "KH"),
    ("Đề án", "ĐA"),
    ("Chương trình", "CTr"),
    ("Thông báo", "TB"),
    ("Thông tri", "TT"),
    ("Báo cáo", "BC"),
    ("Tờ trình", "TTr"),
    ("Biên bản", "BB"),
    ("Công văn", "CV"),
    ("Bản sao", "BS"),
]
OUTSIDE = [
    ("TW", "Ban Chấp hành Trung ương (Bộ Chính trị, Ban Bí thư)"),
    ("VPTW", "Văn phòng Trung ương Đảng"),
    ("BTCTW", "Ban Tổ chức Trung ương"),
    ("UBKTTW", "Ủy ban Kiểm tra Trung ương"),
    ("TCTW", "Ban Tổ chức Trung ương (ký hiệu cũ)"),
]
TERMS = [(y, y + 5) for y in range(2000, 2030, 5)]


def forwards(apps, schema_editor):
    DocumentType = apps.get_model("documents", "DocumentType")
    Issuer = apps.get_model("documents", "Issuer")
    Term = apps.get_model("orgs", "Term")
    for order, (name, code) in enumerate(TYPES, 1):
        DocumentType.objects.get_or_create(name=name, defaults={"code": code, "order": order})
    for order, (code, name) in enumerate(OUTSIDE, 1):
        Issuer.objects.get_or_create(
            code=code, organization=None, defaults={"name": name, "order": order}
        )
    for start, end in TERMS:
        Term.objects.get_or_create(
            name=f"{start}–{end}",
            defaults={"start_year": start, "end_year": end, "starts_on": date(start, 10, 1)},
        )
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS document_search_trgm ON documents_document "
            "USING gin (search_key gin_trgm_ops)"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS document_search_trgm")


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_initial"), ("orgs", "0004_term")]
    operations = [migrations.RunPython(forwards, backwards)]
