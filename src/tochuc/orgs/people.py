"""The people in the tree's organizations, as orgs asks for them.

Dependencies run one way: `members` reads `orgs` (a member belongs to an organization), and
`orgs` never imports `members`. Where the tree needs its people — a restructuring moves them,
a date's figures count them — it asks `people()`, which the app that keeps them answered when
Django started (`members.apps.MembersConfig.ready` registers `members.people.MemberPeople`).
A method is declared here with what orgs expects, and answered once, in `members/people.py`.
"""

from __future__ import annotations

from typing import Protocol


class People(Protocol):
    """What the tree asks of the people placed in it."""


_people: People | None = None


def register(people: People) -> None:
    global _people
    _people = people


def people() -> People:
    if _people is None:
        raise RuntimeError("No app answers orgs.people: is tochuc.members installed?")
    return _people
