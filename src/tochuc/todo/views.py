"""The first screen after login: Việc cần làm."""

from datetime import date

from django.shortcuts import render

from tochuc.todo.selectors import todo_sections


def home(request):
    """What needs doing in the user's subtree, each line linking to its action."""
    today = date.today()
    sections = todo_sections(actor=request.user, today=today)
    return render(request, "todo/home.html", {"sections": sections, "today": today})
