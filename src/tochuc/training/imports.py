"""The import of a class's trainees from a sheet: a list to enrol, and later the school's results
(attendance, grade, certificate number and date, leavings) for the same people. The cadre
work's import is the pattern (cadres/imports.py): the file read by `imports.reading`, headers
matched forgivingly by accent-free keys, each cell read into a value or a Vietnamese message
naming row and column, then every row written through the services (trainee_enrol,
trainee_complete, trainee_drop) inside one transaction — all or nothing; the dry run does the
same and rolls back, so it meets every rule the real run would.

A row's person, within the subtree of the class's organizer: a member by CCCD or party card
number, else by name and birth date; then a candidate of the admission pipeline (by CCCD, or
name and birth date); then a cadre outside the Party's rolls (name and birth date); else a
person not in the system, by name. A person already in the class is not enrolled again: the
row only records its result, so the list enrolled first comes back with the school's results.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction

from tochuc.cadres.imports import parse_day, parse_person_number
from tochuc.cadres.models import Cadre
from tochuc.core.cells import CellError, cell_shown, cell_text
from tochuc.core.errors import NotFound, ServiceError
from tochuc.core.scope import check_write, path_q
from tochuc.core.text import search_key
from tochuc.documents.imports import (
    find_header_row,
    header_names,
    match_headers,
    refused_summary,
    sheet_read,
)
from tochuc.imports.files import import_template
from tochuc.imports.parsing import Column, parse_gender, parse_text
from tochuc.imports.reading import read_rows
from tochuc.members.models import Candidate, Gender, Member
from tochuc.training.models import Trainee, TrainingClass
from tochuc.training.services import trainee_complete, trainee_drop, trainee_enrol

T = Trainee.Status
_DATE_HELP = "Ngày/tháng/năm, ví dụ 04/01/2021."

COLUMNS = [
    Column(
        "full_name",
        "Họ và tên",
        ("Họ tên", "Học viên", "Họ và tên học viên", "Tên học viên", "Họ tên học viên"),
        True,
        "Họ và tên học viên; có thể để trống khi ghi số CCCD, số thẻ của đảng viên.",
    ),
    Column(
        "number",
        "Số CCCD hoặc số thẻ đảng viên",
        ("Số CCCD", "CCCD", "Căn cước công dân", "Số thẻ đảng viên", "Số thẻ", "Số định danh"),
        False,
        "12 chữ số CCCD hoặc số thẻ đảng viên (định dạng ô là Văn bản); để trống thì nhận ra "
        "người theo họ tên và ngày sinh.",
    ),
    Column(
        "birth_date",
        "Ngày sinh",
        ("Ngày tháng năm sinh", "Sinh ngày", "Năm sinh"),
        False,
        f"Cần khi không ghi số CCCD hay số thẻ. {_DATE_HELP}",
    ),
    Column("gender", "Giới tính", ("Nam nữ", "Nam/Nữ"), False, "Nam hoặc Nữ."),
    Column(
        "place",
        "Nơi sinh hoạt/công tác",
        (
            "Nơi sinh hoạt",
            "Nơi công tác",
            "Nơi sinh hoạt, công tác",
            "Đơn vị công tác",
            "Chức vụ, đơn vị công tác",
            "Chi bộ",
            "Đơn vị",
        ),
        False,
        "Để đối chiếu, không bắt buộc: nơi sinh hoạt của đảng viên lấy theo hồ sơ.",
    ),
    Column(
        "enrolled_on",
        "Ngày nhập học",
        ("Ngày vào học", "Ngày nhập lớp", "Nhập học"),
        False,
        f"Để trống: ngày khai giảng của lớp. {_DATE_HELP}",
    ),
    Column(
        "completed_on",
        "Ngày hoàn thành",
        ("Ngày kết thúc khóa học", "Ngày tốt nghiệp", "Hoàn thành"),
        False,
        "Ghi khi học viên đã hoàn thành lớp; để trống mà có kết quả hay giấy chứng nhận: ngày "
        f"kết thúc lớp. {_DATE_HELP}",
    ),
    Column(
        "absences",
        "Số buổi vắng",
        ("Vắng", "Số buổi nghỉ", "Chuyên cần", "Số ngày vắng"),
        False,
        "Số buổi (ngày) học viên vắng mặt, từ 0 đến 999; để trống nếu không theo dõi.",
    ),
    Column(
        "result",
        "Kết quả (xếp loại)",
        ("Kết quả", "Xếp loại", "Kết quả học tập", "Xếp loại tốt nghiệp", "Kết quả, xếp loại"),
        False,
        "Giỏi, Khá, Trung bình ... như cơ sở đào tạo ghi.",
    ),
    Column(
        "certificate_number",
        "Số giấy chứng nhận",
        ("Số GCN", "Số bằng", "Số giấy chứng nhận, bằng", "Số hiệu văn bằng", "Số văn bằng"),
        False,
        "Số giấy chứng nhận hoặc bằng (định dạng ô là Văn bản).",
    ),
    Column(
        "certificate_date",
        "Ngày cấp",
        ("Ngày cấp giấy chứng nhận", "Ngày cấp bằng", "Ngày cấp GCN"),
        False,
        f"Ngày cấp giấy chứng nhận. {_DATE_HELP}",
    ),
    Column(
        "dropped_reason",
        "Thôi học (lý do)",
        ("Thôi học", "Lý do thôi học"),
        False,
        "Lý do, khi học viên thôi học (không ghi cùng ngày hoàn thành).",
    ),
    Column(
        "dropped_on",
        "Ngày thôi học",
        (),
        False,
        f"Để trống: hôm nay (hoặc ngày kết thúc lớp nếu lớp đã kết thúc). {_DATE_HELP}",
    ),
]
LABELS = {c.field: c.header for c in COLUMNS}
_NAMES = header_names(COLUMNS)
_DATES = {"birth_date", "enrolled_on", "completed_on", "certificate_date", "dropped_on"}
_RESULT = {"completed_on", "absences", "result", "certificate_number", "certificate_date"}
# Where a service's refusal of a field shows in the file (the rest: the service's first column).
_SERVICE_COLUMNS = {
    "enrol": {"gender": "gender", "enrolled_on": "enrolled_on", "": "full_name"},
    "complete": {
        "on": "completed_on",
        "certificate_date": "certificate_date",
        "absences": "absences",
        "": "completed_on",
    },
    "drop": {"on": "dropped_on", "reason": "dropped_reason", "": "dropped_reason"},
}

# --- Headers -------------------------------------------------------------------------------


def header_fields(headers: Sequence[object]) -> dict[int, str]:
    """Column index -> field, by the documents import's rule (documents.imports.match_headers)."""
    return match_headers(headers, _NAMES)


