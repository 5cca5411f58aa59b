"""/api/v1/todo: the to-do screen's sections, for the user's scope."""

from __future__ import annotations

from datetime import date

from ninja import Field, Router, Schema

from tochuc.todo.selectors import todo_sections

router = Router(tags=["Việc cần làm"])


class TodoRowOut(Schema):
    text: str
    url: str = Field(description="Trang để làm việc này.")
    cells: list[str] = Field(description="Các cột khác của bảng (theo «columns» của mục).")
    place: str
    note: str
    warning: str = Field(description="Điều quá hạn hoặc sắp hết hạn.")
    count: int | None = Field(description="Dòng thay cho nhiều việc: số việc (mở «url»).")
    due: date | None = Field(description="Hạn phải làm xong.")
    overdue: bool


class TodoSectionOut(Schema):
    kind: str = Field(
        description="Mã cố định của mục, do phân hệ đóng góp mục đặt (đảng viên: `probations`, "
        "`candidates`, `transfers`, `badges`, `small_branches`)."
    )
    title: str
    count: int | None = Field(description="Tổng số việc (null: mỗi dòng có số riêng).")
    columns: list[str]
    rows: list[TodoRowOut] = Field(description="Những dòng đầu tiên; «count» là tổng số.")
    more_url: str | None = Field(description="Khi «count» nhiều hơn số dòng: danh sách đầy đủ.")


class TodoOut(Schema):
    today: date
    sections: list[TodoSectionOut]


@router.get("", response=TodoOut, summary="Việc cần làm trong phạm vi")
def todo(request):
    today = date.today()
    return {
        "today": today,
        "sections": [
            {**vars(s), "more_url": s.more.url if s.more else None}
            for s in todo_sections(actor=request.auth, today=today)
        ],
    }
