"""What every page shows in its header."""


def nav(request):
    """The header's account line: who is logged in, with which role and scope."""
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return {}
    return {"nav_user": user, "nav_scope": user.scope if user.scope_id else None}
