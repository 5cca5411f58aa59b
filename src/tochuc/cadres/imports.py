"""The import of a cadre sheet, two kinds: the positions of an organization's subtree with who
holds each (`positions`), and a planning list of a term (`planning`). The documents registry's
import is the pattern (documents/imports.py): the file read by `imports.reading`, headers
matched forgivingly by accent-free keys, each cell read into a value or a Vietnamese message
naming row and column, then every row written through the services (position_create,
cadre_of_member / cadre_create, cadre_appoint, planning_add) inside one transaction — all or
nothing; the dry run does the same and rolls back, so it meets every rule the real run would.

Matching: an organization by code, «name (code)» or its name (one of that name) within the
receiving subtree, as the tree and member importers match; a title and a management level by
name, accent-insensitive, from the catalogues; a body (cơ quan, đơn vị) by name among those the
organization manages — never created here (there is no service for a body yet: add it in the
admin first); a person by CCCD or party card number, else by name and birth date, among the
members of the subtree, else the official outside the rolls recorded there with that name and
birth date, else a new one (then the gender is needed); a decision by its symbol in the
registry the importer reads."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction

from tochuc.cadres.models import Body, Cadre, CadreEvent, ManagementLevel, Position, PositionTitle
from tochuc.cadres.selectors import standing_q
from tochuc.cadres.services import (
    cadre_appoint,
    cadre_create,
    cadre_of_member,
    planning_add,
    position_create,
)
from tochuc.core.cells import CellError, cell_shown, cell_text, parse_date
from tochuc.core.errors import ServiceError
from tochuc.core.scope import check_write, path_q
from tochuc.core.text import search_key
from tochuc.documents.imports import find_header_row, header_names, refused_summary, sheet_read
from tochuc.documents.imports import match_headers as registry_headers
from tochuc.documents.models import Document
from tochuc.documents.selectors.documents import visible_q
from tochuc.documents.symbols import normalize_symbol
from tochuc.imports.files import import_template
from tochuc.imports.parsing import Column, parse_gender, parse_text
from tochuc.imports.reading import read_rows
from tochuc.members.models import Gender, Member
from tochuc.orgs.models import Organization, Term

POSITIONS, PLANNING = "positions", "planning"
KINDS = {POSITIONS: "Chức vụ và người đảm nhiệm", PLANNING: "Danh sách quy hoạch"}
_DATE_HELP = "Ngày/tháng/năm, ví dụ 04/01/2021."

_ALL = {
    c.field: c
    for c in [
        Column(
            "organization",
            "Tổ chức",
            ("Tổ chức đảng", "Mã tổ chức", "Tên tổ chức", "Đơn vị", "Cấp ủy"),
            False,
            "Mã, «tên (mã)» hoặc tên tổ chức trong cây; để trống: tổ chức nhận dữ liệu.",
        ),
        Column(
            "body",
            "Cơ quan, đơn vị",
            ("Cơ quan", "Cơ quan đơn vị", "Phòng ban"),
            False,
            "Tên cơ quan do tổ chức quản lý (HĐND, UBND, phòng ...), đã khai báo; để trống: "
            "chức vụ của chính tổ chức.",
        ),
        Column(
            "title",
            "Chức danh",
            ("Chức vụ", "Tên chức danh", "Chức danh quy hoạch"),
            True,
            "Tên chức danh trong danh mục (Bí thư, Phó Bí thư ...), có dấu hay không đều được.",
        ),
        Column(
            "seats",
            "Số người đảm nhiệm",
            ("Số người", "Số lượng", "Số người giữ chức vụ"),
            False,
            "Từ 1 đến 20; để trống: số dòng của chức vụ trong tệp.",
        ),
        Column(
            "management_level",
            "Diện quản lý",
            ("Diện", "Cấp quản lý", "Thuộc diện quản lý"),
            False,
            "Tên diện quản lý trong danh mục; để trống nếu không có.",
        ),
        Column(
            "full_name",
            "Họ và tên",
            (
                "Họ tên",
                "Người đảm nhiệm",
                "Người giữ chức vụ",
                "Người được quy hoạch",
                "Cán bộ",
                "Họ và tên cán bộ",
            ),
            False,
            "Họ và tên người; để trống khi chức vụ còn trống.",
        ),
        Column(
            "number",
            "Số CCCD hoặc số thẻ đảng viên",
            ("Số CCCD", "CCCD", "Căn cước công dân", "Số thẻ đảng viên", "Số thẻ", "Số định danh"),
            False,
            "Đảng viên: 12 chữ số CCCD hoặc số thẻ đảng viên (định dạng ô là Văn bản); người "
            "ngoài Đảng: để trống, ghi ngày sinh và giới tính.",
        ),
        Column(
            "birth_date",
            "Ngày sinh",
            ("Ngày tháng năm sinh", "Sinh ngày"),
            False,
            f"Cần khi không ghi số CCCD hay số thẻ. {_DATE_HELP}",
        ),
        Column("gender", "Giới tính", ("Nam nữ", "Nam/Nữ"), False, "Nam hoặc Nữ."),
        Column(
            "start",
            "Từ ngày",
            ("Ngày bổ nhiệm", "Ngày bắt đầu", "Giữ chức vụ từ ngày", "Ngày nhận chức vụ"),
            False,
            f"Ngày bắt đầu giữ chức vụ (cần khi có người đảm nhiệm). {_DATE_HELP}",
        ),
        Column(
            "added_on",
            "Ngày đưa vào quy hoạch",
            ("Ngày quy hoạch", "Ngày bổ sung quy hoạch", "Ngày phê duyệt"),
            True,
            _DATE_HELP,
        ),
        Column(
            "decision",
            "Số quyết định",
            ("Quyết định", "Số, ký hiệu quyết định", "Số QĐ", "Số và ký hiệu"),
            False,
            "Số, ký hiệu của quyết định đã vào sổ văn bản (ví dụ 1755-QĐ/TU); để trống nếu chưa có.",
        ),
    ]
}
_FIELDS = {
    POSITIONS: (
        "organization",
        "body",
        "title",
        "seats",
        "management_level",
        "full_name",
        "number",
        "birth_date",
        "gender",
        "start",
        "decision",
    ),
    PLANNING: (
        "organization",
        "body",
        "title",
        "full_name",
        "number",
        "birth_date",
        "gender",
        "added_on",
        "decision",
    ),
}
COLUMNS = {kind: [_ALL[f] for f in names] for kind, names in _FIELDS.items()}
LABELS = {c.field: c.header for c in _ALL.values()}
# Where a service's refusal of a field shows in the file.
_SERVICE_COLUMNS = {
    POSITIONS: {"on": "start", "position": "title", "cadre": "full_name", "term_end": "start"},
    PLANNING: {"on": "added_on", "position": "title", "cadre": "full_name"},
}

# --- Headers -------------------------------------------------------------------------------


def match_headers(headers: Sequence[object], kind: str) -> dict[int, str]:
    """Column index -> field, by the documents import's rule (documents.imports.match_headers)."""
    return registry_headers(headers, header_names(COLUMNS[kind]))


