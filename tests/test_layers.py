"""Dependencies between the apps run one way (issue #17), read off the source with ast: every
import, the function-local ones too, goes to the app itself or to one below it in LAYERS. And
a timeline row is built only by its factory (orgs/events.py, members/events.py)."""

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src" / "tochuc"

# Each app and the apps it may import. The top-level modules (cli, api, urls, settings, wsgi)
# stand above them all and may import any; no app imports them.
# A registry (todo, reports.sections) sits below the apps that contribute to it.
LAYERS = {
    "core": set(),
    "todo": {"core"},
    "orgs": {"core"},
    "accounts": {"core", "orgs"},
    "members": {"core", "orgs", "todo"},
    "imports": {"core", "orgs", "accounts", "members"},
    "reports": {"core", "orgs", "members"},
    "documents": {"core", "orgs", "accounts", "todo", "reports", "imports"},
    "cadres": {"core", "orgs", "accounts", "todo", "reports", "imports", "members", "documents"},
    "training": {
        "core",
        "orgs",
        "accounts",
        "todo",
        "reports",
        "imports",
        "members",
        "documents",
        "cadres",
    },  # fmt: skip
    "congresses": {
        "core",
        "orgs",
        "accounts",
        "todo",
        "reports",
        "imports",
        "members",
        "documents",
        "cadres",
    },  # fmt: skip
    "demo": {"core", "orgs", "accounts", "members", "documents", "cadres", "training"},
}

# Imports against the layers, each with why it stands; the line goes with the change that
# ends it, and the test then holds it for good.
KNOWN = {
    # The member list's download (?format=xlsx of the list page) writes the import template's
    # columns (imports.files), so that a list edited in Excel imports back; the columns and
    # their parsers are the importer's. Ending it moves the download's address to imports.
    ("members/views.py", "imports"),
}


def _modules():
    for path in sorted(SRC.rglob("*.py")):
        yield path.relative_to(SRC).as_posix(), ast.parse(path.read_text(encoding="utf-8"))


def _imported(tree) -> set[str]:
    """The tochuc packages or top-level modules a module imports (tochuc.orgs.x -> orgs)."""
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        out.update(n.split(".")[1] for n in names if n.startswith("tochuc."))
    return out


def test_imports_between_apps_run_one_way():
    wrong = []
    for name, tree in _modules():
        app = name.split("/")[0]
        if app not in LAYERS:
            assert "/" not in name, f"{name}: an app missing from LAYERS"
            continue  # a top-level module
        for target in _imported(tree) - {app} - LAYERS[app]:
            if (name, target) not in KNOWN:
                wrong.append(f"{name} imports {target}")
    assert not wrong, "\n".join(wrong)


def test_known_exceptions_still_exist():
    # One that no longer exists is removed from KNOWN, so it cannot come back unnoticed.
    found = {(name, target) for name, tree in _modules() for target in _imported(tree)}
    assert found >= KNOWN, KNOWN - found


FACTORIES = {"OrganizationEvent": "orgs/events.py", "MemberEvent": "members/events.py"}


def test_timeline_rows_are_built_by_their_factories():
    """`OrganizationEvent(...)` or `MemberEvent.objects.create(...)` outside the factories
    would write a kind's details a second way."""
    wrong = []
    for name, tree in _modules():
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            if isinstance(func, ast.Attribute) and func.attr in ("create", "get_or_create"):
                func = func.value.value if isinstance(func.value, ast.Attribute) else func.value
            model = func.id if isinstance(func, ast.Name) else ""
            if model in FACTORIES and name != FACTORIES[model]:
                wrong.append(f"{name}:{node.lineno} builds {model} rows itself")
    assert not wrong, "\n".join(wrong)