# --- Cells ---------------------------------------------------------------------------------


def parse_absences(value: object) -> int | None:
    """Sessions missed: a whole number 0 to 999 (Excel's 2.0 is 2); empty is None."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = cell_text(value)
    if not text:
        return None
    if isinstance(value, bool) or not (text.isascii() and text.isdigit()) or int(text) > 999:
        raise CellError(f"Số buổi vắng «{cell_shown(value)}» phải là số nguyên từ 0 đến 999.")
    return int(text)


_PARSERS = {
    "absences": parse_absences,
    "number": parse_person_number,
    "gender": parse_gender,
    **dict.fromkeys(_DATES, parse_day),
}


def parse_cells(raw: dict[str, object]) -> tuple[dict[str, object], dict[str, str]]:
    """Each cell of a row (field -> what the file holds) read into its value, or the message
    saying what to write instead."""
    values: dict[str, object] = {}
    errors: dict[str, str] = {}
    for name, value in raw.items():
        try:
            values[name] = _PARSERS.get(name, parse_text)(value)
        except CellError as exc:
            errors[name] = str(exc)
    return values, errors


# --- The people ----------------------------------------------------------------------------


class _Cell(Exception):
    def __init__(self, column: str, message: str):
        super().__init__(message)
        self.column, self.message = column, message


class _People:
    """Whom a row names, in the subtree of the class's organizer, and their place in the class
    (the class's trainees read once)."""

    def __init__(self, klass: TrainingClass):
        self.klass, self.root = klass, klass.organization
        self.inside = path_q(self.root.path, "organization__path")
        self.trainees = list(
            Trainee.objects.filter(training_class=klass).select_related("candidate")
        )

    def _same_name(self, person, name: str) -> None:
        if name and search_key(name) != search_key(person.full_name):
            what = "đảng viên" if isinstance(person, Member) else "quần chúng ưu tú"
            raise _Cell(
                "full_name",
                f"Số đã ghi là của {what} {person.full_name}, không phải {name}: sửa họ tên "
                "hoặc số.",
            )

    def find(self, values: dict) -> Member | Candidate | Cadre | None:
        """The row's member, candidate or cadre outside the rolls; None: a person not in the
        system (by name). Raises _Cell with the column it concerns."""
        name, number, born = values.get("full_name"), values.get("number"), values.get("birth_date")
        if number:
            kind, digits = number
            member = (
                Member.objects.filter(self.inside, **{kind: digits})
                .select_related("organization")
                .first()
            )
            if member is not None:
                self._same_name(member, name)
                return member
            if kind == "party_card_number":
                raise _Cell(
                    "number", f"Không có đảng viên số thẻ {digits} trong «{self.root.name}»."
                )
            candidate = (
                Candidate.objects.filter(self.inside, citizen_id=digits, member__isnull=True)
                .select_related("organization")
                .first()
            )
            if candidate is not None:
                self._same_name(candidate, name)
                return candidate
            # a CCCD nobody of the subtree has on record: found by name and birth date below
        if not name:
            raise _Cell(
                "full_name",
                f"Không có đảng viên, quần chúng ưu tú số CCCD {number[1]} trong "
                f"«{self.root.name}»: ghi họ và tên, ngày sinh."
                if number
                else "Chưa ghi họ và tên.",
            )
        key = search_key(name)
        if born is None:
            if self._named(key):
                raise _Cell(
                    "birth_date",
                    f"«{self.root.name}» có người tên {name}: ghi ngày sinh hoặc số CCCD để nhận "
                    "ra người.",
                )
            return None
        members = list(
            Member.objects.filter(self.inside, search_key=key, birth_date=born).select_related(
                "organization"
            )[:2]
        )
        if len(members) > 1:
            raise _Cell(
                "number", f"Có nhiều đảng viên {name} sinh ngày {born:%d/%m/%Y}: ghi số CCCD."
            )
        if members:
            member = members[0]
            if number and member.citizen_id and member.citizen_id != number[1]:
                raise _Cell(
                    "number",
                    f"Đảng viên {member.full_name} sinh ngày {born:%d/%m/%Y} có số CCCD khác "
                    "trong hồ sơ: sửa số hoặc để trống.",
                )
            return member
        candidates = list(
            Candidate.objects.filter(
                self.inside, search_key=key, birth_date=born, member__isnull=True
            ).select_related("organization")[:2]
        )
        if len(candidates) > 1:
            raise _Cell(
                "number",
                f"Có nhiều quần chúng ưu tú {name} sinh ngày {born:%d/%m/%Y}: ghi số CCCD.",
            )
        if candidates:
            return candidates[0]
        outside = [
            c
            for c in Cadre.objects.filter(
                self.inside, member__isnull=True, birth_date=born
            ).select_related("organization")
            if search_key(c.full_name) == key
        ]
        if len(outside) > 1:
            raise _Cell("full_name", f"Có nhiều cán bộ {name} sinh ngày {born:%d/%m/%Y}.")
        return outside[0] if outside else None

    def _named(self, key: str) -> bool:
        """Someone of the subtree with that name (accents aside): a birth date must tell."""
        if Member.objects.filter(self.inside, search_key=key).exists():
            return True
        if Candidate.objects.filter(self.inside, search_key=key, member__isnull=True).exists():
            return True
        cadres = Cadre.objects.filter(self.inside, member__isnull=True)
        return any(search_key(n) == key for n in cadres.values_list("full_name", flat=True))

    def enrolled(self, person, values: dict) -> Trainee | None:
        """The person's place in the class, when they have one (a candidate since admitted
        is the member); a person not in the system by name and birth date."""
        for t in self.trainees:
            if isinstance(person, Member) and (
                t.member_id == person.pk or (t.candidate and t.candidate.member_id == person.pk)
            ):
                return t
            if isinstance(person, Candidate) and t.candidate_id == person.pk:
                return t
            if isinstance(person, Cadre) and t.cadre_id == person.pk:
                return t
        if person is not None:
            return None
        key, born = search_key(values["full_name"]), values.get("birth_date")
        named = [
            t
            for t in self.trainees
            if not (t.member_id or t.candidate_id or t.cadre_id)
            and search_key(t.full_name) == key
            and (born is None or t.birth_date in (None, born))
        ]
        if len(named) > 1:
            raise _Cell(
                "birth_date",
                f"Lớp có {len(named)} học viên tên {values['full_name']}: ghi ngày sinh.",
            )
        return named[0] if named else None


def _identity(person, values: dict) -> tuple:
    if person is not None:
        return (type(person).__name__, person.pk)
    return ("name", search_key(values["full_name"]), values.get("birth_date"))


def _who(person, values: dict) -> str:
    if isinstance(person, Member):
        return f"đảng viên, {person.organization.name}"
    if isinstance(person, Candidate):
        return f"quần chúng ưu tú, {person.organization.name}"
    if isinstance(person, Cadre):
        return f"cán bộ, {person.organization.name}"
    place = values.get("place")
    return f"chưa có trong hệ thống{f' ({place})' if place else ''}"


# --- The import ----------------------------------------------------------------------------


@dataclass
class Problem:
    row: int  # the row's number in the sheet, as Excel shows it
    column: str  # the header as the file writes it
    message: str


@dataclass
class Row:
    number: int
    person: str
    who: str  # «đảng viên, Chi bộ Giáo viên»
    what: str  # «ghi vào lớp từ 01/03/2025; hoàn thành 30/09/2025, Giỏi, GCN 123»
    enrolled: bool = False
    completed: bool = False
    dropped: bool = False


@dataclass
class Result:
    training_class: TrainingClass
    file_name: str
    dry_run: bool
    rows: list[Row] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)
    headers: list[str] = field(default_factory=list)  # the file's own, for the rejected rows

    @property
    def organization(self):
        return self.training_class.organization

    @property
    def written(self) -> int:
        return 0 if self.dry_run or self.problems else len(self.rows)

    @property
    def counts(self) -> str:
        """«3 học viên mới, 2 hoàn thành, 1 thôi học»."""
        said = [
            (sum(r.enrolled for r in self.rows), "học viên mới"),
            (sum(r.completed for r in self.rows), "hoàn thành"),
            (sum(r.dropped for r in self.rows), "thôi học"),
        ]
        return ", ".join(f"{n} {what}" for n, what in said if n) or "không có gì thay đổi"

    @property
    def summary(self) -> str:
        if self.problems:
            return refused_summary(self.problems)
        if self.dry_run:
            return f"Kiểm tra thử: {len(self.rows)} dòng sẽ được ghi ({self.counts}); chưa ghi gì."
        return f"Đã ghi {len(self.rows)} dòng: {self.counts}."