# --- Cells ---------------------------------------------------------------------------------


def parse_seats(value: object) -> int | None:
    """How many hold the position at once: 1 to 20 (Excel's 2.0 is 2); empty is None."""
    if isinstance(value, bool):
        raise CellError(f"Số người «{cell_shown(value)}» phải là số từ 1 đến 20.")
    if isinstance(value, float):
        if not math.isfinite(value) or not value.is_integer():
            raise CellError(f"Số người «{cell_shown(value)}» phải là số nguyên từ 1 đến 20.")
        value = int(value)
    text = cell_text(value)
    if not text:
        return None
    if not (text.isascii() and text.isdigit()):
        raise CellError(f"Số người «{cell_shown(value)}» phải là số từ 1 đến 20.")
    seats = int(text)
    if not 1 <= seats <= 20:
        raise CellError(f"Số người «{cell_shown(value)}»: từ 1 đến 20.")
    return seats


def parse_person_number(value: object) -> tuple[str, str] | None:
    """A CCCD or a party card number: ("citizen_id", 12 digits) or ("party_card_number",
    digits); empty is None. A CCCD that Excel held as a number lost its leading zeros (the
    province codes 001–096): 10 or 11 digits from a number get them back."""
    shown = cell_shown(value)
    if isinstance(value, bool):
        raise CellError(f"Số «{shown}» chỉ được gồm chữ số.")
    if isinstance(value, float):
        if not math.isfinite(value) or not value.is_integer() or value < 0:
            raise CellError(f"Số «{shown}» chỉ được gồm chữ số.")
        value = int(value)
    if isinstance(value, int):
        if value < 0:
            raise CellError(f"Số «{shown}» chỉ được gồm chữ số.")
        digits = str(value)
        if len(digits) > 12:
            raise CellError(
                f"Số «{shown}» dài quá 12 chữ số (Excel có thể đã làm tròn): định dạng cột là "
                "Văn bản (Text) rồi gõ lại số."
            )
        if 10 <= len(digits) <= 12:
            return "citizen_id", digits.zfill(12)
        return "party_card_number", digits
    text = cell_text(value).removeprefix("'")
    if not text:
        return None
    digits = "".join(text.replace(".", " ").replace("-", " ").split())
    if not (digits.isascii() and digits.isdigit()):
        raise CellError(
            f"Số CCCD hoặc số thẻ đảng viên «{shown}» chỉ được gồm chữ số: bỏ chữ cái và ký "
            "hiệu khác."
        )
    if len(digits) > 12:
        raise CellError(f"Số «{shown}» dài quá 12 chữ số: CCCD có đúng 12 chữ số.")
    return ("citizen_id" if len(digits) == 12 else "party_card_number"), digits


