"""The people in the tree's organizations, as orgs asks for them.

Dependencies run one way: `members` reads `orgs` (a member belongs to an organization), and
`orgs` never imports `members`. Where the tree needs its people — a restructuring moves them,
a date's figures count them — it asks `people()`, which the app that keeps them answered when
Django started (`members.apps.MembersConfig.ready` registers `members.people.MemberPeople`).
A method is declared here with what orgs expects, and answered once, in `members/people.py`.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Protocol


class People(Protocol):
    """What the tree asks of the people placed in it."""

    # -- reads: the figures of the tree at a date, a member named in a plan's step ----------

    def counts_at(self, organization, on: date) -> Counter:
        """The members placed in `organization`'s subtree on `on` (a past date), by
        (dimension, value) of the statistics: ("member", "total"), ("status", "official") ..."""
        ...

    def level_counts_on(self, on: date, *, low: str, high: str, width: int) -> dict[str, dict]:
        """The members placed on `on` in the organizations whose path of that day lies in
        [low, high), grouped by its first `width` characters: {prefix: {"total", "official",
        "probationary", "women"}} (a prefix with nobody is left out)."""
        ...

    def member_with_citizen_id(self, *, actor, organization, citizen_id: str) -> int | None:
        """The id of the member placed in `organization` itself (not below it) whose CCCD is
        `citizen_id`, if the actor sees them; else None."""
        ...


_people: People | None = None


def register(people: People) -> None:
    global _people
    _people = people


def people() -> People:
    if _people is None:
        raise RuntimeError("No app answers orgs.people: is tochuc.members installed?")
    return _people
