"""`tochuc cadres moves`: the moves of a period read from the command line."""

from __future__ import annotations

from datetime import date

import pytest

from tests.factories import make_document
from tochuc.cadres.services import cadre_create, cadre_move
from tochuc.cli import main

pytestmark = pytest.mark.django_db


def test_the_moves_of_a_period(two_provinces, capsys):
    a, _ = two_provinces
    cadre = cadre_create(
        actor=a.staff,
        organization=a.province,
        full_name="Đinh Văn Đi",
        birth_date=date(1978, 4, 2),
        gender="male",
    )
    decision = make_document(a.staff, a.province, type_name="Quyết định", title="Về luân chuyển")
    cadre_move(
        actor=a.staff,
        cadre=cadre,
        kind="rotation",
        to=a.commune,
        on=date(2026, 1, 5),
        planned_return=date(2028, 1, 5),
        decision=decision,
    )
    main(["cadres", "moves", "A", "--kind", "rotation", "--from", "2026-01-01"])
    out = capsys.readouterr().out
    assert f"05/01/2026 Đinh Văn Đi: Luân chuyển — {a.commune.name} ({decision.symbol})" in out
    assert out.strip().endswith("1 trường hợp.")
    main(["cadres", "moves", "A", "--to", "2025-12-31"])
    assert capsys.readouterr().out.strip() == "0 trường hợp."
    with pytest.raises(SystemExit) as exit_:
        main(["cadres", "moves", "A", "--kind", "luan_chuyen"])
    assert "Không có loại «luan_chuyen»" in str(exit_.value.code)
