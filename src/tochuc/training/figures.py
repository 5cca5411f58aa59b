"""The training work's sections of the report (reports.sections), per row of the report, for
two periods: the year (01/01 to the report's day: "hằng năm ... mở hàng chục lớp") and the
term in force (its first day to the report's day: "đã tổ chức được 28 lớp bồi dưỡng ... 2
lớp trung cấp" in a term's report):

- the classes held (started in the period, not cancelled) by programme and kind, where they
  are organized (the organizer's path): seed 004's "28 lớp ... 2 lớp ... 12 lớp";
- the trainees who completed (completed_on in the period; a cancelled class's completions are
  none) by the level their programme gives
  and by gender, and those studying on the day, where the people are (the trainee's
  organization): "3 đồng chí đang học cao cấp".

Every count is one grouped query per kind of row. Each figure opens its list: /training/
(programme, kind, from, to, held) for classes, /training/people/ (programme, kind, level,
gender, from, to, status, running) for trainees."""

from __future__ import annotations

from collections import Counter
from datetime import date

from django.db.models import Count, Q
from django.db.models.functions import Substr

from tochuc.members.models import Gender
from tochuc.orgs.models import Term
from tochuc.reports import sections
from tochuc.reports.selectors import Column, TableSpec
from tochuc.training.models import Programme, Trainee, TrainingClass
from tochuc.training.selectors import running_q

CLASSES, TRAINEES = "training_classes", "training_trainees"
YEAR, TERM = "y", "t"
LEVELS = (
    ("cu_nhan", "Cử nhân"),
    ("cao_cap", "Cao cấp"),
    ("trung_cap", "Trung cấp"),
    ("so_cap", "Sơ cấp"),
)


def _day(on: date) -> str:
    return on.strftime("%d/%m/%Y")


def periods(on: date) -> dict[str, tuple[date, str]]:
    """The year's and the term's first day, with the words of a title."""
    found = {YEAR: (date(on.year, 1, 1), f"từ 01/01/{on.year} đến {_day(on)}")}
    term = Term.objects.filter(starts_on__lte=on).order_by("-starts_on").first()
    if term is not None:
        found[TERM] = (
            term.starts_on,
            f"nhiệm kỳ {term.name} (từ {_day(term.starts_on)} đến {_day(on)})",
        )
    return found


def _in(low: str, high: str, field: str) -> Q:
    return Q(**{f"{field}__gte": low, f"{field}__lt": high})


def class_figures(on: date, low: str, high: str, width: int) -> dict[str, Counter]:
    path = "organization__path"
    starts = periods(on)
    first = min(start for start, _ in starts.values())
    rows = (
        TrainingClass.objects.filter(_in(low, high, path), starts_on__gte=first, starts_on__lte=on)
        .exclude(status=TrainingClass.Status.CANCELLED)
        .annotate(prefix=Substr(path, 1, width))
        .values_list("prefix", "programme_id", "programme__kind")
        .annotate(
            **{
                period: Count("id", filter=Q(starts_on__gte=start))
                for period, (start, _) in starts.items()
            }
        )
        .order_by()
    )
    found: dict[str, Counter] = {}
    for prefix, programme, kind, *counts in rows:
        counter = found.setdefault(prefix, Counter())
        for period, n in zip(starts, counts, strict=True):
            for value in ("all", kind, str(programme)):
                counter[(CLASSES, f"{period}:{value}")] += n
    return found


