"""`tochuc documents add|list|import|decisions`: what the operator types and reads."""

from __future__ import annotations

from datetime import date

import pytest

from tests.documents.test_import import GOOD, line, xlsx
from tests.factories import make_document
from tochuc.cli import main
from tochuc.documents.models import Document
from tochuc.orgs.services.restructuring import plan_create

pytestmark = pytest.mark.django_db


def _refused(argv, capsys) -> str:
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code not in (0, None)
    return str(exit_.value.code) + capsys.readouterr().out


def test_add_with_take_number_then_a_typed_one(two_provinces, capsys):
    a, _ = two_provinces
    argv = ["documents", "add", "--type", "Nghị quyết", "--issuer", "TU", "--org", "A"]
    main([*argv, "--take-number", "--date", "2026-03-02", "--title", "Về công tác cán bộ"])
    assert "Đã vào sổ Nghị quyết số 01-NQ/TU ngày 02/03/2026" in capsys.readouterr().out
    main(
        [
            *argv[:3],
            "kh",
            *argv[4:],
            "--symbol",
            "48-KH/TU",
            "--date",
            "2008-04-28",
            "--title",
            "Thực hiện Nghị quyết 22-NQ/TW",
            "--period",
            "2008-2010",
        ]
    )
    assert "Kế hoạch số 48-KH/TU ngày 28/04/2008" in capsys.readouterr().out
    plan = Document.objects.get(symbol="48-KH/TU")
    assert (plan.period_start, plan.period_end, plan.organization) == (2008, 2010, a.province)
    main(
        [
            "documents",
            "add",
            "--type",
            "NQ",
            "--issuer",
            "TW",
            "--org",
            "A",
            "--symbol",
            "22-NQ/TW",
            "--date",
            "2008-02-02",
            "--title",
            "Về nâng cao năng lực lãnh đạo",
        ]
    )
    assert Document.objects.get(symbol="22-NQ/TW").issuer.organization is None


def test_add_refusals_say_why_and_exit_non_zero(two_provinces, capsys):
    a, _ = two_provinces
    make_document(a.staff, a.province, symbol="74-NQ/TU", issued_on=date(2016, 5, 10))
    base = ["documents", "add", "--type", "NQ", "--issuer", "TU", "--org", "A", "--title", "X"]
    assert "74-NQ/TU đã dùng" in _refused(
        [*base, "--symbol", "74-nq/tu", "--date", "2016-06-01"], capsys
    )
    assert "--take-number" in _refused(base, capsys)
    assert "Không có loại văn bản «Thư»" in _refused(
        ["documents", "add", "--type", "Thư", "--issuer", "TU", "--title", "X", "--take-number"],
        capsys,
    )
    assert "Không có cơ quan ban hành «ZZ»" in _refused(
        [*base[:4], "--issuer", "ZZ", *base[6:], "--take-number"], capsys
    )
    assert "YYYY-MM-DD" in _refused([*base, "--take-number", "--date", "2/3/2026"], capsys)
    assert "giai đoạn" in _refused([*base, "--take-number", "--period", "sau"], capsys).lower()
    assert "Không tìm thấy tổ chức «Z»" in _refused(
        [*base[:6], "--org", "Z", "--title", "X", "--take-number"], capsys
    )
    assert Document.objects.count() == 1


def test_list_prints_a_table_with_the_filters(two_provinces, capsys):
    a, b = two_provinces
    make_document(a.staff, a.province, title="Về công tác phát triển đảng viên")
    make_document(a.staff, a.commune, type_name="Kế hoạch", title="Kế hoạch của xã")
    make_document(b.staff, b.province, title="Văn bản của Lạng Sơn")
    main(["documents", "list"])
    out = capsys.readouterr().out
    assert out.splitlines()[0].startswith("Số, ký hiệu")
    assert "01-NQ/TU" in out and "01-KH/ĐU" in out and "3 văn bản." in out
    main(["documents", "list", "phat trien", "--org", "A"])
    out = capsys.readouterr().out
    assert "phát triển đảng viên" in out and "1 văn bản." in out
    main(["documents", "list", "--type", "KH", "--issuer", "ĐU"])
    assert "Kế hoạch của xã" in capsys.readouterr().out
    main(["documents", "list", "--limit", "1"])
    assert "1 văn bản (còn nữa" in capsys.readouterr().out
    assert "Trạng thái «x» không có" in _refused(["documents", "list", "--status", "x"], capsys)


def test_import_dry_run_then_import(two_provinces, tmp_path, capsys):
    a, _ = two_provinces
    path = tmp_path / "so.xlsx"
    path.write_bytes(xlsx(GOOD))
    main(["documents", "import", str(path), "--org", "A", "--dry-run"])
    out = capsys.readouterr().out
    assert "Bỏ qua các cột: «STT»" in out and "Dòng 3: Nghị quyết số 74-NQ/TU" in out
    assert "5 văn bản sẽ được vào sổ" in out and not Document.objects.exists()
    main(["documents", "import", str(path), "--org", "A"])
    assert "Đã vào sổ 5 văn bản." in capsys.readouterr().out
    assert Document.objects.count() == 5
    again = _refused(["documents", "import", str(path), "--org", "A"], capsys)
    assert "Dòng 3, cột «Số, ký hiệu»: Số 74-NQ/TU đã dùng" in again
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(xlsx([line(1, "9-NQ/TU", "X", on="31/02/2016")]))
    assert "Dòng 3, cột «Ngày ban hành»" in _refused(
        ["documents", "import", str(bad), "--org", "A"], capsys
    )
    assert "Không có tệp" in _refused(["documents", "import", "nope.xlsx", "--org", "A"], capsys)
    assert Document.objects.count() == 5


def test_decisions_read_the_plans_against_the_registry(two_provinces, capsys):
    a, _ = two_provinces
    make_document(
        a.staff, a.province, type_name="Quyết định", symbol="15-QĐ/TU", issued_on=date(2026, 6, 1)
    )
    for title, symbol in (("Sáp nhập chi bộ", "Số 15 - QĐ/TU"), ("Giải thể", "9-QĐ/TU")):
        plan_create(
            actor=a.staff,
            organization=a.province,
            title=title,
            effective_date=date(2026, 7, 1),
            decision_symbol=symbol,
        )
    main(["documents", "decisions"])
    out = capsys.readouterr().out
    assert "có trong sổ" in out and "→ Quyết định số 15-QĐ/TU ngày 01/06/2026" in out
    assert "chưa có sổ    Giải thể" in out
    assert "2 phương án: 1 có quyết định trong sổ văn bản, 1 chưa có" in out
