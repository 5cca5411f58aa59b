"""Party age (tuổi Đảng): from the first admission decision, minus every period outside the
Party. Pure functions of the member's timeline, so they are easy to reason about and test."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from tochuc.members.validators import add_months

# Events that take a member out of the Party, and those that bring them back.
EXITS = {"remove", "expel", "lost_contact"}
RETURNS = {"readmit", "contact_restore"}


@dataclass(frozen=True)
class Timeline:
    admitted: date  # the first admission decision
    gaps: tuple[tuple[date, date | None], ...] = ()  # [start, end) outside the Party
    ended: date | None = None  # death: party age stops growing

    def outside_days(self, on: date) -> int:
        days = 0
        for start, end in self.gaps:
            stop = min(end or on, on)
            if stop > start:
                days += (stop - start).days
        return days

    def days(self, on: date) -> int:
        """Days of party age on `on` (0 before admission)."""
        on = min(on, self.ended) if self.ended else on
        if on <= self.admitted:
            return 0
        return max(0, (on - self.admitted).days - self.outside_days(on))

    def years(self, on: date) -> int:
        """Whole years of party age on `on`: the N with reached(N) <= on."""
        n = 0
        while (day := self.reached(n + 1)) is not None and day <= on:
            n += 1
        return n

    def reached(self, years: int) -> date | None:
        """The day party age reaches `years` whole years (None if it never will: outside the
        Party for good, or died before). Calendar years from admission, pushed back by the
        days spent outside before that day."""
        target = add_months(self.admitted, 12 * years)
        for start, end in sorted(self.gaps):
            if start >= target:
                break
            if end is None:
                return None
            target += timedelta(days=(end - start).days)
        if self.ended and target > self.ended:
            return None
        return target


def timeline_of(admission_date: date, events, *, late_transfer_gaps: bool = True) -> Timeline:
    """Build the timeline from (kind, effective_date, details) triples of MemberEvent rows.

    An expulsion is a discipline whose details say form=expulsion. A readmission closes the
    open gap, as does contact restored after it was lost; a member readmitted keeps the
    first admission date (Điều lệ Đảng, Điều 7).
    A transfer accepted after its report deadline adds the days in between, unless the
    regulation value transfer_late_is_gap is turned off.
    """
    gaps: list[tuple[date, date | None]] = []
    open_since: date | None = None
    ended = None
    first = admission_date
    for kind, day, details in sorted(events, key=lambda e: e[1]):
        if kind == "discipline" and (details or {}).get("form") == "expulsion":
            kind = "expel"
        if kind == "admit":
            first = min(first, day)
        elif kind in EXITS and open_since is None:
            open_since = day
        elif kind in RETURNS and open_since is not None:
            gaps.append((open_since, day))
            open_since = None
        elif kind == "death":
            ended = day
        elif kind == "transfer_in" and late_transfer_gaps and (details or {}).get("late"):
            # Reported at the new branch after the deadline: outside the Party meanwhile.
            gaps.append((date.fromisoformat(details["report_deadline"]), day))
    if open_since is not None:
        gaps.append((open_since, None))
    return Timeline(admitted=first, gaps=tuple(sorted(gaps, key=lambda g: g[0])), ended=ended)
