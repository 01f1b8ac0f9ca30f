"""docs/reliability.md names a test for every promise: each named test must exist (runs in make test)."""

import re
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
NODE = re.compile(r"`((?:[\w/]+/)?test_\w+\.py)((?:::\w+)*)`")


def named_tests(text):
    """(file, [class..., function]) for every `path.py::name` in the text; `::name` continues the previous file."""
    found = []
    last_file = None
    for match in re.finditer(r"`([^`]+)`", text):
        token = match.group(1)
        if token.startswith("::") and last_file:
            found.append((last_file, token[2:].split("::")))
            continue
        node = NODE.fullmatch(f"`{token}`")
        if node:
            last_file = node.group(1)
            found.append((last_file, [part for part in node.group(2).split("::") if part]))
    return found


def test_every_test_named_in_the_reliability_doc_exists():
    text = (BASE_DIR / "docs/reliability.md").read_text()
    named = named_tests(text)
    assert len(named) >= 25
    for path, parts in named:
        source_file = BASE_DIR / "tests" / path
        assert source_file.exists(), path
        source = source_file.read_text()
        for part in parts:
            assert re.search(rf"^\s*(?:async )?(?:def|class) {part}\b", source, re.MULTILINE), f"{path}::{part}"


def test_the_reliability_doc_states_the_hostile_corpus_size_and_classes():
    from .hostile import classes

    text = (BASE_DIR / "docs/reliability.md").read_text()
    sizes = classes()
    assert sum(sizes.values()) >= 100
    assert f"**{sum(sizes.values())} entries**" in text
    for name, size in sizes.items():
        assert f"{name} {size}" in text, name
