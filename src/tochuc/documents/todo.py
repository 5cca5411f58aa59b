"""The registry's sections of the to-do screen (todo.registry): the reports the organizations of
the user's subtree owe past their deadline, and those due within the next days."""

from __future__ import annotations

from datetime import date, timedelta

from tochuc.core.formats import short_date
from tochuc.documents.models import ReportKind
from tochuc.documents.selectors import ReportFilter, reports_owed
from tochuc.todo.registry import Link, Row, Section, register

TODO_ROWS = 50  # rows a list shows, with its full count
SOON_DAYS = 14  # "due within 14 days"
COLUMNS = ("Văn bản yêu cầu báo cáo", "Tổ chức phải nộp", "Loại báo cáo", "Hạn nộp")


def _rows(reports, today: date) -> list[Row]:
    rows = []
    for report in reports[:TODO_ROWS]:
        request = report.request
        document = request.document
        rows.append(
            Row(
                text=document.label,
                url=f"/documents/{document.pk}/",
                cells=(
                    report.organization.name,
                    ReportKind(request.kind).label,
                    short_date(request.due_on),
                ),
                due=request.due_on,
                overdue=request.due_on < today,
            )
        )
    return rows


def _section(kind: str, title: str, reports, today: date, *, empty: str, more: Link) -> Section:
    count = reports.count()
    rows = _rows(reports, today)
    return Section(
        kind=kind,
        title=title,
        count=count,
        rows=rows,
        columns=COLUMNS,
        empty=empty,
        more_note=f"Hiện {len(rows)} báo cáo có hạn nộp sớm nhất;",
        more=more,
    )


def late_reports(actor, today: date) -> Section:
    """Reports past their deadline and not in, the oldest deadline first."""
    return _section(
        "late_reports",
        "Báo cáo quá hạn chưa nộp",
        reports_owed(actor, ReportFilter(state="late", on=today)),
        today,
        empty="Không có báo cáo nào quá hạn.",
        more=Link("xem tất cả báo cáo quá hạn", "/documents/reports/?state=late"),
    )


def reports_soon(actor, today: date) -> Section:
    """Reports due from today to SOON_DAYS days ahead, not in yet."""
    return _section(
        "reports_due",
        f"Báo cáo đến hạn nộp trong {SOON_DAYS} ngày tới",
        reports_owed(
            actor,
            ReportFilter(state="pending", on=today, due_to=today + timedelta(days=SOON_DAYS)),
        ),
        today,
        empty=f"Không có báo cáo nào đến hạn trong {SOON_DAYS} ngày tới.",
        more=Link("xem các báo cáo chưa nộp", "/documents/reports/?state=pending"),
    )


def register_all() -> None:
    """Called by DocumentsConfig.ready: after the members' sections (10-50)."""
    register(late_reports, order=60)
    register(reports_soon, order=70)
