"""What /find/ costs to load: the drawing comes once and is then kept by the browser."""

from __future__ import annotations

import pytest

from tests.browser.conftest import PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LIMIT = 60_000


def transferred(page, url: str) -> dict[str, int]:
    """Bytes received from the network per address while loading `url` (headers
    included; a response the browser's cache serves costs nothing)."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    urls: dict[str, str] = {}
    sizes: dict[str, int] = {}
    cdp.on(
        "Network.requestWillBeSent",
        lambda e: urls.__setitem__(e["requestId"], e["request"]["url"]),
    )
    cdp.on(
        "Network.loadingFinished",
        lambda e: sizes.__setitem__(urls.get(e["requestId"], "?"), int(e["encodedDataLength"])),
    )
    page.goto(url)
    page.wait_for_selector("[data-map-stage] svg.bodymap")
    page.wait_for_selector("[data-preview] svg.bodymap")
    page.wait_for_load_state("networkidle")
    cdp.detach()
    return sizes


def test_find_is_under_60_kb_on_a_repeat_visit(browser, live_server):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    first = transferred(page, live_server.url + "/find/")
    again = transferred(page, live_server.url + "/find/")
    context.close()
    drawing = [url for url in first if "/find/bodymap.svg" in url]
    print(f"first visit {sum(first.values())} B, repeat visit {sum(again.values())} B: {again}")
    # The drawing (about 140 KB, some 19 KB compressed) is fetched once for both maps on the
    # page, and not again.
    assert len(drawing) == 1 and first[drawing[0]] > 10_000
    assert again.get(drawing[0], 0) == 0
    assert sum(again.values()) < LIMIT, again
