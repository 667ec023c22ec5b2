"""Largest module and longest functions in a package, read with ``ast``.

    python bench/code_size.py [archiver] [--top N]

A module's size is its line count; a function's length runs from its ``def`` (decorators
included) to its last line, nested functions counted inside their parent and on their own.
"""

from __future__ import annotations

import argparse
import ast
from pathlib import Path


def functions(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: list[tuple[int, str]] = []

    def visit(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                first = min([child.lineno, *(d.lineno for d in child.decorator_list)])
                last = child.end_lineno or child.lineno
                found.append((last - first + 1, f"{path}:{child.lineno} {prefix}{child.name}"))
                visit(child, f"{prefix}{child.name}.")
            elif isinstance(child, ast.ClassDef):
                visit(child, f"{prefix}{child.name}.")

    visit(tree, "")
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("package", nargs="?", default="archiver")
    parser.add_argument("--top", type=int, default=5)
    args = parser.parse_args()
    files = sorted(Path(args.package).rglob("*.py"))
    modules = sorted(
        ((len(p.read_text(encoding="utf-8").splitlines()), str(p)) for p in files), reverse=True
    )
    funcs = sorted((f for p in files for f in functions(p)), reverse=True)
    print(f"{len(files)} modules, {sum(n for n, _ in modules)} lines, {len(funcs)} functions")
    print("largest modules (lines):")
    for n, name in modules[: args.top]:
        print(f"  {n:5d}  {name}")
    print("longest functions (lines):")
    for n, name in funcs[: args.top]:
        print(f"  {n:5d}  {name}")


if __name__ == "__main__":
    main()