def parse_day(value: object) -> date | None:
    """A date written day first, or an Excel date; empty is None."""
    if not cell_text(value) and not isinstance(value, date):
        return None
    return parse_date(value)


_PARSERS = {
    "seats": parse_seats,
    "number": parse_person_number,
    "birth_date": parse_day,
    "start": parse_day,
    "added_on": parse_day,
    "gender": parse_gender,
}


def parse_cells(raw: dict[str, object]) -> tuple[dict[str, object], dict[str, str]]:
    values: dict[str, object] = {}
    errors: dict[str, str] = {}
    for name, value in raw.items():
        try:
            values[name] = _PARSERS.get(name, parse_text)(value)
        except CellError as exc:
            errors[name] = str(exc)
    return values, errors


# --- Lookups -------------------------------------------------------------------------------


class _Lookups:
    """What a row may name, found in the receiving subtree and the catalogues (read once)."""

    def __init__(self, actor, root: Organization):
        self.actor, self.root = actor, root
        self.by_code: dict[str, Organization] = {}
        self.by_name: dict[str, list[Organization]] = {}
        orgs = Organization.objects.filter(path_q(root.path), dissolved_on__isnull=True)
        for org in orgs.only("id", "code", "name", "kind", "path", "parent_id"):
            if org.code:
                self.by_code[org.code.casefold()] = org
            self.by_name.setdefault(search_key(org.name), []).append(org)
        self.titles = {search_key(t.name): t for t in PositionTitle.objects.all()}
        self.levels = {search_key(m.name): m for m in ManagementLevel.objects.all()}
        self.bodies: dict[tuple[int, str], Body] = {
            (b.organization_id, search_key(b.name)): b
            for b in Body.objects.filter(path_q(root.path, "organization__path"))
        }
        self.positions: dict[tuple, Position] = {}

    def organization(self, text: str) -> Organization:
        if not text:
            return self.root
        found = self.by_code.get(text.casefold())
        if found:
            return found
        if text.endswith(")") and "(" in text:  # «name (code)», as the lists write it
            found = self.by_code.get(text[text.rindex("(") + 1 : -1].strip().casefold())
            if found:
                return found
            text = text[: text.rindex("(")].strip()
        named = self.by_name.get(search_key(text), [])
        if len(named) == 1:
            return named[0]
        if named:
            raise CellError(
                f"Có {len(named)} tổ chức tên «{text}» trong «{self.root.name}»: ghi mã tổ chức."
            )
        raise CellError(
            f"Không có tổ chức «{text}» trong «{self.root.name}»: ghi đúng mã hoặc tên tổ chức."
        )

    def title(self, text: str) -> PositionTitle:
        found = self.titles.get(search_key(text))
        if found is None:
            names = ", ".join(t.name for t in list(self.titles.values())[:6])
            raise CellError(f"Chức danh «{text}» không có trong danh mục ({names} ...).")
        return found

    def level(self, text: str) -> ManagementLevel | None:
        if not text:
            return None
        found = self.levels.get(search_key(text))
        if found is None:
            raise CellError(f"Diện quản lý «{text}» không có trong danh mục.")
        return found

    def body(self, organization: Organization, text: str) -> Body | None:
        if not text:
            return None
        found = self.bodies.get((organization.pk, search_key(text)))
        if found is None:
            raise CellError(
                f"{organization.name} chưa khai báo cơ quan, đơn vị «{text}»: thêm cơ quan "
                "trước rồi nhập lại."
            )
        return found

    def position(self, organization, body, title, on: date) -> Position | None:
        """The standing position of that organization, body and title (made by this import or
        already there)."""
        key = (organization.pk, body.pk if body else None, title.pk)
        if key not in self.positions:
            found = (
                Position.objects.filter(organization=organization, body=body, title=title)
                .filter(standing_q(on))
                .order_by("id")
                .first()
            )
            if found is None:
                return None
            self.positions[key] = found
        return self.positions[key]

    def decision(self, text: str) -> Document | None:
        if not text:
            return None
        symbol = normalize_symbol(text)
        found = list(Document.objects.filter(visible_q(self.actor), symbol=symbol)[:3])
        if len(found) == 1:
            return found[0]
        if found:
            raise CellError(f"Có nhiều văn bản số {symbol} trong sổ: ghi quyết định sau khi nhập.")
        raise CellError(
            f"Không có văn bản số {symbol} trong sổ văn bản: vào sổ trước rồi nhập lại."
        )

    def person(self, values: dict, organization: Organization) -> Cadre:
        """The row's person as a cadre (a member's record made if need be, an official outside
        the rolls recorded if new). Raises CellError with the column it concerns."""
        name, number, born = values.get("full_name"), values.get("number"), values.get("birth_date")
        if number:
            kind, digits = number
            member = (
                Member.objects.filter(**{kind: digits})
                .filter(path_q(self.root.path, "organization__path"))
                .select_related("organization")
                .first()
            )
            if member is None:
                what = "CCCD" if kind == "citizen_id" else "thẻ đảng viên"
                raise _Cell(
                    "number", f"Không có đảng viên số {what} {digits} trong «{self.root.name}»."
                )
            if name and search_key(name) != member.search_key:
                raise _Cell(
                    "full_name",
                    f"Số {digits} là của đảng viên {member.full_name}, không phải {name}: sửa "
                    "họ tên hoặc số.",
                )
            return cadre_of_member(actor=self.actor, member=member)
        if born is None:
            raise _Cell(
                "birth_date",
                f"Ghi ngày sinh của {name} (hoặc số CCCD, số thẻ đảng viên) để nhận ra người.",
            )
        key = search_key(name)
        members = list(
            Member.objects.filter(
                path_q(self.root.path, "organization__path"), search_key=key, birth_date=born
            ).select_related("organization")[:2]
        )
        if len(members) > 1:
            raise _Cell(
                "number", f"Có nhiều đảng viên {name} sinh ngày {born:%d/%m/%Y}: ghi số CCCD."
            )
        if members:
            return cadre_of_member(actor=self.actor, member=members[0])
        outside = [
            c
            for c in Cadre.objects.filter(
                path_q(self.root.path, "organization__path"), member__isnull=True, birth_date=born
            )
            if search_key(c.full_name) == key
        ]
        if len(outside) > 1:
            raise _Cell("full_name", f"Có nhiều cán bộ {name} sinh ngày {born:%d/%m/%Y}.")
        if outside:
            return outside[0]
        if not values.get("gender"):
            raise _Cell(
                "gender",
                f"{name} không có trong danh sách đảng viên hay cán bộ của «{self.root.name}»: "
                "ghi giới tính để ghi hồ sơ người ngoài Đảng (hoặc ghi số CCCD nếu là đảng viên).",
            )
        return cadre_create(
            actor=self.actor,
            organization=organization,
            full_name=name,
            birth_date=born,
            gender=values["gender"],
        )


