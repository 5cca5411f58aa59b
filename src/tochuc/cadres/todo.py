"""The cadre work's sections of the to-do screen (todo.registry): the reappointments due within
the rule's notice (reappointment_notice_months) and the positions short of holders today, of
the user's subtree. Each is counted in the database and shows its first rows only.

The rows open the cadre's record (a member's page, an outside official's `/cadres/<id>/`) and
the positions page of the organization; the whole lists are the positions page with
`due=1` (the reappointments due) and `vacant=1` (the vacancies)."""

from __future__ import annotations

from datetime import date

from tochuc.cadres.selectors import reappointments_due, vacant_positions
from tochuc.core.formats import short_date
from tochuc.core.rules import rule_value
from tochuc.todo.registry import Link, Row, Section, register

TODO_ROWS = 50  # rows a section shows, with its full count
REAPPOINTMENT_COLUMNS = ("Cán bộ", "Chức vụ", "Hết thời hạn giữ chức vụ")


def reappointments(actor, today: date) -> Section:
    """Holdings whose term of office ends within the notice (or has ended), still held: the
    nearest end first."""
    months = rule_value("reappointment_notice_months", today)
    due = reappointments_due(actor, today)
    count = due.count()
    rows = [
        Row(
            text=holding.cadre.full_name,
            url=f"/members/{holding.cadre.member_id}/"
            if holding.cadre.member_id
            else f"/cadres/{holding.cadre_id}/",
            cells=(holding.position.label, short_date(holding.term_end)),
            due=holding.term_end,
            overdue=holding.term_end < today,
        )
        for holding in due[:TODO_ROWS]
    ]
    return Section(
        kind="reappointments",
        title=f"Cán bộ đến hạn xem xét bổ nhiệm lại trong {months} tháng tới",
        count=count,
        rows=rows,
        columns=REAPPOINTMENT_COLUMNS,
        empty=f"Không có cán bộ nào hết thời hạn giữ chức vụ trong {months} tháng tới.",
        more_note=f"Hiện {len(rows)} cán bộ hết thời hạn sớm nhất;",
        more=Link("xem tất cả", "/cadres/positions/?due=1"),
    )


def vacancies(actor, today: date) -> Section:
    """Positions with fewer holders than seats today, in the positions' order."""
    vacant = vacant_positions(actor, today)
    count = vacant.count()
    rows = []
    for position in vacant[:TODO_ROWS]:
        free = position.seats - position.held
        rows.append(
            Row(
                text=position.title.name,
                url=f"/cadres/positions/?organization={position.organization_id}&vacant=1",
                place=position.body.name if position.body_id else position.organization.name,
                note="chưa có người đảm nhiệm"
                if not position.held
                else f"còn thiếu {free}/{position.seats} người",
            )
        )
    return Section(
        kind="vacancies",
        title="Chức vụ còn khuyết",
        count=count,
        rows=rows,
        empty="Không có chức vụ nào còn khuyết.",
        more_note=f"Hiện {len(rows)} chức vụ đầu;",
        more=Link("xem tất cả chức vụ còn khuyết", "/cadres/positions/?vacant=1"),
    )


def register_all() -> None:
    """Called by CadresConfig.ready: after the members' (10-50) and the registry's (60-70)."""
    register(reappointments, order=80)
    register(vacancies, order=90)
