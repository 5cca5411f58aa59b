"""The import of an office's existing registry from a workbook (its own list: Số, ký hiệu; Ngày
ban hành; Loại; Cơ quan ban hành; Trích yếu ...): headers matched forgivingly, each cell read
into a value or a Vietnamese message naming row and column, then every row registered through
`document_create` in one transaction — all or nothing; a dry run does the same and rolls back,
so it meets every rule the real run would (numbers already used, symbols of another type).

The file is read by `imports.reading` (its limits, .xlsx/.xls/.ods/CSV) and dates by
`core.cells.parse_date`, as the members' import reads them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.db.models import Q

from tochuc.core.cells import CellError, cell_shown, cell_text, parse_date
from tochuc.core.errors import ServiceError
from tochuc.core.scope import check_write, path_q
from tochuc.core.text import search_key
from tochuc.documents.models import Document, DocumentType, Issuer
from tochuc.documents.services import document_create
from tochuc.documents.services.issuers import issuers_of
from tochuc.documents.services.numbering import numbering_sequence
from tochuc.documents.services.registry import YEARS
from tochuc.documents.symbols import normalize_symbol, parse_symbol
from tochuc.documents.symbols import parse_date as parse_written_date
from tochuc.imports.files import import_template
from tochuc.imports.parsing import Column
from tochuc.imports.reading import read_rows
from tochuc.orgs.models import Organization

_DATE_HELP = "Ngày/tháng/năm, ví dụ 10/05/2016 (hoặc 10-5-2016, ngày 10 tháng 5 năm 2016)."
COLUMNS = [
    Column(
        "symbol",
        "Số, ký hiệu",
        ("Số ký hiệu", "Số và ký hiệu", "Số hiệu", "Số văn bản", "Ký hiệu", "Số"),
        False,
        "Như trên văn bản, ví dụ 74-NQ/TU; để trống khi là dự thảo chưa có số.",
    ),
    Column(
        "issued_on",
        "Ngày ban hành",
        ("Ngày văn bản", "Ngày ký", "Ngày tháng", "Ngày", "Ngày, tháng, năm"),
        False,
        _DATE_HELP,
    ),
    Column(
        "doc_type",
        "Loại văn bản",
        ("Loại", "Thể loại", "Hình thức văn bản"),
        False,
        "Tên loại (Nghị quyết, Kế hoạch ...) hoặc viết tắt (NQ, KH); để trống: theo số, ký hiệu.",
    ),
    Column(
        "issuer",
        "Cơ quan ban hành",
        ("Cơ quan", "Nơi ban hành", "Đơn vị ban hành", "Cấp ban hành", "Tác giả"),
        False,
        "Ký hiệu (TU, BTCTU, TW ...) hoặc tên cơ quan; để trống: theo số, ký hiệu.",
    ),
    Column(
        "title",
        "Trích yếu",
        ("Trích yếu nội dung", "Nội dung", "Tên văn bản", "Tiêu đề", "Tên, trích yếu"),
        True,
        "Nội dung tóm tắt của văn bản.",
    ),
    Column("signer", "Người ký", ("Người ký văn bản", "Ký"), False, "Họ và tên người ký."),
    Column(
        "period",
        "Giai đoạn",
        ("Thời kỳ", "Giai đoạn thực hiện"),
        False,
        "Ví dụ 2021-2025; để trống nếu văn bản không nói giai đoạn.",
    ),
    Column(
        "status",
        "Trạng thái",
        ("Tình trạng", "Hiệu lực", "Tình trạng hiệu lực"),
        False,
        "Dự thảo, Ban hành, Hết hiệu lực hoặc Bị thay thế; để trống: Ban hành.",
    ),
    Column("note", "Ghi chú", (), False, "Tùy ý."),
]
LABELS = {c.field: c.header for c in COLUMNS}
# Where a service's refusal of a field shows in the file.
_SERVICE_COLUMNS = {
    "symbol": "symbol",
    "issued_on": "issued_on",
    "title": "title",
    "signer": "signer",
    "period_start": "period",
    "period_end": "period",
    "status": "status",
    "organization": "issuer",
    "applies_to": "issuer",
}

# --- Headers -------------------------------------------------------------------------------


def header_key(value: object) -> str:
    """A header cell's accent-free letters, without spaces: what match_headers compares."""
    return search_key(cell_text(value)).replace(" ", "")