class _Cell(Exception):
    def __init__(self, column: str, message: str):
        super().__init__(message)
        self.column, self.message = column, message


# --- The import ----------------------------------------------------------------------------


@dataclass
class Problem:
    row: int  # the row's number in the sheet, as Excel shows it
    column: str  # the header as the file writes it
    message: str


@dataclass
class Row:
    number: int
    position: str  # the position's label
    person: str
    what: str  # «Chức vụ mới; bổ nhiệm từ 04/01/2021»


@dataclass
class Result:
    kind: str
    file_name: str
    organization: Organization
    dry_run: bool
    term: Term | None = None
    rows: list[Row] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)
    headers: list[str] = field(default_factory=list)  # the file's own, for the rejected rows

    @property
    def written(self) -> int:
        return 0 if self.dry_run or self.problems else len(self.rows)

    @property
    def summary(self) -> str:
        if self.problems:
            return refused_summary(self.problems)
        what = "dòng chức vụ" if self.kind == POSITIONS else "lượt quy hoạch"
        if self.dry_run:
            return f"Kiểm tra thử: {len(self.rows)} {what} sẽ được ghi; chưa ghi gì."
        return f"Đã ghi {len(self.rows)} {what}."


class _Rollback(Exception):
    pass


def cadres_import(
    *,
    actor,
    kind: str,
    organization: Organization,
    file_name: str,
    data: bytes,
    dry_run: bool,
    term: Term | None = None,
) -> Result:
    """Read the sheet and write its rows under `organization` (positions and incumbents, or
    the planning list of `term`), all or nothing. Refuses the file as a whole (ServiceError)
    when it cannot be read or lacks a needed column."""
    if kind not in KINDS:
        raise ServiceError({"kind": [f"Loại tệp «{kind}» không có: positions hoặc planning."]})
    if kind == PLANNING and term is None:
        raise ServiceError({"term": ["Chọn nhiệm kỳ của danh sách quy hoạch."]})
    check_write(actor, organization)
    rows = read_rows(data, file_name)
    head = find_header_row(rows, header_names(COLUMNS[kind]), [c.header for c in COLUMNS[kind][:4]])
    headers = rows[head]
    mapping = match_headers(headers, kind)
    for column in COLUMNS[kind]:
        if column.required and column.field not in mapping.values():
            raise ServiceError({"file": [f"Tệp thiếu cột «{column.header}»: {column.help}"]})
    if kind == PLANNING and not {"full_name", "number"} & set(mapping.values()):
        raise ServiceError({"file": ["Tệp thiếu cột «Họ và tên» (người được quy hoạch)."]})
    result = Result(kind, file_name, organization, dry_run, term)
    sheet = sheet_read(rows, head, mapping, LABELS)
    result.headers, result.ignored, lines = sheet.headers, sheet.ignored, sheet.lines

    def problem(number: int, name: str, message: str) -> None:
        result.problems.append(
            Problem(number, sheet.shown.get(name, LABELS.get(name, name)), message)
        )

    if not lines:
        raise ServiceError({"file": [f"«{file_name}» không có dòng nào dưới dòng tên cột."]})
    try:
        with transaction.atomic():
            lookups = _Lookups(actor, organization)
            write = _position_row if kind == POSITIONS else _planning_row
            parsed = []
            for number, raw in lines:
                values, errors = parse_cells(raw)
                found = _resolve(lookups, values, errors)
                if errors:
                    for name, message in errors.items():
                        problem(number, name, message)
                    continue
                parsed.append((number, values, found))
            seats = _seats(parsed, problem) if kind == POSITIONS else {}
            for number, values, found in parsed:
                known = dict(lookups.positions)
                try:
                    with transaction.atomic():
                        done = write(lookups, values, found, seats, term)
                except (_Cell, ServiceError) as exc:
                    # a position the refused row made was rolled back with it: forgotten too
                    lookups.positions = known
                    if isinstance(exc, _Cell):
                        problem(number, exc.column, exc.message)
                        continue
                    columns = _SERVICE_COLUMNS[kind]
                    for name, messages in exc.errors.items():
                        for message in messages:
                            problem(number, columns.get(name, name or "full_name"), message)
                else:
                    result.rows.append(Row(number, *done))
            if dry_run or result.problems:
                raise _Rollback
    except _Rollback:
        pass
    result.problems.sort(key=lambda p: p.row)
    return result


