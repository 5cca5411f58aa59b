"""The figures as people read them: the report's opening written from the data, the Word/PDF
report in the Party's document format, the Excel workbook of the tables, and the JSON."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from tochuc.core.excel import Formula, cells
from tochuc.core.formats import long_date, number, percent
from tochuc.orgs.models import Organization
from tochuc.reports.documents import ReportDocument
from tochuc.reports.documents import Table as DocTable
from tochuc.reports.selectors import Cell, Figures, Table, report_tables

COMMITTEES = {"upper", "grassroots_committee", "sub_committee"}
BRANCHES = {"grassroots_branch", "branch"}


def cell_text(cell: Cell) -> str:
    return "" if cell.value is None else number(cell.value, cell.decimals)


def _whole(f: Figures) -> str:
    if f.organization is None:
        return "cả nước"
    return "toàn Chi bộ" if f.kind in BRANCHES else "toàn Đảng bộ"


def opening(f: Figures) -> str:
    """'Đảng bộ tỉnh Cao Bằng có 22 đảng bộ trực thuộc với 803 tổ chức cơ sở đảng (406 đảng bộ
    cơ sở và 397 chi bộ cơ sở); toàn Đảng bộ có 74.600 đảng viên, trong đó ...'"""
    kinds, n = f.total.kinds, f.total.n
    subject = "Toàn Đảng" if f.organization is None else f.name
    head = []
    provinces = sum(1 for r in f.rows if r.kind == "province")
    committees = sum(1 for r in f.rows if r.kind in COMMITTEES)
    # A commune's chi bộ thôn are chi bộ cơ sở (grassroots); "chi bộ trực thuộc" is the
    # branch under a đảng bộ cơ sở or bộ phận.
    grassroots_branches = sum(1 for r in f.rows if r.kind == "grassroots_branch")
    branches = sum(1 for r in f.rows if r.kind == "branch")
    if provinces:
        head.append(f"{number(provinces)} đảng bộ tỉnh, thành phố")
    if committees:
        head.append(f"{number(committees)} đảng bộ trực thuộc")
    if grassroots_branches:
        head.append(f"{number(grassroots_branches)} chi bộ cơ sở")
    if branches:
        head.append(f"{number(branches)} chi bộ trực thuộc")
    total = n("member", "total")
    if head:
        text = f"{subject} có {' và '.join(head)}"
        grassroots = kinds["grassroots_committee"] + kinds["grassroots_branch"]
        if grassroots and f.kind in ("", "province", "upper"):
            text += (
                f" với {number(grassroots)} tổ chức cơ sở đảng "
                f"({number(kinds['grassroots_committee'])} đảng bộ cơ sở và "
                f"{number(kinds['grassroots_branch'])} chi bộ cơ sở)"
            )
        text += f"; {_whole(f)} có {number(total)} đảng viên"
    else:
        text = f"{subject} có {number(total)} đảng viên"
    if not total:
        return text + "."
    parts = [
        (n("status", "official"), "đảng viên chính thức", False),
        (n("status", "probationary"), "đảng viên dự bị", False),
        (n("gender", "female"), "đảng viên nữ", True),
        (n("ethnicity", "minority"), "đảng viên người dân tộc thiểu số", True),
        (n("religion", "religious"), "đảng viên có đạo", True),
        (n("youth_union", "yes"), "đảng viên là đoàn viên Thanh niên", True),
        (n("state", "exempted"), "đảng viên được miễn công tác và sinh hoạt đảng", True),
    ]
    said = [
        f"{number(k)} {what}" + (f" ({percent(k, total)})" if share else "")
        for k, what, share in parts
        if k
    ]
    return text + ", trong đó " + ", ".join(said) + "."


def admissions(f: Figures) -> str:
    got = f.total.admitted
    done = got[("member", "total")]
    text = (
        f"Từ ngày 01/01/{f.on.year} đến ngày {f.on:%d/%m/%Y}, kết nạp được {number(done)} đảng viên"
    )
    if f.target:
        text += f" (đạt {percent(done, f.target)} chỉ tiêu {number(f.target)} đảng viên của năm)"
    cuts = [
        (got[("gender", "female")], "nữ"),
        (got[("ethnicity", "minority")], "người dân tộc thiểu số"),
        (got[("religion", "religious")], "có đạo"),
        (got[("youth_union", "yes")], "đoàn viên Thanh niên"),
    ]
    said = [f"{number(k)} {what}" for k, what in cuts if k]
    return text + (", trong đó " + ", ".join(said) if said else "") + "."


