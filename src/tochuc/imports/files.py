"""The files of an import: the templates to fill (members, the organization tree), the rejected
rows to fix, and the member list written in the template's columns (so an export can be edited
and imported back)."""

from __future__ import annotations

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from tochuc.core.excel import cells, put
from tochuc.imports.models import Import
from tochuc.imports.parsing import COLUMNS, TREE_COLUMNS, Column
from tochuc.members.models import Gender, MemberStatus
from tochuc.members.reference import EDUCATION_LEVELS, ETHNICITIES, RELIGIONS, THEORY_LEVELS
from tochuc.orgs.models import OrganizationKind

_DATES = {"birth_date", "admission_date", "ceremony_date", "official_date", "established_on"}
_DIGITS = {"citizen_id", "party_card_number", "phone", "code", "parent_code"}
# The drop-down lists of the coded fields, from the same reference lists the record uses.
CHOICES = {
    "gender": [label for _, label in Gender.choices],
    "status": [label for _, label in MemberStatus.choices],
    "ethnicity": list(ETHNICITIES),
    "religion": list(RELIGIONS),
    "education_level": [label for _, label in EDUCATION_LEVELS],
    "theory_level": [label for _, label in THEORY_LEVELS],
    "youth_union": ["Có", "Không"],
    "kind": [label for _, label in OrganizationKind.choices],
}
_BOLD = Font(bold=True)
_REQUIRED = PatternFill("solid", fgColor="FCE4D6")


def template_xlsx() -> bytes:
    """The members' import template."""
    return import_template(
        COLUMNS,
        "Đảng viên",
        "Mỗi đảng viên một dòng. Đảng viên đã có (cùng số CCCD, hoặc cùng số thẻ đảng viên) "
        "được cập nhật; ô để trống không xóa dữ liệu đã có. Nhập cùng một tệp hai lần không "
        "làm thay đổi gì.",
    )


def tree_template_xlsx() -> bytes:
    """The organization tree's import template («Mẫu nhập cây tổ chức»)."""
    return import_template(
        TREE_COLUMNS,
        "Cây tổ chức",
        "Mỗi tổ chức một dòng, các dòng theo thứ tự nào cũng được; cấp trên ghi bằng mã (một "
        "tổ chức trong tệp hoặc đã có). Tổ chức đã có (cùng mã) được đổi tên, chuyển hoặc đổi "
        "loại theo tệp. Nhập cùng một tệp hai lần không làm thay đổi gì. Sau đó nhập danh "
        "sách đảng viên có cột «Mã chi bộ».",
    )


def import_template(
    columns: list[Column],
    title: str,
    note: str,
    *,
    choices: dict[str, list[str]] | None = None,
    dates: set[str] = _DATES,
    texts: set[str] = _DIGITS,
) -> bytes:
    """An import template (every importer's: members, the tree, the document registry): the
    columns with Vietnamese headers (required ones shaded), `dates` formatted as dates and
    `texts` as text so Excel keeps them as typed, drop-down lists of `choices` (by field), and
    a sheet of instructions ending with `note`."""
    choices = CHOICES if choices is None else choices
    book = Workbook()
    sheet = book.active
    sheet.title = title
    lists = book.create_sheet("Danh mục")
    guide = book.create_sheet("Hướng dẫn")
    listed = 0  # columns of "Danh mục" used
    for col, column in enumerate(columns, start=1):
        letter = get_column_letter(col)
        head = put(sheet, 1, col, column.header)
        head.font = _BOLD
        head.alignment = Alignment(wrap_text=True, vertical="center")
        if column.required:
            head.fill = _REQUIRED
        sheet.column_dimensions[letter].width = max(14, min(len(column.header) + 4, 34))
        fmt = "DD/MM/YYYY" if column.field in dates else "@" if column.field in texts else None
        if fmt:
            for row in range(2, 1002):
                sheet.cell(row=row, column=col).number_format = fmt
        values = choices.get(column.field)
        if values:
            listed += 1
            list_col = get_column_letter(listed)
            for i, value in enumerate([column.header, *values], start=1):
                put(lists, i, listed, value)
            check = DataValidation(
                type="list",
                formula1=f"'Danh mục'!${list_col}$2:${list_col}${len(values) + 1}",
                allow_blank=True,
                showErrorMessage=True,
                errorTitle=column.header,
                error=f"Chọn một giá trị trong danh sách «{column.header}».",
            )
            sheet.add_data_validation(check)
            check.add(f"{letter}2:{letter}5000")
    sheet.freeze_panes = "A2"
    guide.append(cells(guide, ["Cột", "Bắt buộc", "Cách ghi"]))
    for cell in guide[1]:
        cell.font = _BOLD
    for column in columns:
        guide.append(cells(guide, [column.header, "Có" if column.required else "", column.help]))
    guide.append([])
    guide.append([note])  # our own sentence, not the users' text
    guide.column_dimensions["A"].width = 28
    guide.column_dimensions["B"].width = 10
    guide.column_dimensions["C"].width = 90
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def rejected_xlsx(upload: Import, rows: list[tuple[int, list[object]]]) -> bytes:
    """The rejected rows as they were in the file, with the reasons in a last column, to fix
    and upload again."""
    reasons: dict[int, list[str]] = {}
    for p in upload.problems:
        reasons.setdefault(p["row"], []).append(f"{p['column']}: {p['message']}")
    book = Workbook()
    sheet = book.active
    sheet.title = "Dòng bị từ chối"
    # The file's own headers and cells: cells() keeps a text that looks like a formula a text.
    sheet.append(cells(sheet, [*upload.headers, "Dòng trong tệp gốc", "Lý do"]))
    for cell in sheet[1]:
        cell.font = _BOLD
    for number, values in rows:
        if number in reasons:
            padded = list(values) + [None] * (len(upload.headers) - len(values))
            sheet.append(cells(sheet, [*padded, number, "; ".join(reasons[number])]))
    sheet.column_dimensions[get_column_letter(len(upload.headers) + 2)].width = 80
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def member_rows(members):
    """The members (a queryset) as rows of the template's columns, read in chunks: values as
    the template takes them back (labels, real dates, the branch as «name (code)»)."""
    labels = {
        "gender": dict(Gender.choices),
        "status": dict(MemberStatus.choices),
        "education_level": dict(EDUCATION_LEVELS),
        "theory_level": dict(THEORY_LEVELS),
    }
    fields = [c.field for c in COLUMNS if c.field != "organization"]
    rows = members.values_list("organization__name", "organization__code", *fields)
    for name, code, *values in rows.iterator(chunk_size=5000):
        out = [f"{name} ({code})" if code else name]
        for field, value in zip(fields, values, strict=True):
            if field in labels:
                value = labels[field].get(value, value)
            elif field == "youth_union":
                value = "Có" if value else "Không"
            out.append(value)
        yield out


def member_headers() -> list[str]:
    return [c.header for c in COLUMNS]
