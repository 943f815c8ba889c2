"""The pages' scripts share one copy of their plumbing (static/web/common.js): these fail
when a page script reads the CSRF token or sends JSON itself again."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

STATIC = Path(__file__).parents[2] / "src" / "triggerpoint" / "web" / "static" / "web"
COMMON = STATIC / "common.js"
PAGE_SCRIPTS = sorted(p for p in STATIC.glob("*.js") if p != COMMON)


@pytest.mark.parametrize("script", PAGE_SCRIPTS, ids=lambda p: p.name)
def test_a_page_script_leaves_csrf_and_json_requests_to_common_js(script: Path):
    text = script.read_text(encoding="utf-8")
    for copy in ("csrfmiddlewaretoken", "X-CSRFToken", "Content-Type", "response.json"):
        assert copy not in text, f"{script.name} has its own {copy}: use common.js"


def test_the_scripts_that_talk_to_the_server_import_common_js():
    importers = {
        p.name
        for p in PAGE_SCRIPTS
        if re.search(r'^import \{[^}]+\} from "\./common\.js";$', p.read_text(), re.M)
    }
    assert {"finder.js", "session.js", "selfcare.js", "bodymap.js"} <= importers
