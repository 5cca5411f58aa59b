"""The programmes of the political schools and the bồi dưỡng courses (issue #20), editable."""

from django.db import migrations

PROGRAMMES = [
    # name, kind, theory level given, days, for candidates
    ("Cao cấp lý luận chính trị", "training", "cao_cap", 240, False),
    ("Trung cấp lý luận chính trị - hành chính", "training", "trung_cap", 180, False),
    ("Sơ cấp lý luận chính trị", "training", "so_cap", 60, False),
    ("Bồi dưỡng lý luận chính trị cho đảng viên mới", "fostering", "", 7, False),
    ("Bồi dưỡng nhận thức về Đảng", "fostering", "", 5, True),
    ("Bồi dưỡng cấp ủy viên", "fostering", "", 5, False),
    ("Bồi dưỡng theo chức danh lãnh đạo, quản lý", "fostering", "", 10, False),
    ("Bồi dưỡng nghiệp vụ công tác đảng", "fostering", "", 5, False),
    ("Bồi dưỡng nghiệp vụ công tác đoàn thể", "fostering", "", 5, False),
]


def forwards(apps, schema_editor):
    Programme = apps.get_model("training", "Programme")
    for order, (name, kind, level, days, candidates) in enumerate(PROGRAMMES, start=1):
        Programme.objects.get_or_create(
            name=name,
            defaults={
                "kind": kind,
                "theory_level": level,
                "length_days": days,
                "for_candidates": candidates,
                "order": order * 10,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("training", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