def _resolve(lookups: _Lookups, values: dict, errors: dict) -> dict:
    """The organization, body, title, level and decision a row names (errors by column)."""
    found: dict = {}
    steps = [
        ("organization", lambda: lookups.organization(values.get("organization", ""))),
        ("title", lambda: lookups.title(values.get("title", ""))),
        ("management_level", lambda: lookups.level(values.get("management_level", ""))),
        ("decision", lambda: lookups.decision(values.get("decision", ""))),
    ]
    for name, find in steps:
        if name in errors:
            continue
        if name == "title" and not values.get("title"):
            errors["title"] = "Chưa ghi chức danh."
            continue
        try:
            found[name] = find()
        except CellError as exc:
            errors[name] = str(exc)
    if "organization" in found and "body" not in errors:
        try:
            found["body"] = lookups.body(found["organization"], values.get("body", ""))
        except CellError as exc:
            errors["body"] = str(exc)
    named = values.get("full_name") or values.get("number") or "number" in errors
    if not named and (values.get("birth_date") or values.get("gender")):
        errors["full_name"] = "Có ngày sinh, giới tính mà chưa ghi họ và tên."
    return found


def _seats(parsed, problem) -> dict[tuple, int]:
    """The seats of each new position the file makes: the «Số người» written (every row of
    the position saying the same), else as many as its rows."""
    said: dict[tuple, tuple[int, int]] = {}  # key -> (seats, row that said it)
    rows: dict[tuple, int] = {}
    for number, values, found in list(parsed):
        key = _position_key(found)
        rows[key] = rows.get(key, 0) + 1
        seats = values.get("seats")
        if seats is None:
            continue
        if key in said and said[key][0] != seats:
            problem(
                number,
                "seats",
                f"Số người {seats} khác dòng {said[key][1]} của cùng chức vụ ({said[key][0]}).",
            )
            parsed.remove((number, values, found))
            continue
        said.setdefault(key, (seats, number))
    return {key: said[key][0] if key in said else n for key, n in rows.items()}


