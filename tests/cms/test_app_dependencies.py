"""Dependencies run one way: cms ← measures ← partners ← search, home
(shared/DESIGN.md). A lower app learns about a higher one only through a hook, a
registry or a signal that the higher app fills; it never imports it, never names
its models (``apps.get_model``), and none of its migrations depends on a higher
app's migration."""

import ast
import re
from pathlib import Path

import pytest

from django.apps import apps
from django.db.migrations.loader import MigrationLoader

ROOT = Path(__file__).resolve().parents[2]

# Each app's level: an app may use the apps of its level and below, never above
# (search and home, at the top, read every app). The operations tooling in
# cms/ops (benchmark, resilience run, volume data) exercises every app: its
# modules sit at the top too; the apps use only its small helpers and hook name.
LEVELS = {"cms": 0, "measures": 1, "partners": 2, "search": 3, "home": 3}
TOOLING = ("cms/ops",)

# Calls whose first literal argument names a module or an app: include("x.urls"),
# import_module("x.y"), apps.get_model("x", "Model") or get_model("x.Model").
NAMING_CALLS = {"include", "import_module", "get_model", "get_app_config"}


def forbidden(app, other):
    return LEVELS[other] > LEVELS[app]


def named_apps(tree):
    """(line, app label) for every absolute import and module-naming call."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.lineno, node.module.split(".")[0]
        elif isinstance(node, ast.Call):
            function = node.func
            name = getattr(function, "attr", None) or getattr(function, "id", None)
            if name in NAMING_CALLS and node.args:
                first = node.args[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    yield node.lineno, first.value.split(".")[0]


def app_modules(app):
    nested = [ROOT / other for other in TOOLING if other.startswith(app + "/")]
    return sorted(
        path
        for path in (ROOT / app).rglob("*.py")
        if not any(path.is_relative_to(folder) for folder in nested)
    )


def reverse_names(app):
    """The reverse relations that higher apps' models create on ``app``'s models
    (``Indicator.paqte_axes``...)."""
    names = set()
    for model in apps.get_models():
        owner = model._meta.app_label
        if owner not in LEVELS or not forbidden(app, owner):
            continue
        for field in model._meta.get_fields():
            if field.is_relation and not field.auto_created and field.related_model:
                target = field.related_model._meta.app_label
                name = field.related_query_name()
                if target == app and not name.endswith("+"):
                    names.add(name)
    return names


def reads_of(names, tree):
    """(line, name) for each attribute, lookup or string using one of ``names``."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute):
            used = node.attr
        elif isinstance(node, ast.keyword):
            used = node.arg or ""
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            used = node.value
        else:
            continue
        first = used.split("__")[0]
        if first in names:
            yield getattr(node, "lineno", 0), first


@pytest.mark.parametrize("app", LEVELS)
def test_an_app_never_imports_a_higher_app(app):
    wrong = [
        f"{path.relative_to(ROOT)}:{line} → {other}"
        for path in app_modules(app)
        for line, other in named_apps(ast.parse(path.read_text(), str(path)))
        if other in LEVELS and forbidden(app, other)
    ]
    assert wrong == []


@pytest.mark.parametrize("app", [app for app in LEVELS if reverse_names(app)])
def test_an_app_never_reads_a_reverse_relation_of_a_higher_app(app):
    names = reverse_names(app)
    wrong = [
        f"{path.relative_to(ROOT)}:{line} → {name}"
        for path in app_modules(app)
        if "migrations" not in path.parts
        for line, name in reads_of(names, ast.parse(path.read_text(), str(path)))
    ]
    pattern = re.compile(r"\.(" + "|".join(sorted(names)) + r")\b")
    wrong += [
        f"{path.relative_to(ROOT)} → {found.group(1)}"
        for path in sorted((ROOT / app).rglob("*.html"))
        for found in pattern.finditer(path.read_text())
    ]
    assert wrong == []


def test_the_check_sees_reverse_relations():
    assert "paqte_axes" in reverse_names("measures")
    source = (
        "Indicator.paqte_axes.through\n"
        "Territory.objects.filter(paqte_companies__isnull=False)\n"
        "Territory.objects.values('paqte_reports__pk')\n"
    )
    assert [
        name for _line, name in reads_of(reverse_names("measures"), ast.parse(source))
    ] == [
        "paqte_axes",
        "paqte_companies",
        "paqte_reports",
    ]


def test_the_check_sees_imports_and_module_names():
    source = (
        "import partners.models\n"
        "from search.engine import run\n"
        "from .models import Indicator\n"
        "include('partners.urls')\n"
        "apps.get_model('home', 'SiteSettings')\n"
    )
    assert [app for _line, app in named_apps(ast.parse(source))] == [
        "partners",
        "search",
        "partners",
        "home",
    ]


def test_no_migration_depends_on_a_higher_app():
    loader = MigrationLoader(None, ignore_no_migrations=True)
    wrong = [
        f"{app}.{name} → {other}.{other_name}"
        for (app, name), migration in loader.disk_migrations.items()
        if app in LEVELS
        for other, other_name in migration.dependencies
        if other in LEVELS and forbidden(app, other)
    ]
    assert wrong == []
