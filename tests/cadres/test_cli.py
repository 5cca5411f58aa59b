"""`tochuc cadres ...`: what the operator types and reads."""

from __future__ import annotations

import pytest

from tochuc.cli import main

pytestmark = pytest.mark.django_db


def test_the_tables_read_from_the_command_line(office, capsys):
    main(["cadres", "planning", "A-X1", "--term", "2025-2030", "--on", "2025-10-01"])
    out = capsys.readouterr().out
    assert "Bí thư — Đảng bộ xã Một Cao Bằng — đang giữ: Hà Văn Giữ" in out
    assert "Lục Thị Trẻ (37 tuổi đầu nhiệm kỳ)" in out
    assert "1 người quy hoạch, chưa đủ 2" in out
    assert "2 chức vụ, 1 lượt quy hoạch (2025–2030)." in out

    main(["cadres", "reelection", "A-X1", "--term", "2020-2025", "--congress", "2025-10-01"])
    out = capsys.readouterr().out
    assert "Hà Văn Giữ — Bí thư, Đảng bộ xã Một Cao Bằng: còn 2 năm công tác" in out
    assert "1 cán bộ không đủ điều kiện tái cử (tuổi), nhiệm kỳ 2020–2025." in out

    main(["cadres", "profile", "A-X1", "--on", "2026-01-01"])
    out = capsys.readouterr().out
    assert "Đảng bộ xã Một Cao Bằng: 2 cán bộ." in out and "1 thạc sĩ" in out

    main(["cadres", "vacancies", "A-X1", "--on", "2026-01-01"])
    assert "Phó Bí thư — Đảng bộ xã Một Cao Bằng: thiếu 2" in capsys.readouterr().out

    main(["cadres", "clearance", "A-X1", "--from", "2025-01-01", "--to", "2025-12-31"])
    assert capsys.readouterr().out.strip() == (
        "Kết luận tiêu chuẩn chính trị 1 trường hợp. Trong đó, có 1 trường hợp nhân sự đại hội."
    )


def test_an_unknown_term_is_refused_naming_the_terms(office, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["cadres", "planning", "A-X1", "--term", "2031-2036"])
    assert "Không có nhiệm kỳ «2031-2036»: chọn một trong 2000–2005" in str(exit_.value.code)