_BREAKDOWNS = {
    "do-tuoi": "Về độ tuổi",
    "chuyen-mon": "Về trình độ chuyên môn",
    "ly-luan": "Về trình độ lý luận chính trị",
    "nghe-nghiep": "Về nghề nghiệp",
}


def _phrase(key: str, header: str) -> str:
    """A column as a sentence says it: 'đại học'; an age band 'từ 18 đến 30 tuổi'."""
    if key != "do-tuoi":
        return header.lower()
    if header[0].isdigit():
        return f"từ {header.replace('–', ' đến ')} tuổi"
    return f"{header.lower()} tuổi"


def breakdown(table: Table, total: int) -> str:
    """'Về trình độ chuyên môn: đại học 41.200 (55,23%); thạc sĩ ...'."""
    said = []
    for header, cell in zip(table.headers, table.total[1], strict=True):
        if not cell.value:
            continue
        if cell.decimals:  # an average, not a share
            said.append(f"{header.lower()} {number(cell.value, cell.decimals)}")
        else:
            said.append(
                f"{_phrase(table.key, header)} {number(cell.value)} ({percent(cell.value, total)})"
            )
    return f"{_BREAKDOWNS[table.key]}: " + "; ".join(said) + "." if said else ""


def report_paragraphs(f: Figures, tables: list[Table]) -> list[str]:
    total = f.total.n("member", "total")
    prefix = f"Tính đến {long_date(f.on)}, "
    first = opening(f)
    out = [prefix + first[0].lower() + first[1:] if first.startswith("Toàn") else prefix + first]
    out.append(admissions(f))
    if total:
        out += [breakdown(t, total) for t in tables if t.key in _BREAKDOWNS]
    return [p for p in out if p]


@dataclass
class Signing:
    """What the person issuing the report fills in (defaults from the organization)."""

    number: str = ""
    day: date | None = None
    place: str = ""
    signer_for: str = ""
    signer_title: str = "BÍ THƯ"
    signer_name: str = ""
    recipients: list[str] = field(default_factory=list)


def _issuer(f: Figures) -> tuple[str, str, str]:
    """(upper line, issuing body, symbol suffix), as the organization's committee signs."""
    org = f.organization
    if org is None:
        return "BAN CHẤP HÀNH TRUNG ƯƠNG", "BAN TỔ CHỨC TRUNG ƯƠNG", "BTCTW"
    parent = org.parent.name.upper() if org.parent_id else ""
    name = f.name
    if f.kind == "province":
        body = name.replace("Đảng bộ tỉnh", "Tỉnh ủy").replace("Đảng bộ thành phố", "Thành ủy")
        return parent, body.upper(), "TU"
    if f.kind in BRANCHES:
        return parent, name.upper(), "CB"
    return parent, name.replace("Đảng bộ", "Đảng ủy", 1).upper(), "ĐU"


def _place(f: Figures) -> str:
    org = f.organization
    if org is None:
        return "Hà Nội"
    root = Organization.objects.get(pk=org.ancestor_ids()[0])
    for prefix in ("Đảng bộ tỉnh ", "Đảng bộ thành phố "):
        if root.name.startswith(prefix):
            return root.name[len(prefix) :]
    return root.name


def report_document(f: Figures, signing: Signing | None = None) -> ReportDocument:
    signing = signing or Signing()
    tables = report_tables(f)
    upper, issuer, suffix = _issuer(f)
    signer_for = signing.signer_for or ("T/M CHI BỘ" if f.kind in BRANCHES else "T/M BAN THƯỜNG VỤ")
    return ReportDocument(
        upper=upper,
        issuer=issuer,
        symbol=f"Số {signing.number or '      '}-BC/{suffix}",
        place_date=f"{signing.place or _place(f)}, {long_date(signing.day or date.today())}",
        title="BÁO CÁO",
        subtitle=f"Tình hình tổ chức đảng và đảng viên đến ngày {f.on:%d/%m/%Y}",
        paragraphs=report_paragraphs(f, tables),
        tables=[_doc_table(i, t) for i, t in enumerate(tables, start=1)],
        signer_for=signer_for,
        signer_title=signing.signer_title,
        signer_name=signing.signer_name,
        recipients=signing.recipients or ["- Cấp ủy cấp trên (để báo cáo),", "- Lưu Văn phòng."],
    )