def header_names(columns) -> dict[str, str]:
    """header_key of each column's header and aliases -> its field."""
    return {header_key(name): c.field for c in columns for name in (c.header, *c.aliases)}


_EXACT = header_names(COLUMNS)


def refused_summary(problems) -> str:
    """What a sheet with refused rows comes to: nothing written (the registry's and the cadre
    work's import)."""
    rows = len({p.row for p in problems})
    return (
        f"{rows} dòng có lỗi ({len(problems)} lỗi): chưa ghi gì. Sửa tệp theo từng lỗi rồi tải "
        "lên lại."
    )


def match_headers(headers: Sequence[object], names: dict[str, str] = _EXACT) -> dict[int, str]:
    """Column index -> field: the header's accent-free letters equal to a name of the field
    («SỐ, KÝ HIỆU», «So ky hieu»), else the one field whose name begins it («Trích yếu nội
    dung văn bản»); a field goes to the first column that claims it. `names`: another
    importer's columns (header_names), the same rule."""
    mapping: dict[int, str] = {}
    keys = [header_key(h) for h in headers]
    for exact in (True, False):
        for index, key in enumerate(keys):
            if index in mapping or not key:
                continue
            if exact:
                found = names.get(key)
            else:
                fields = {f for name, f in names.items() if len(name) > 3 and key.startswith(name)}
                found = fields.pop() if len(fields) == 1 else None
            if found and found not in mapping.values():
                mapping[index] = found
    return dict(sorted(mapping.items()))


def find_header_row(
    rows: Sequence[Sequence[object]],
    names: dict[str, str] = _EXACT,
    examples: Sequence[str] = ("Số, ký hiệu", "Ngày ban hành", "Trích yếu"),
    max_scan: int = 10,
) -> int:
    """The row among the first `max_scan` that names the most columns of `names` (two at
    least); the message names `examples` of the columns looked for. Every import's rule."""
    best, best_count = -1, 1
    for index, row in enumerate(rows[:max_scan]):
        count = len(match_headers(row, names))
        if count > best_count:
            best, best_count = index, count
    if best < 0:
        shown = ", ".join(f"«{e}»" for e in examples)
        raise ServiceError(
            {
                "file": [
                    f"Không tìm thấy dòng tên cột trong {max_scan} dòng đầu của tệp: cần một dòng "
                    f"ghi tên các cột như {shown} (xem tệp mẫu)."
                ]
            }
        )
    return best


# --- Cells ---------------------------------------------------------------------------------

_PERIOD = re.compile(r"(?:giai\s*đoạn\s*)?([0-9]{4})\s*(?:[-–—/]|đến)\s*([0-9]{4})", re.I)


