"""The package's boundaries, read off the source's imports (static: no module is executed).

DESIGN.md: `store`, `link` and `serve` never import spaCy; only `scale/ray.py` imports Ray; the
stages import downwards only (text/page → extract → store → link → query → serve/cli, never
back).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parents[1] / "src" / "newsgraph"


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, top_level: bool = False) -> set[str]:
    """The modules a file imports: at any depth of its code, or at module level only."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in tree.body if top_level else ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


LINK, CLI = "newsgraph.link", "newsgraph.cli"
MODULES = {_module_name(p): _imports(p) for p in sorted(PACKAGE.rglob("*.py"))}
TOP_LEVEL = {_module_name(p): _imports(p, top_level=True) for p in sorted(PACKAGE.rglob("*.py"))}


def _importers(prefixes: tuple[str, ...], modules: dict[str, set[str]]) -> dict[str, list[str]]:
    def hit(name: str) -> bool:
        return name.split(".")[0] in prefixes or name.startswith(prefixes)

    found = {m: sorted(filter(hit, imports)) for m, imports in modules.items()}
    return {m: imports for m, imports in found.items() if imports}


@pytest.mark.parametrize("layer", ["newsgraph.store", "newsgraph.serve", "newsgraph.link"])
def test_store_and_serve_never_import_spacy(layer: str) -> None:
    """At load time: `POST /api/v1/extract` imports the reading inside its handler, on request."""
    heavy = ("spacy", "thinc", "newsgraph.nlp", "newsgraph.extract", "newsgraph.pipeline")
    found = _importers(heavy, TOP_LEVEL)
    bad = {m: i for m, i in found.items() if m == layer or m.startswith(layer + ".")}
    assert not bad, bad


def test_only_one_module_imports_ray() -> None:
    assert set(_importers(("ray",), MODULES)) <= {"newsgraph.scale.ray"}


@pytest.mark.parametrize(
    ("lower", "upper"),
    [
        ("newsgraph.text", ("newsgraph.extract", "newsgraph.store", "newsgraph.serve")),
        ("newsgraph.page", ("newsgraph.extract", "newsgraph.store", "newsgraph.serve")),
        ("newsgraph.extract", ("newsgraph.store", "newsgraph.serve", "newsgraph.cli")),
        ("newsgraph.store", ("newsgraph.query", "newsgraph.serve", "newsgraph.cli", LINK)),
        ("newsgraph.link", ("newsgraph.extract", "newsgraph.query", "newsgraph.serve", CLI)),
    ],
)
def test_stages_import_downwards_only(lower: str, upper: tuple[str, ...]) -> None:
    bad = {
        module: sorted(i for i in imports if i.startswith(upper))
        for module, imports in MODULES.items()
        if module.startswith(lower) and any(i.startswith(upper) for i in imports)
    }
    assert not bad, bad


@pytest.mark.parametrize("kind", ["entities", "times", "quantities", "quotes", "events", "summary"])
def test_each_fact_kind_is_a_package_naming_what_it_offers(kind: str) -> None:
    init = PACKAGE / "extract" / kind / "__init__.py"
    assert init.is_file(), f"extract/{kind}/ is not a package"
    tree = ast.parse(init.read_text(encoding="utf-8"))
    assert ast.get_docstring(tree), f"extract/{kind}/__init__.py has no docstring"
    assert any(
        isinstance(n, ast.Assign) and any(getattr(t, "id", "") == "__all__" for t in n.targets)
        for n in tree.body
    ), f"extract/{kind}/__init__.py names nothing in __all__"


def test_no_loose_fact_modules_in_extract() -> None:
    loose = sorted(p.name for p in (PACKAGE / "extract").glob("*.py"))
    assert loose == ["__init__.py", "base.py"], loose