def _doc_table(i: int, t: Table) -> DocTable:
    return DocTable(
        title=f"Biểu {i}. {t.title}",
        headers=["Tổ chức đảng", *t.headers],
        rows=[[row.name, *map(cell_text, cells)] for row, cells in t.rows],
        total=["Tổng cộng", *map(cell_text, t.total[1])],
        note=t.note,
    )


def report_json(f: Figures) -> dict:
    """The figures for programs: the same tables, raw numbers, and the written opening."""
    tables = report_tables(f)

    def values(cells):
        return [
            None if c.value is None else float(c.value) if c.decimals else c.value for c in cells
        ]

    return {
        "organization": {"id": f.total.org_id or None, "name": f.name, "kind": f.kind},
        "on": f.on.isoformat(),
        "past": f.past,
        "summary": opening(f),
        "admission_target": f.target,
        "tables": [
            {
                "key": t.key,
                "title": t.title,
                "headers": t.headers,
                "rows": [
                    {"id": row.org_id, "name": row.name, "own": row.own, "values": values(cells)}
                    for row, cells in t.rows
                ],
                "total": values(t.total[1]),
                "note": t.note,
            }
            for t in tables
        ],
    }


SHEET_NAME = 31  # the longest name Excel accepts for a sheet
SHEET_TITLES = {"chuyen-mon": "Chuyên môn", "ly-luan": "Lý luận chính trị"}


def sheet_name(i: int, t: Table, on: date) -> str:
    """'7. Kết nạp đến 02.12.2026': short enough for Excel (the full title heads the sheet),
    never cut inside a word or a date; '/' and ':' are not allowed in a sheet's name."""
    if t.key == "ket-nap":
        name = f"{i}. Kết nạp đến {on:%d.%m.%Y}"
    else:
        name = f"{i}. {SHEET_TITLES.get(t.key, t.title)}"
    name = re.sub(r"[\[\]:*?/\\]", "-", name)
    if len(name) > SHEET_NAME:
        name = name[: SHEET_NAME + 1].rsplit(" ", 1)[0]
    return name


def report_xlsx(f: Figures) -> bytes:
    """One sheet per table: a title, Vietnamese headers, the rows, the bold total; counts as
    numbers with a thousands format (Excel shows 74.600 in a Vietnamese locale). A total is
    the formula of its column's sum, so an edited row keeps it right; an average stays the
    figure, with the table's note under it."""
    book = Workbook()
    book.remove(book.active)
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    for i, t in enumerate(report_tables(f), start=1):
        sheet = book.create_sheet(sheet_name(i, t, f.on))
        # Organization names are the users' text: cells() keeps them text, never a formula.
        sheet.append(cells(sheet, [f"Biểu {i}. {t.title}".upper()]))
        sheet.append(cells(sheet, [f"{f.name}, đến ngày {f.on:%d/%m/%Y}"]))
        sheet["A1"].font = Font(bold=True, size=13)
        sheet["A2"].font = Font(italic=True)
        sheet.append([])
        sheet.append(cells(sheet, ["STT", "Tổ chức đảng", *t.headers]))
        for cell in sheet[4]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
            cell.border = box
        for n, (row, figures) in enumerate(t.rows, start=1):
            sheet.append(cells(sheet, [n, row.name, *(c.value for c in figures)]))
        first, last = 5, sheet.max_row
        totals = [
            Formula(f"=SUM({get_column_letter(j)}{first}:{get_column_letter(j)}{last})")
            if t.rows and not c.decimals
            else c.value
            for j, c in enumerate(t.total[1], start=3)
        ]
        sheet.append(cells(sheet, ["", "Tổng cộng", *totals]))
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
        end = sheet.max_row
        if t.note:
            sheet.append(cells(sheet, ["", t.note]))
            sheet.cell(sheet.max_row, 2).font = Font(italic=True)
        for row in sheet.iter_rows(min_row=5, max_row=end):
            for j, cell in enumerate(row):
                cell.border = box
                if j >= 2:
                    decimals = t.total[1][j - 2].decimals
                    cell.number_format = "#,##0.0" if decimals else "#,##0"
        sheet.column_dimensions["A"].width = 5
        sheet.column_dimensions["B"].width = 42
        for j in range(len(t.headers)):
            sheet.column_dimensions[get_column_letter(j + 3)].width = 14
        sheet.freeze_panes = "C5"
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()