def trainee_figures(on: date, low: str, high: str, width: int) -> dict[str, Counter]:
    path = "organization__path"
    starts = periods(on)
    first = min(start for start, _ in starts.values())
    done = (
        Trainee.objects.filter(
            _in(low, high, path),
            status=Trainee.Status.COMPLETED,
            completed_on__gte=first,
            completed_on__lte=on,
        )
        .exclude(training_class__status=TrainingClass.Status.CANCELLED)
        .annotate(prefix=Substr(path, 1, width))
        .values_list(
            "prefix",
            "training_class__programme__theory_level",
            "training_class__programme__kind",
            "gender",
        )
        .annotate(
            **{
                period: Count("id", filter=Q(completed_on__gte=start))
                for period, (start, _) in starts.items()
            }
        )
        .order_by()
    )
    found: dict[str, Counter] = {}
    for prefix, level, kind, gender, *counts in done:
        counter = found.setdefault(prefix, Counter())
        for period, n in zip(starts, counts, strict=True):
            values = (
                ["all", kind]
                + ([level] if level else [])
                + (["female"] if gender == Gender.FEMALE else [])
            )
            for value in values:
                counter[(TRAINEES, f"{period}:{value}")] += n
    studying = (
        Trainee.objects.filter(
            _in(low, high, path), running_q(on, "training_class__"), status=Trainee.Status.ENROLLED
        )
        .annotate(prefix=Substr(path, 1, width))
        .values_list("prefix")
        .annotate(n=Count("id"))
        .order_by()
    )
    for prefix, n in studying:
        found.setdefault(prefix, Counter())[(TRAINEES, "studying")] += n
    return found


def _count(dimension: str, value: str):
    return lambda row, _: row.n(dimension, value)


def class_tables(on: date) -> list[TableSpec]:
    programmes = list(Programme.objects.values_list("pk", "name", "kind"))
    tables = []
    for period, (start, words) in periods(on).items():
        drill = {"from": _day(start), "to": _day(on), "held": 1, "organized": 1}
        tables.append(
            TableSpec(
                f"dao-tao-lop-{'nam' if period == YEAR else 'nhiem-ky'}",
                f"Lớp đào tạo, bồi dưỡng {words}",
                [
                    Column("Tổng số lớp", _count(CLASSES, f"{period}:all"), dict(drill)),
                    Column(
                        "Đào tạo",
                        _count(CLASSES, f"{period}:training"),
                        {"kind": "training"} | drill,
                    ),
                    Column(
                        "Bồi dưỡng",
                        _count(CLASSES, f"{period}:fostering"),
                        {"kind": "fostering"} | drill,
                    ),
                    *(
                        Column(name, _count(CLASSES, f"{period}:{pk}"), {"programme": pk} | drill)
                        for pk, name, _kind in programmes
                    ),
                ],
                of=CLASSES,
            )
        )
    return tables


def trainee_tables(on: date) -> list[TableSpec]:
    tables = []
    running = {"running": 1} | ({"on": _day(on)} if on < date.today() else {})
    for period, (start, words) in periods(on).items():
        drill = {"status": "completed", "from": _day(start), "to": _day(on)}
        columns = [
            Column("Học viên hoàn thành", _count(TRAINEES, f"{period}:all"), dict(drill)),
            Column("Nữ", _count(TRAINEES, f"{period}:female"), {"gender": "female"} | drill),
            *(
                Column(label, _count(TRAINEES, f"{period}:{level}"), {"level": level} | drill)
                for level, label in LEVELS
            ),
            Column(
                "Bồi dưỡng", _count(TRAINEES, f"{period}:fostering"), {"kind": "fostering"} | drill
            ),
        ]
        if period == YEAR:
            columns.append(
                Column(f"Đang học ngày {_day(on)}", _count(TRAINEES, "studying"), running)
            )
        tables.append(
            TableSpec(
                f"dao-tao-hoc-vien-{'nam' if period == YEAR else 'nhiem-ky'}",
                f"Học viên đào tạo, bồi dưỡng {words}",
                columns,
                of=TRAINEES,
            )
        )
    return tables


def register() -> None:
    """Called by TrainingConfig.ready: the classes, the trainees."""
    for key, url, tables, figures in (
        (CLASSES, "/training/", class_tables, class_figures),
        (TRAINEES, "/training/people/", trainee_tables, trainee_figures),
    ):
        sections.register(sections.Section(key=key, list_url=url, tables=tables, figures=figures))
