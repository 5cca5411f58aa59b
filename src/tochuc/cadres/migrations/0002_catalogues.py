"""The catalogues the cadre work starts with (editable afterwards in the admin): position
titles with their seat on a committee and the levels they require (*unconfirmed* defaults),
the management levels, the purposes of political-standard clearance seen in seed 001."""

from django.db import migrations

TITLES = [
    # name, committee role, theory level required, education level required
    ("Bí thư", "secretary", "cao_cap", "dai_hoc"),
    ("Phó Bí thư", "deputy", "cao_cap", "dai_hoc"),
    ("Ủy viên Ban Thường vụ", "standing", "cao_cap", "dai_hoc"),
    ("Cấp ủy viên", "member", "trung_cap", "dai_hoc"),
    ("Chủ nhiệm Ủy ban Kiểm tra", "", "cao_cap", "dai_hoc"),
    ("Trưởng Ban Tổ chức", "", "cao_cap", "dai_hoc"),
    ("Phó Trưởng Ban Tổ chức", "", "cao_cap", "dai_hoc"),
    ("Chánh Văn phòng", "", "cao_cap", "dai_hoc"),
    ("Chủ tịch Hội đồng nhân dân", "", "cao_cap", "dai_hoc"),
    ("Phó Chủ tịch Hội đồng nhân dân", "", "trung_cap", "dai_hoc"),
    ("Chủ tịch Ủy ban nhân dân", "", "cao_cap", "dai_hoc"),
    ("Phó Chủ tịch Ủy ban nhân dân", "", "trung_cap", "dai_hoc"),
    ("Chủ tịch Ủy ban Mặt trận Tổ quốc", "", "trung_cap", "dai_hoc"),
    ("Giám đốc sở", "", "cao_cap", "dai_hoc"),
    ("Phó Giám đốc sở", "", "cao_cap", "dai_hoc"),
    ("Trưởng phòng", "", "trung_cap", "dai_hoc"),
    ("Phó Trưởng phòng", "", "trung_cap", "dai_hoc"),
]
LEVELS = [
    "Diện Bộ Chính trị, Ban Bí thư quản lý",
    "Diện Ban Thường vụ Tỉnh ủy quản lý",
    "Diện Ban Thường vụ Đảng ủy cấp trên cơ sở quản lý",
    "Diện cấp ủy cơ sở quản lý",
]
PURPOSES = [
    "Nhân sự đại hội",
    "Quy hoạch cấp ủy",
    "Bổ nhiệm cán bộ và kết nạp Đảng",
    "Thuyên chuyển cán bộ",
    "Hiệp y bổ nhiệm cán bộ",
    "Quy hoạch phục vụ bổ nhiệm cán bộ",
    "Đi nước ngoài",
]


def forwards(apps, schema_editor):
    PositionTitle = apps.get_model("cadres", "PositionTitle")
    ManagementLevel = apps.get_model("cadres", "ManagementLevel")
    ClearancePurpose = apps.get_model("cadres", "ClearancePurpose")
    for order, (name, role, theory, education) in enumerate(TITLES, 1):
        PositionTitle.objects.get_or_create(
            name=name,
            defaults={
                "committee_role": role,
                "theory_level": theory,
                "education_level": education,
                "order": order,
            },
        )
    for order, name in enumerate(LEVELS, 1):
        ManagementLevel.objects.get_or_create(name=name, defaults={"order": order})
    for order, name in enumerate(PURPOSES, 1):
        ClearancePurpose.objects.get_or_create(name=name, defaults={"order": order})


class Migration(migrations.Migration):
    dependencies = [("cadres", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
