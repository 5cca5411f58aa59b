"""Planning an organization tree file: each line read, its parent found (in the file, or in the
receiving organization's subtree), the tree's rules checked, parents before their children."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from tochuc.core.formats import number
from tochuc.imports.parsing import LABELS, parse_tree_row
from tochuc.imports.reading import MAX_CELL, Overlong
from tochuc.orgs.models import PARENT_KINDS, Organization, OrganizationKind
from tochuc.orgs.services import NAME_MAX_LENGTH
from tochuc.orgs.services.tree_file import TreeChange

PROGRESS_EVERY = 500


@dataclass(eq=False)
class Line:
    """One organization of the file, as read."""

    row: int
    code: str = ""
    name: str = ""
    kind: str = ""
    parent_code: str = ""
    established_on: date | None = None
    failed: set[str] = field(default_factory=set)  # fields whose cell could not be used
    existing: Organization | None = None  # the organization of the tree with its code
    parent: Line | Organization | None = None  # resolved; None: the receiving organization
    org: Organization | None = None  # what its children hang under once planned
    rejected: bool = False


def tree_plan(upload, rows: list[tuple[int, list[object]]], plan, progress: Callable) -> None:
    """Fill `plan` (imports.services.Plan) from the tree file's rows: new organizations (unsaved,
    parents first), changes of existing ones (TreeChange), the unchanged, and every rejected
    row with all its reasons."""
    mapping = {int(i): f for i, f in upload.mapping.items()}
    header = {f: upload.headers[i] or LABELS[f] for i, f in mapping.items()}
    receiving: Organization | None = upload.organization

    def reject(line: Line, name: str, message: str) -> None:
        line.rejected = True
        plan.reject(line.row, header.get(name, LABELS[name]), message)

    lines = [_read(n, row, mapping, reject) for n, row in rows]
    by_code: dict[str, list[Line]] = {}
    for line in lines:
        if line.code:
            by_code.setdefault(line.code, []).append(line)
    for code, same in by_code.items():
        if len(same) > 1:
            where = ", ".join(str(x.row) for x in same)
            for line in same:
                reject(line, "code", f"Mã «{code}» có ở các dòng {where}: mỗi tổ chức một mã.")
    existing = _existing({c for x in lines for c in (x.code, x.parent_code) if c})
    inside = (lambda o: o.path.startswith(receiving.path)) if receiving else (lambda o: True)
    for line in lines:
        found = existing.get(line.code)
        if found is None:
            continue
        if not inside(found):
            # Whose the code is stays unsaid: it lies outside what the user may see.
            reject(
                line,
                "code",
                f"Mã «{line.code}» không dùng được cho tổ chức nhận dữ liệu: chọn mã khác.",
            )
        elif found.dissolved_on:
            reject(
                line,
                "code",
                f"Mã «{line.code}» là của «{found.name}», đã giải thể ngày "
                f"{found.dissolved_on:%d/%m/%Y}: chọn mã khác.",
            )
        else:
            line.existing = found
    for line in lines:
        _resolve(line, by_code, existing, inside, receiving, reject)
    _reject_cycles(lines, reject)
    by_existing = {x.existing.pk: x for x in lines if x.existing is not None}
    depths: dict[int, int] = {}
    ordered = sorted(lines, key=lambda x: (_depth(x, by_existing, depths), x.row))
    for done, line in enumerate(ordered, start=1):
        if done % PROGRESS_EVERY == 0:
            progress(done)
        _plan_line(line, plan, receiving, reject, named=by_existing.keys())
    progress(len(lines))


def _read(n: int, row: list[object], mapping: dict[int, str], reject) -> Line:
    line = Line(row=n)
    raw = {f: (row[i] if i < len(row) else None) for i, f in mapping.items()}
    for name, cell in list(raw.items()):
        if isinstance(cell, Overlong):
            reject(
                line,
                name,
                f"Ô dài quá {number(MAX_CELL)} ký tự ({number(cell.length)} ký tự): không phải "
                f"giá trị của trường «{LABELS[name]}». Sửa ô này rồi tải lên lại.",
            )
            line.failed.add(name)
            del raw[name]
    values, errors = parse_tree_row(raw)
    for name, message in errors.items():
        reject(line, name, message)
        line.failed.add(name)
    for name, value in values.items():
        setattr(line, name, value)
    if not line.code and "code" not in line.failed:
        reject(line, "code", "Chưa ghi mã tổ chức: mỗi tổ chức một mã, không trùng.")
    if not line.name and "name" not in line.failed:
        reject(line, "name", "Chưa ghi tên tổ chức.")
    elif len(line.name) > NAME_MAX_LENGTH:
        reject(
            line,
            "name",
            f"Tên tổ chức dài {number(len(line.name))} ký tự, quá giới hạn {NAME_MAX_LENGTH} "
            "ký tự: viết gọn lại.",
        )
    return line


def _existing(codes: set[str]) -> dict[str, Organization]:
    out: dict[str, Organization] = {}
    ordered = sorted(codes)
    for i in range(0, len(ordered), 2000):
        found = Organization.objects.filter(code__in=ordered[i : i + 2000]).select_related("parent")
        out.update({o.code: o for o in found})
    return out


def _resolve(line: Line, by_code, existing, inside, receiving, reject) -> None:
    """Find the line's parent: a line of the file first, then an organization of the
    receiving subtree; an empty cell is the receiving organization."""
    code = line.parent_code
    if receiving is not None and line.existing is not None and line.existing.pk == receiving.pk:
        return  # the receiving organization itself: its place is not the file's to change
    if "parent_code" in line.failed:
        return
    if not code:
        line.parent = receiving
        return
    if code == line.code:
        reject(line, "parent_code", f"Tổ chức «{line.name}» không thể trực thuộc chính nó.")
        return
    same = by_code.get(code, [])
    if len(same) == 1:
        line.parent = same[0]
        return
    if same:
        reject(
            line,
            "parent_code",
            f"Mã tổ chức cấp trên «{code}» có ở nhiều dòng của tệp: không rõ là tổ chức nào.",
        )
        line.failed.add("parent_code")
        return
    found = existing.get(code)
    if found is not None and inside(found) and not found.dissolved_on:
        line.parent = found
        return
    where = f"«{receiving.name}»" if receiving else "hệ thống"
    reject(
        line,
        "parent_code",
        f"Không có tổ chức mã «{code}» trong tệp hay trong {where}: ghi đúng mã tổ chức cấp "
        "trên (để trống nếu trực thuộc tổ chức nhận dữ liệu).",
    )
    line.failed.add("parent_code")


def _up(line: Line, by_existing: dict[int, Line]) -> Line | None:
    """The next line above this one in the tree the file makes: its parent line, or the
    nearest line above the existing organization it hangs under."""
    parent = line.parent
    if isinstance(parent, Line):
        return parent
    if parent is None:
        return None
    for ancestor in reversed(parent.ancestor_ids()):
        if ancestor in by_existing:
            return by_existing[ancestor]
    return None


def _reject_cycles(lines: list[Line], reject) -> None:
    by_existing = {x.existing.pk: x for x in lines if x.existing is not None}
    state: dict[int, int] = {}  # id(line) -> 1 being walked, 2 done
    for start in lines:
        walk: list[Line] = []
        line = start
        while line is not None and state.get(id(line)) is None:
            state[id(line)] = 1
            walk.append(line)
            line = _up(line, by_existing)
        if line is not None and state[id(line)] == 1:
            loop = walk[walk.index(line) :]
            names = " → ".join(f"«{x.code}»" for x in [*loop, loop[0]])
            for x in loop:
                reject(
                    x,
                    "parent_code",
                    f"Cấp trên vòng quanh: {names}. Sửa mã tổ chức cấp trên để không tổ chức "
                    "nào trực thuộc chính cấp dưới của nó.",
                )
                x.failed.add("parent_code")
        for x in walk:
            state[id(x)] = 2


def _depth(line: Line, by_existing: dict[int, Line], memo: dict[int, int]) -> int:
    """How many lines stand above it (cycles are rejected already and cut here)."""
    chain: list[Line] = []
    seen: set[int] = set()
    x: Line | None = line
    while x is not None and id(x) not in memo and id(x) not in seen:
        seen.add(id(x))
        chain.append(x)
        x = _up(x, by_existing)
    base = memo.get(id(x), 0) + 1 if x is not None else 0
    for i, y in enumerate(reversed(chain)):
        memo[id(y)] = base + i
    return memo[id(line)]


def _kind_label(kind: str) -> str:
    return OrganizationKind(kind).label


def _plan_line(line: Line, plan, receiving: Organization | None, reject, named) -> None:
    if receiving is not None and line.existing is not None and line.existing.pk == receiving.pk:
        _plan_receiving(line, plan, receiving, reject)
        return
    parent = line.parent
    if isinstance(parent, Line) and parent.rejected:
        reject(
            line,
            "parent_code",
            f"Tổ chức cấp trên «{parent.code}» (dòng {parent.row}) bị từ chối nên tổ chức này "
            "cũng chưa nhập được: sửa dòng đó trước.",
        )
    if line.kind and "parent_code" not in line.failed and not line.rejected:
        parent_kind = parent.kind if parent is not None else None
        if parent_kind not in PARENT_KINDS[line.kind]:
            where = (
                f"trực thuộc {_kind_label(parent_kind).lower()} «{parent.name}»"
                if parent is not None
                else "ở cấp cao nhất"
            )
            reject(line, "kind", f"{_kind_label(line.kind)} không thể {where}.")
    if line.rejected:
        return
    parent_org = parent.org if isinstance(parent, Line) else parent
    found = line.existing
    if found is None:
        line.org = Organization(
            code=line.code,
            name=line.name,
            kind=line.kind,
            parent=parent_org,
            established_on=line.established_on,
        )
        plan.created.append(line.org)
        return
    line.org = found
    same_parent = (parent_org.pk if parent_org else None) == found.parent_id
    if same_parent and found.name == line.name and found.kind == line.kind:
        plan.unchanged += 1
        return
    if parent_org is None and not (same_parent and found.kind == line.kind):
        reject(
            line,
            "parent_code",
            f"«{found.name}»: tệp nhập không đưa một tổ chức lên cấp cao nhất hay đổi loại tổ "
            "chức cấp cao nhất; ghi mã tổ chức cấp trên, hoặc làm việc đó trên trang tổ chức.",
        )
        return
    if found.kind != line.kind and not _children_fit(line, found, reject, named):
        return
    plan.updated.append(TreeChange(found, line.name, parent_org, line.kind))


def _children_fit(line: Line, found: Organization, reject, named) -> bool:
    """An existing organization changing kind keeps its children the file does not name
    (`named`: ids of those it does, checked on their own lines): they must still stand under
    the new kind (organization_move's rule)."""
    kept = found.children.filter(dissolved_on__isnull=True).exclude(pk__in=list(named))
    kinds = set(kept.values_list("kind", flat=True))
    wrong = sorted(k for k in kinds if line.kind not in PARENT_KINDS[k])
    if wrong:
        reject(
            line,
            "kind",
            f"«{found.name}» có {_kind_label(wrong[0]).lower()} trực thuộc: không thể đổi thành "
            f"{_kind_label(line.kind).lower()}.",
        )
    return not wrong


def _plan_receiving(line: Line, plan, receiving: Organization, reject) -> None:
    """The receiving organization's own line (an export of its subtree starts with it): it
    must say what the tree says, since its name, kind and place are the level above's."""
    line.org = receiving
    above = receiving.parent.code if receiving.parent else ""
    if line.rejected:
        return
    if line.parent_code not in ("", above) or (line.name, line.kind) != (
        receiving.name,
        receiving.kind,
    ):
        reject(
            line,
            "code",
            f"«{receiving.name}» là tổ chức nhận dữ liệu: tệp không đổi tên, loại hay cấp trên "
            "của nó (sửa dòng này cho đúng, hoặc bỏ dòng này).",
        )
        return
    plan.unchanged += 1
