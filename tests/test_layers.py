"""The package layering and public API."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]


def imported_roots(package: str) -> set[str]:
    roots: set[str] = set()
    for path in (ROOT / package).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                roots |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                roots.add(node.module.split(".")[0])
    return roots


@pytest.mark.parametrize(
    ("package", "forbidden"),
    [("classifiers", {"router", "policies", "httpx", "redis", "starlette", "uvicorn", "llama_cpp"}),
     ("policies", {"router", "httpx", "redis", "starlette", "uvicorn", "llama_cpp"})],
)  # fmt: skip
def test_imports_point_down(package: str, forbidden: set[str]) -> None:
    """classifiers and policies never import router (or any I/O library)."""
    assert not imported_roots(package) & forbidden


@pytest.mark.parametrize("package", ["router", "policies", "classifiers"])
def test_public_api_is_all(package: str) -> None:
    """Each package's __all__ names exist and are what `from package import *` gives."""
    module = importlib.import_module(package)
    assert module.__all__ == sorted(module.__all__)
    for name in module.__all__:
        assert hasattr(module, name), f"{package}.{name}"


def test_router_public_names() -> None:
    """The documented library entry points exist."""
    from router import Router

    for name in ("from_config", "chat", "achat", "route", "wrap", "httpx_client", "aclose", "close"):
        assert callable(getattr(Router, name))


def test_light_commands_do_not_import_heavy_libraries() -> None:
    """Importing the CLI and routing a prompt loads neither llama_cpp, sklearn nor matplotlib."""
    import subprocess
    import sys

    code = (
        "import sys; from router.cli import main; main(['route', 'hi', '--json']);"
        "heavy = [m for m in ('llama_cpp', 'sklearn', 'matplotlib') if m in sys.modules];"
        "print('HEAVY', heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "HEAVY []" in out