class _Rollback(Exception):
    pass


def trainees_import(
    *, actor, training_class: TrainingClass, file_name: str, data: bytes, dry_run: bool
) -> Result:
    """Read the sheet and write its rows into `training_class` (people enrolled, their results
    and leavings), all or nothing. Refuses the file as a whole (ServiceError) when it cannot
    be read, lacks the names, or the class is cancelled."""
    check_write(actor, training_class.organization)
    klass = TrainingClass.objects.select_related("organization", "programme").get(
        pk=training_class.pk
    )
    if klass.status == TrainingClass.Status.CANCELLED:
        raise ServiceError({"file": [f"Lớp {klass.name} đã hủy: không nhập danh sách."]})
    rows = read_rows(data, file_name)
    head = find_header_row(
        rows, _NAMES, ("Họ và tên", "Số CCCD hoặc số thẻ đảng viên", "Ngày sinh")
    )
    headers = rows[head]
    mapping = header_fields(headers)
    if "full_name" not in mapping.values():
        raise ServiceError({"file": [f"Tệp thiếu cột «{LABELS['full_name']}»."]})
    result = Result(klass, file_name, dry_run)
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
            people = _People(klass)
            seen: dict[tuple, int] = {}  # a person -> the row that named them first
            for number, raw in lines:
                values, errors = parse_cells(raw)
                if errors:
                    for name, message in errors.items():
                        problem(number, name, message)
                    continue
                try:
                    person = people.find(values)
                    identity = _identity(person, values)
                    if identity in seen:
                        named = person.full_name if person else values["full_name"]
                        raise _Cell("full_name", f"{named} đã có ở dòng {seen[identity]} của tệp.")
                    seen[identity] = number
                    with transaction.atomic():
                        done = _write(actor, people, person, values)
                    trainee = done.pop("trainee")
                    if done["enrolled"]:  # kept only once its row stands (a refusal undoes it)
                        people.trainees.append(trainee)
                except _Cell as exc:
                    problem(number, exc.column, exc.message)
                except _Refused as exc:
                    for name, messages in exc.error.errors.items():
                        column = exc.columns.get(name, exc.columns[""])
                        for message in messages:
                            problem(number, column, message)
                else:
                    result.rows.append(Row(number, **done))
            if dry_run or result.problems:
                raise _Rollback
    except _Rollback:
        pass
    result.problems.sort(key=lambda p: p.row)
    return result


