"""The package build's one step of its own: compile the message catalogs.

The metadata is in pyproject.toml.  Every gettext catalog under ``tracker/`` and
``diffs/`` (``<domain>/…/<lang>/LC_MESSAGES/<domain>.po``) is compiled with Babel into
its ``.mo`` beside it, before ``build_py`` copies the packages: a wheel carries the
``.mo`` files (package data), and ``pip install -e .`` (``make setup``) leaves them in
the source tree, where the editable install reads them.  The ``.mo`` files are build
output, never edited or committed (``.gitignore``); the site and ``diffs`` compile a
``.po`` in memory when its ``.mo`` is missing or older.
"""

from __future__ import annotations

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
#: the packages whose catalogs are compiled
CATALOG_PACKAGES = ("tracker", "diffs")


def compile_catalogs(root: Path) -> list[Path]:
    """Compile every ``LC_MESSAGES/*.po`` under the packages of ``root``; return the .mo files."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    written = []
    for package in CATALOG_PACKAGES:
        for po in sorted((root / package).rglob("LC_MESSAGES/*.po")):
            with po.open("rb") as handle:
                catalog = read_po(handle, locale=po.parent.parent.name, domain=po.stem)
            mo = po.with_suffix(".mo")
            with mo.open("wb") as handle:
                write_mo(handle, catalog, use_fuzzy=False)
            written.append(mo)
    return written


class BuildPyWithCatalogs(build_py):
    """``build_py`` that compiles the catalogs first (so they are package data)."""

    def finalize_options(self) -> None:
        super().finalize_options()
        for mo in compile_catalogs(HERE):
            print(f"compiled {mo.relative_to(HERE)}")


setup(cmdclass={"build_py": BuildPyWithCatalogs})
