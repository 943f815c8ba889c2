"""The error and lockout pages are the site's own, with its navigation, on a phone and a
desktop; screenshots land in artifacts/screenshots/."""

from __future__ import annotations

import pytest

from tests.browser.conftest import DESKTOP, PHONE, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_not_found_and_locked_pages_keep_the_sites_navigation(page, live_server, world):
    from playwright.sync_api import expect

    user = world.owner.user
    user.set_password("plum tree under rain")
    user.save()
    for size, name in ((PHONE, "phone"), (DESKTOP, "desktop")):
        page.set_viewport_size(size)
        page.goto(live_server.url + "/no/such/page/")
        expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
        expect(page.locator("header.site nav")).to_be_visible()
        screenshot(page, f"error-404-{name}")
    for _ in range(5):
        page.goto(live_server.url + "/admin/login/")
        page.fill("input[name=username]", user.username)
        page.fill("input[name=password]", "guess")
        page.click("input[type=submit]")
    expect(page.get_by_role("heading", name="Too many failed attempts to sign in")).to_be_visible()
    screenshot(page, "locked-desktop")