def _position_key(found: dict) -> tuple:
    body = found.get("body")
    return (found["organization"].pk, body.pk if body else None, found["title"].pk)


def _position_row(lookups: _Lookups, values, found, seats, term) -> tuple[str, str, str]:
    org, body, title = found["organization"], found.get("body"), found["title"]
    on = values.get("start")
    has_person = bool(values.get("full_name") or values.get("number"))
    if has_person and on is None:
        raise _Cell("start", "Ghi ngày bắt đầu giữ chức vụ.")
    what = []
    position = lookups.position(org, body, title, on or date.today())
    want = values.get("seats")
    if position is None:
        position = position_create(
            actor=lookups.actor,
            organization=org,
            title=title,
            body=body,
            management_level=found.get("management_level"),
            seats=seats[_position_key(found)],
        )
        lookups.positions[_position_key(found)] = position
        what.append(f"chức vụ mới, {position.seats} người")
    elif want is not None and want != position.seats:
        raise _Cell(
            "seats",
            f"{position.label} đã có với {position.seats} người: sửa số người ở trang chức vụ.",
        )
    person = ""
    if has_person:
        cadre = lookups.person(values, org)
        kind = CadreEvent.Kind.ELECTION if title.committee_role else CadreEvent.Kind.APPOINTMENT
        cadre_appoint(
            actor=lookups.actor,
            cadre=cadre,
            position=position,
            on=on,
            kind=kind,
            decision=found.get("decision"),
        )
        person = cadre.full_name
        what.append(f"{CadreEvent.Kind(kind).label.lower()} từ {on:%d/%m/%Y}")
    return position.label, person, "; ".join(what) or "chức vụ đã có"


