"""The wall client is a set of small ES modules loaded without a bundler: every relative module path
must name a file next to it (the static storage serves them under the same names), and each module
stays small."""

import re
from pathlib import Path

from django.conf import settings

WALL_DIR = Path(settings.BASE_DIR) / "livewall" / "static" / "livewall" / "wall"
SPECIFIER = re.compile(r"""(?:\bfrom\s*|\bimport\s*\(?\s*)["']([^"']+)["']""")


def modules():
    return sorted(WALL_DIR.glob("*.js"))


def test_every_relative_module_path_resolves():
    found = 0
    for module in modules():
        for specifier in SPECIFIER.findall(module.read_text()):
            assert specifier.startswith("./") and specifier.endswith(".js"), (module.name, specifier)
            assert (module.parent / specifier).resolve().is_file(), (module.name, specifier)
            found += 1
    assert found >= 5


def test_modules_are_small_and_there_is_one_renderer():
    assert {module.name for module in modules()} >= {"main.js", "socket.js", "render.js", "form.js", "screen.js"}
    for module in modules():
        assert len(module.read_text().splitlines()) <= 200, module.name
    # Posts come from the server as HTML: no module builds a post (author, text, links) itself.
    for module in modules():
        text = module.read_text()
        assert "wall-post__author" not in text and "wall-post__text" not in text, module.name