class _Refused(Exception):
    """A service's refusal, with where its fields show in the file."""

    def __init__(self, error: ServiceError, step: str):
        super().__init__(error.text())
        self.error, self.columns = error, _SERVICE_COLUMNS[step]


def _call(step: str, service, **kwargs):
    try:
        return service(**kwargs)
    except ServiceError as exc:
        raise _Refused(exc, step) from None
    except NotFound:  # a person out of the actor's sight: said as not found, naming nobody
        raise _Cell("full_name", "Không tìm thấy người này trong phạm vi của tài khoản.") from None


def _write(actor, people: _People, person, values: dict) -> dict:
    """One row: the person enrolled unless already in the class, then their completion or
    their leaving when the row gives one."""
    klass = people.klass
    finished = any(values.get(f) for f in _RESULT)
    leaving = bool(values.get("dropped_reason") or values.get("dropped_on"))
    if finished and leaving:
        raise _Cell(
            "dropped_reason", "Dòng ghi cả kết quả hoàn thành và thôi học: chỉ ghi một trong hai."
        )
    done = {"enrolled": False, "completed": False, "dropped": False}
    what = []
    trainee = people.enrolled(person, values)
    if trainee is None:
        on = values.get("enrolled_on") or klass.starts_on
        trainee = _call(
            "enrol",
            trainee_enrol,
            actor=actor,
            training_class=klass,
            on=on,
            member=person if isinstance(person, Member) else None,
            candidate=person if isinstance(person, Candidate) else None,
            cadre=person if isinstance(person, Cadre) else None,
            full_name=values.get("full_name", ""),
            birth_date=values.get("birth_date"),
            gender=values.get("gender") or "",
        )
        done["enrolled"] = True
        what.append(f"ghi vào lớp từ {on:%d/%m/%Y}")
    else:
        what.append(f"đã có trong lớp ({trainee.get_status_display().lower()})")
    if finished:
        what.append(_complete(actor, klass, trainee, values, done))
    if leaving:
        what.append(_drop(actor, klass, trainee, values, done))
    return {
        "trainee": trainee,
        "person": trainee.full_name,
        "who": _who(person, values),
        "what": "; ".join(what),
        **done,
    }