def parse_period(value: object) -> tuple[int | None, int | None]:
    """«2021-2025», «2021–2025», «giai đoạn 2021 - 2025», «2021 đến 2025», or one year (2026):
    (start, end); an empty cell is (None, None)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = cell_text(value)
    if not text:
        return None, None
    if match := _PERIOD.fullmatch(text):
        start, end = int(match[1]), int(match[2])
    elif re.fullmatch(r"[0-9]{4}", text):
        start = end = int(text)
    else:
        raise CellError(
            f"«{cell_shown(value)}» không đọc được là giai đoạn: ghi năm đầu - năm cuối, "
            "ví dụ 2021-2025."
        )
    for year in (start, end):
        if year not in YEARS:
            raise CellError(
                f"Giai đoạn «{cell_shown(value)}»: năm {year} không hợp lệ (từ 1930 đến 2100)."
            )
    if start > end:
        raise CellError(
            f"Giai đoạn «{cell_shown(value)}»: năm cuối {end} trước năm đầu {start}; ghi ví dụ "
            "2021-2025."
        )
    return start, end


def parse_issued_on(value: object) -> date | None:
    """A date as offices write it: 10/05/2016, 10-5-2016, «ngày 10 tháng 5 năm 2016», an Excel
    date or serial; an empty cell is None."""
    if not cell_text(value) and not isinstance(value, date):
        return None
    if isinstance(value, str) and "tháng" in value.lower():
        found = parse_written_date(value)
        if found is None:
            raise CellError(f"«{cell_shown(value)}» không phải ngày có thật: {_DATE_HELP}")
        return found
    found = parse_date(value)
    if found.year not in YEARS:
        raise CellError(f"«{cell_shown(value)}»: năm ban hành phải từ 1930 đến 2100.")
    return found


_STATUSES = {search_key(label): value for value, label in Document.Status.choices} | {
    "draft": "draft",
    "issued": "issued",
    "expired": "expired",
    "replaced": "replaced",
    "da ban hanh": "issued",
    "con hieu luc": "issued",
    "hieu luc": "issued",
    "dang co hieu luc": "issued",
    "thay the": "replaced",
    "da bi thay the": "replaced",
    "het hieu luc thi hanh": "expired",
}


def parse_status(value: object) -> str:
    if not cell_text(value):
        return Document.Status.ISSUED
    try:
        return _STATUSES[search_key(cell_text(value))]
    except KeyError:
        names = ", ".join(label for _, label in Document.Status.choices)
        raise CellError(
            f"Trạng thái «{cell_shown(value)}» không rõ: ghi một trong {names}."
        ) from None


def parse_cells(cells_of: Mapping[str, object]) -> tuple[dict[str, object], dict[str, str]]:
    """{field: raw cell} of a row -> (values, message by field) for the cells that need no
    lookup; type and issuer stay text (RegistryImport resolves them)."""
    values: dict[str, object] = {}
    errors: dict[str, str] = {}
    parsers = {"issued_on": parse_issued_on, "period": parse_period, "status": parse_status}
    for name, raw in cells_of.items():
        try:
            values[name] = parsers[name](raw) if name in parsers else cell_text(raw)
        except CellError as exc:
            errors[name] = str(exc)
    return values, errors


# --- The import ----------------------------------------------------------------------------


@dataclass
class Sheet:
    """A sheet as an import reads it under its header row: the file's own headers (for the
    rejected rows), each field's header as the file writes it (for the problems), the headers
    no field took, and the rows that hold something: (its number as Excel shows it, field ->
    raw cell)."""

    headers: list[str]
    shown: dict[str, str]
    ignored: list[str]
    lines: list[tuple[int, dict[str, object]]]


def sheet_read(rows, head: int, mapping: dict[int, str], labels: dict[str, str]) -> Sheet:
    headers = rows[head]
    lines = []
    for index in range(head + 1, len(rows)):
        raw = {f: rows[index][i] if i < len(rows[index]) else None for i, f in mapping.items()}
        if any(cell_text(v) for v in raw.values()):
            lines.append((index + 1, raw))
    return Sheet(
        headers=[cell_text(h) for h in headers],
        shown={f: cell_text(headers[i]) or labels[f] for i, f in mapping.items()},
        ignored=[cell_text(h) for i, h in enumerate(headers) if i not in mapping and cell_text(h)],
        lines=lines,
    )


@dataclass
class Problem:
    row: int  # the row's number in the sheet, as Excel shows it
    column: str  # the header as the file writes it
    message: str


@dataclass
class Row:
    number: int
    label: str  # «Nghị quyết số 74-NQ/TU ngày 10/05/2016»
    title: str
    issuer: str
    organization: str  # whose registry keeps it
    period: str
    status: str


@dataclass
class Result:
    file_name: str
    organization: Organization
    dry_run: bool
    rows: list[Row] = field(default_factory=list)  # what is (or would be) written
    problems: list[Problem] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)  # headers matched to no field

    @property
    def written(self) -> int:
        return 0 if self.dry_run or self.problems else len(self.rows)

    @property
    def summary(self) -> str:
        if self.problems:
            return refused_summary(self.problems)
        if self.dry_run:
            return f"Kiểm tra thử: {len(self.rows)} văn bản sẽ được vào sổ; chưa ghi gì."
        return f"Đã vào sổ {len(self.rows)} văn bản."


class _Rollback(Exception):
    pass


class _Catalogue:
    """The types and the issuers a row may name, found by name or code."""

    def __init__(self, organization: Organization):
        self.types = list(DocumentType.objects.order_by("order", "name"))
        self.types_by = {}
        for t in reversed(self.types):  # the first by order wins a shared code (QĐ)
            self.types_by[search_key(t.name)] = t
            self.types_by[t.code.upper()] = t
        issuers_of(organization)  # the receiving committee's own, made if it has none
        self.organization = organization
        self.issuers = list(
            Issuer.objects.filter(
                Q(organization__isnull=True) | path_q(organization.path, "organization__path")
            ).select_related("organization")
        )

    def doc_type(self, text: str) -> DocumentType:
        found = self.types_by.get(text.upper()) or self.types_by.get(search_key(text))
        if found is None:
            names = ", ".join(t.name for t in self.types[:8])
            raise CellError(
                f"Loại văn bản «{text}» không có: ghi tên loại ({names} ...) hoặc viết tắt."
            )
        return found

    def issuer(self, text: str) -> Issuer:
        key = search_key(text)
        by_code = [i for i in self.issuers if i.code.upper() == text.upper()]
        found = by_code or [i for i in self.issuers if search_key(i.name) == key]
        if len(found) > 1:  # "ĐU": the receiving committee's own first, then outside bodies
            found = (
                [i for i in found if i.organization_id == self.organization.pk]
                or [i for i in found if i.organization_id is None]
                or found
            )
        if len(found) == 1:
            return found[0]
        if found:
            names = "; ".join(f"{i.name}" for i in found[:3])
            raise CellError(f"Cơ quan «{text}» có ở nhiều tổ chức ({names}): ghi đúng tên cơ quan.")
        raise CellError(
            f"Không có cơ quan ban hành «{text}» trong {self.organization.name} hay ngoài cây tổ "
            "chức: ghi ký hiệu (TU, BTCTU, TW ...) hoặc tên cơ quan, hoặc thêm cơ quan trong "
            "trang quản trị."
        )


def registry_import(
    *, actor, organization: Organization, file_name: str, data: bytes, dry_run: bool
) -> Result:
    """Read the file and register its rows in `organization`'s registry (an issuer of the
    tree: its own organization's), all or nothing. Refuses the file as a whole (ServiceError)
    when it cannot be read or names no column of the registry."""
    check_write(actor, organization)
    rows = read_rows(data, file_name)
    head = find_header_row(rows)
    headers = rows[head]
    mapping = match_headers(headers)
    if "title" not in mapping.values():
        raise ServiceError({"file": ["Tệp thiếu cột «Trích yếu» (nội dung tóm tắt của văn bản)."]})
    result = Result(file_name=file_name, organization=organization, dry_run=dry_run)
    sheet = sheet_read(rows, head, mapping, LABELS)
    result.ignored = sheet.ignored
    seen: dict[tuple, int] = {}

    def problem(number: int, name: str, message: str) -> None:
        result.problems.append(
            Problem(number, sheet.shown.get(name, LABELS.get(name, "")), message)
        )

    try:
        with transaction.atomic():
            catalogue = _Catalogue(
                organization
            )  # may make the committee's issuers: rolled back too
            for number, raw in sheet.lines:
                document = _row(actor, organization, catalogue, raw, number, seen, problem)
                if document is not None:
                    result.rows.append(
                        Row(
                            number=number,
                            label=document.label,
                            title=document.title,
                            issuer=document.issuer.name,
                            organization=document.organization.name,
                            period=document.period,
                            status=document.get_status_display(),
                        )
                    )
            if dry_run or result.problems:
                raise _Rollback
    except _Rollback:
        pass
    if not result.rows and not result.problems:
        raise ServiceError(
            {"file": [f"«{file_name}» không có dòng văn bản nào dưới dòng tên cột."]}
        )
    return result


def _row(actor, organization, catalogue, raw, number, seen, problem) -> Document | None:
    values, errors = parse_cells(raw)
    symbol = parse_symbol(values.get("symbol", "")) if values.get("symbol") else None
    # Type and issuer as written, or else as the symbol says (74-NQ/TU: NQ of TU).
    found = {}
    for name, find, fallback in (
        ("doc_type", catalogue.doc_type, symbol.code if symbol else ""),
        ("issuer", catalogue.issuer, symbol.issuer if symbol else ""),
    ):
        text = values.get(name) or fallback
        if not text:
            errors[name] = f"Chưa ghi {LABELS[name].lower()} (số, ký hiệu cũng không cho biết)."
            continue
        try:
            found[name] = find(text)
        except CellError as exc:
            errors[name] = str(exc)
    if errors:
        for name, message in errors.items():
            problem(number, name, message)
        return None
    doc_type, issuer = found["doc_type"], found["issuer"]
    start, end = values.get("period", (None, None))
    # The same number twice in the file: its issuer, symbol and numbering period (or date).
    if values.get("symbol"):
        on = values.get("issued_on")
        when = numbering_sequence(on) if on and symbol else on
        key = (issuer.pk, normalize_symbol(values["symbol"]), when)
        if key in seen:
            problem(
                number,
                "symbol",
                f"Số {normalize_symbol(values['symbol'])} đã có ở dòng {seen[key]} của tệp.",
            )
            return None
        seen[key] = number
    try:
        with transaction.atomic():
            return document_create(
                actor=actor,
                doc_type=doc_type,
                issuer=issuer,
                organization=organization,
                title=values.get("title", ""),
                symbol=values.get("symbol", ""),
                issued_on=values.get("issued_on"),
                signer=values.get("signer", ""),
                period_start=start,
                period_end=end,
                status=values.get("status", Document.Status.ISSUED),
                note=values.get("note", ""),
            )
    except ServiceError as exc:
        for name, messages in exc.errors.items():
            for message in messages:
                problem(number, _SERVICE_COLUMNS.get(name, name), message)
        return None


# --- The template --------------------------------------------------------------------------


def template_xlsx() -> bytes:
    """«Mẫu nhập sổ văn bản»: the columns, drop-down lists of types and statuses, a guide."""
    choices = {
        "doc_type": list(
            DocumentType.objects.order_by("order", "name").values_list("name", flat=True)
        ),
        "status": [label for _, label in Document.Status.choices],
    }
    return import_template(
        COLUMNS,
        "Sổ văn bản",
        "Mỗi văn bản một dòng, ví dụ: 74-NQ/TU | 10/05/2016 | Nghị quyết | TU | Về nâng cao "
        "chất lượng tổ chức cơ sở đảng và đảng viên | | 2016-2020 | Ban hành. Có lỗi ở bất "
        "kỳ dòng nào thì không ghi gì; số văn bản trùng (trong tệp hoặc đã có trong sổ) bị "
        "từ chối, nêu dòng hoặc văn bản đã có.",
        choices=choices,
        dates={"issued_on"},
        texts={c.field for c in COLUMNS} - {"issued_on"},  # "2016-2020" stays a period
    )