def _planning_row(lookups: _Lookups, values, found, seats, term) -> tuple[str, str, str]:
    org, body, title = found["organization"], found.get("body"), found["title"]
    on = values.get("added_on")
    if on is None:
        raise _Cell("added_on", "Ghi ngày đưa vào quy hoạch.")
    if not (values.get("full_name") or values.get("number")):
        raise _Cell("full_name", "Ghi họ và tên người được quy hoạch.")
    position = lookups.position(org, body, title, on)
    if position is None:
        where = body.name if body else org.name
        raise _Cell(
            "title",
            f"{where} chưa có chức vụ {title.name} vào ngày {on:%d/%m/%Y}: nhập chức vụ trước.",
        )
    cadre = lookups.person(values, org)
    planning_add(
        actor=lookups.actor,
        cadre=cadre,
        position=position,
        term=term,
        on=on,
        decision=found.get("decision"),
    )
    return position.label, cadre.full_name, f"quy hoạch {term.name} từ {on:%d/%m/%Y}"


# --- The templates -------------------------------------------------------------------------


def template_xlsx(kind: str) -> bytes:
    """The empty sheet of a kind: its columns, drop-down lists of titles, levels, gender, and a
    guide."""
    choices = {
        "title": list(PositionTitle.objects.values_list("name", flat=True)),
        "gender": [label for _, label in Gender.choices],
    }
    if kind == POSITIONS:
        choices["management_level"] = list(ManagementLevel.objects.values_list("name", flat=True))
        note = (
            "Mỗi dòng một chức vụ, hoặc một người đảm nhiệm chức vụ (Phó Bí thư có hai người: "
            "hai dòng). Chức vụ đã có (cùng tổ chức, cơ quan, chức danh) thì chỉ ghi người đảm "
            "nhiệm; chức danh cấp ủy được ghi là bầu, chức danh khác là bổ nhiệm. Có lỗi ở bất "
            "kỳ dòng nào thì không ghi gì."
        )
    else:
        note = (
            "Mỗi dòng một người được quy hoạch vào một chức danh, cho nhiệm kỳ chọn khi tải "
            "lên. Chức vụ phải có trước (nhập tệp chức vụ hoặc thêm ở trang chức vụ). Có lỗi ở "
            "bất kỳ dòng nào thì không ghi gì."
        )
    return import_template(
        COLUMNS[kind],
        KINDS[kind],
        note,
        choices=choices,
        dates={"birth_date", "start", "added_on"},
        texts={"number", "decision", "organization"},
    )