def _complete(actor, klass, trainee, values, done) -> str:
    on = values.get("completed_on")
    if on is None:
        if klass.ends_on > date.today():
            raise _Cell(
                "completed_on",
                f"Ghi ngày hoàn thành (lớp kết thúc ngày {klass.ends_on:%d/%m/%Y}, chưa đến).",
            )
        on = klass.ends_on
    said = ", ".join(
        s
        for s in (
            f"hoàn thành {on:%d/%m/%Y}",
            values.get("result", ""),
            f"GCN {values['certificate_number']}" if values.get("certificate_number") else "",
        )
        if s
    )
    if trainee.status == T.COMPLETED and trainee.completed_on == on:
        return f"đã ghi {said} trước đó"  # the same results sheet brought again: nothing new
    row = _call(
        "complete",
        trainee_complete,
        actor=actor,
        trainee=trainee,
        on=on,
        result=values.get("result", ""),
        certificate_number=values.get("certificate_number", ""),
        certificate_date=values.get("certificate_date"),
        absences=values.get("absences"),
    )
    done["completed"] = True
    if row.level_given:
        said += f"; trình độ lý luận chính trị nâng lên {row.get_level_given_display().lower()}"
    return said


def _drop(actor, klass, trainee, values, done) -> str:
    reason = values.get("dropped_reason", "")
    if not reason:
        raise _Cell("dropped_reason", "Ghi lý do thôi học.")
    on = values.get("dropped_on") or max(trainee.enrolled_on, min(date.today(), klass.ends_on))
    if trainee.status == T.DROPPED and trainee.dropped_on == on:
        return f"đã ghi thôi học {on:%d/%m/%Y} trước đó"
    _call("drop", trainee_drop, actor=actor, trainee=trainee, on=on, reason=reason)
    done["dropped"] = True
    return f"thôi học {on:%d/%m/%Y}: {reason}"


# --- The template --------------------------------------------------------------------------


def template_xlsx() -> bytes:
    """The empty sheet of a class's trainees: its columns, a drop-down list of gender, and a
    guide."""
    return import_template(
        COLUMNS,
        "Học viên",
        "Mỗi học viên một dòng. Đảng viên, quần chúng ưu tú, cán bộ của đơn vị tổ chức lớp "
        "được nhận ra theo số CCCD (hoặc số thẻ đảng viên), hoặc họ tên và ngày sinh; người "
        "chưa có trong hệ thống được ghi theo họ tên. Học viên đã có trong lớp không được ghi "
        "lại: dòng của họ chỉ ghi kết quả (hoàn thành, giấy chứng nhận) hoặc thôi học, nên "
        "cùng một danh sách nhập lúc khai giảng, rồi nhập lại khi có kết quả. Có lỗi ở bất kỳ "
        "dòng nào thì không ghi gì.",
        choices={"gender": [label for _, label in Gender.choices]},
        dates=_DATES,
        texts={"number", "certificate_number"},
    )
