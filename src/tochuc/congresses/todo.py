"""The congress season's section of the to-do screen (todo.registry): the congresses of the
user's subtree (below their own organization: the level above follows them) whose planned
window is over and which are not held, for the term whose season has begun, the longest
overdue first. Counted in the database, its first rows shown; the whole list is the season
page's «Chậm so với kế hoạch»."""

from __future__ import annotations

from datetime import date

from tochuc.congresses.figures import season_term
from tochuc.congresses.models import Congress
from tochuc.congresses.selectors import status_q
from tochuc.core.formats import short_date
from tochuc.core.scope import scope_path, subtree_q
from tochuc.todo.registry import Link, Row, Section, register

TODO_ROWS = 50
COLUMNS = ("Tổ chức", "Dự kiến đến ngày", "Hình thức")


def late_congresses(actor, today: date) -> Section:
    term = season_term(today)
    late = Congress.objects.none()
    if term is not None:
        late = (
            Congress.objects.filter(
                subtree_q(actor, field="organization__path"),
                status_q(Congress.Status.LATE, today),
                term=term,
            )
            .select_related("organization")
            .order_by("window_end", "organization__path")
        )
        own = scope_path(actor)
        if own:  # the user's own organization's congress is not the level above's to follow
            late = late.exclude(organization__path=own)
    count = late.count()
    rows = [
        Row(
            text=c.organization.name,
            url=f"/congresses/{c.pk}/",
            cells=(short_date(c.window_end), c.get_kind_display()),
            due=c.window_end,
            overdue=True,
        )
        for c in late[:TODO_ROWS]
    ]
    name = term.name if term else ""
    return Section(
        kind="late_congresses",
        title=f"Đại hội nhiệm kỳ {name} chậm so với kế hoạch" if term else "Đại hội chậm",
        count=count,
        rows=rows,
        columns=COLUMNS,
        empty="Không có đại hội nào chậm so với kế hoạch.",
        more_note=f"Hiện {len(rows)} đại hội chậm lâu nhất;",
        more=Link(
            "xem tất cả", f"/congresses/?status=late&term={term.pk}" if term else "/congresses/"
        ),
    )


def register_all() -> None:
    """Called by CongressesConfig.ready: after the cadres' (80-90)."""
    register(late_congresses, order=100)
