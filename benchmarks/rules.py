"""Counts the hand-written rules of the reading code: module-level regexes, word lists and numeric thresholds.

    python -m benchmarks.rules [--json] [PACKAGE_DIR]

A *regex* is a module-level name bound to `re.compile(...)`, or to a string that is later used as a pattern
(a module-level string constant containing regex syntax such as `(?:`, `\\b` or `\\s`). A *word list* is a
module-level set, frozenset, list, tuple or dict literal holding three or more string literals (dict keys
count), unless every string in it is one of spaCy's own label names (`spacy.glossary.GLOSSARY`: entity
types, dependency labels, parts of speech): those sets choose among what the model read and are counted
apart as *model labels*. A *numeric threshold* is a module-level name bound to an int or float literal (or a dict of them).
The counts are what issue #26 asks to report before and after the reading layer replaced rules.
"""

from __future__ import annotations

import argparse
import ast
import json
import re
from pathlib import Path

_REGEX_SYNTAX = re.compile(r"\(\?[:=!<P]|\\[bswdBSWD]|\[\^|\]\{|\)\?|\|\w+\|")


def _strings(node: ast.AST) -> list[str]:
    return [n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)]


def _is_compile(node: ast.AST) -> bool:
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "compile" \
        and isinstance(node.func.value, ast.Name) and node.func.value.id == "re"


def _model_labels() -> frozenset[str]:
    try:
        from spacy.glossary import GLOSSARY
    except ImportError:  # pragma: no cover - spaCy is a dependency of ragnews
        return frozenset()
    return frozenset(GLOSSARY)


_LABELS = _model_labels()


def _kind(value: ast.AST) -> str | None:
    if _is_compile(value):
        return "regex"
    if isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id in ("set", "frozenset", "tuple", "list") and value.args:
        value = value.args[0]
    if isinstance(value, ast.Set | ast.List | ast.Tuple | ast.Dict):
        elements = value.keys if isinstance(value, ast.Dict) else value.elts
        strings = [e for e in elements if isinstance(e, ast.Constant) and isinstance(e.value, str)]
        if len(strings) >= 3:
            return "labels" if _LABELS and all(e.value in _LABELS for e in strings) else "wordlist"
        if isinstance(value, ast.Dict) and value.values and all(isinstance(v, ast.Constant) and isinstance(v.value, int | float)
                                                                 and not isinstance(v.value, bool) for v in value.values):
            return "threshold"
        return None
    if isinstance(value, ast.Constant) and isinstance(value.value, int | float) and not isinstance(value.value, bool):
        return "threshold"
    if isinstance(value, ast.UnaryOp) and isinstance(value.operand, ast.Constant) and isinstance(value.operand.value, int | float):
        return "threshold"
    if isinstance(value, ast.JoinedStr | ast.Constant | ast.BinOp) and any(_REGEX_SYNTAX.search(s) for s in _strings(value)):
        return "regex"
    return None


def count(package: Path) -> dict[str, dict[str, int]]:
    """Per module (path relative to `package`), the number of regexes, word lists and thresholds it binds at module level."""
    out: dict[str, dict[str, int]] = {}
    for path in sorted(package.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        tally = {"regex": 0, "wordlist": 0, "threshold": 0, "wordlist_strings": 0, "labels": 0}
        for node in tree.body:
            value = node.value if isinstance(node, ast.Assign | ast.AnnAssign) else None
            if value is None:
                continue
            kind = _kind(value)
            if kind:
                tally[kind] += 1
                if kind == "wordlist":
                    tally["wordlist_strings"] += len(_strings(value))
        if any(tally.values()):
            out[str(path.relative_to(package))] = tally
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("package", nargs="?", type=Path, default=Path(__file__).resolve().parent.parent / "ragnews")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    per = count(args.package)
    total = {k: sum(t[k] for t in per.values()) for k in ("regex", "wordlist", "wordlist_strings", "threshold", "labels")}
    if args.json:
        print(json.dumps({"total": total, "modules": per}, indent=1))
        return
    for mod, t in per.items():
        print(f"{mod:40} regex {t['regex']:3}  wordlists {t['wordlist']:3} ({t['wordlist_strings']:4} strings)  "
              f"thresholds {t['threshold']:3}  model-label sets {t['labels']:2}")
    print(f"{'TOTAL':40} regex {total['regex']:3}  wordlists {total['wordlist']:3} ({total['wordlist_strings']:4} strings)  "
          f"thresholds {total['threshold']:3}  model-label sets {total['labels']:2}")


if __name__ == "__main__":
    main()
