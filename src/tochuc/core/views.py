"""Home, login and what every page shows in its header."""

from datetime import date

from django.shortcuts import render


def home(request):
    """Việc cần làm: what needs doing in the user's subtree, each line linking to its action."""
    from tochuc.members.badges import next_badge_occasion
    from tochuc.members.selectors import todo

    today = date.today()
    return render(
        request,
        "todo.html",
        {
            **todo(actor=request.user, today=today),
            "today": today,
            "next_occasion": next_badge_occasion(today),
        },
    )


def nav(request):
    """The header's account line: who is logged in, with which role and scope."""
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return {}
    return {"nav_user": user, "nav_scope": user.scope if user.scope_id else None}
