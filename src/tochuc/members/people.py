"""The members' answers to what the tree asks of its people (`orgs.people.People`)."""

from __future__ import annotations


class MemberPeople:
    """Registered as `orgs.people` when Django starts (members.apps)."""
