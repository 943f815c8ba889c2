"""One address function for every limit, the admin's sign-in locked like the app's, and
password-reset emails limited per address and per inbox."""

from __future__ import annotations

import ipaddress

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.test import Client as Browser
from django.test import RequestFactory
from hypothesis import given
from hypothesis import strategies as st

from triggerpoint.clinic.privacy.rate_limits import client_ip
from triggerpoint.site.declared import read

PASSWORD = "plum tree under rain"


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "203.0.113.9", "10.0.0.1"),  # no proxy trusted: the header is ignored
        (1, "203.0.113.9", "203.0.113.9"),
        (1, "6.6.6.6, 203.0.113.9", "203.0.113.9"),  # the client's own claim is not believed
        (2, "6.6.6.6, 203.0.113.9, 10.1.1.1", "203.0.113.9"),
        (1, "", "10.0.0.1"),
        (1, "not-an-address", "10.0.0.1"),
    ],
)
def test_the_client_address_honours_only_the_trusted_proxies(
    settings, proxies, forwarded, expected
):
    settings.TRUSTED_PROXIES = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


@given(st.lists(st.ip_addresses().map(str), max_size=5), st.integers(0, 4))
def test_the_client_address_is_always_a_hop_of_the_chain_or_the_peer(chain, proxies):
    from django.conf import settings

    settings.TRUSTED_PROXIES = proxies
    try:
        forwarded = ", ".join(chain)
        found = client_ip(
            RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
        )
    finally:
        settings.TRUSTED_PROXIES = 0
    assert found in {"10.0.0.1", *(str(ipaddress.ip_address(hop)) for hop in chain)}
    if proxies == 0:
        assert found == "10.0.0.1"


@pytest.mark.parametrize("bad", ["20", "x/h", "0/h", "20/y", "20/h/m", "-1/h"])
def test_a_malformed_rate_stops_the_start_naming_the_setting(monkeypatch, bad):
    monkeypatch.setenv("BOOKING_RATE", bad)
    with pytest.raises(ImproperlyConfigured, match=r"^BOOKING_RATE must be a rate"):
        read("BOOKING_RATE")


@pytest.fixture
def owner(world, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    user = world.owner.user
    user.set_password(PASSWORD)
    user.email = "olive@example.com"
    user.save()
    return user


def admin_sign_in(browser, user, password, **meta):
    data = {"username": user.username, "password": password}
    return browser.post("/admin/login/?next=/admin/", data, **meta)


@pytest.mark.django_db
def test_the_admins_sign_in_locks_like_the_apps_and_shares_its_count(owner, settings):
    browser = Browser()
    for _ in range(settings.AXES_FAILURE_LIMIT - 2):
        assert admin_sign_in(browser, owner, "guess").status_code == 200
    app = browser.post("/accounts/login/", {"username": owner.username, "password": "guess"})
    assert app.status_code == 200
    assert admin_sign_in(browser, owner, "guess").status_code == 429
    locked = admin_sign_in(browser, owner, PASSWORD)
    assert locked.status_code == 429
    assert "Too many failed attempts" in locked.content.decode()
    assert "_auth_user_id" not in browser.session


@pytest.mark.django_db
def test_behind_a_proxy_a_stranger_cannot_lock_the_owner_out(owner, settings):
    settings.TRUSTED_PROXIES = 1
    proxy = {"REMOTE_ADDR": "10.9.9.9"}
    stranger = Browser()
    for _ in range(settings.AXES_FAILURE_LIMIT + 2):
        admin_sign_in(stranger, owner, "guess", HTTP_X_FORWARDED_FOR="198.51.100.7", **proxy)
    refused = admin_sign_in(stranger, owner, PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.7", **proxy)
    assert refused.status_code == 429
    response = admin_sign_in(
        Browser(), owner, PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.5", **proxy
    )
    assert response.status_code == 302


@pytest.mark.django_db
def test_reset_emails_are_limited_per_inbox_and_the_form_per_address(owner, settings):
    settings.RESET_EMAIL_RATE = "3/h"
    settings.PASSWORD_RESET_RATE = "5/h"
    browser = Browser()
    seen = [
        browser.post("/accounts/password_reset/", {"email": "olive@example.com"}).status_code
        for _ in range(6)
    ]
    assert seen == [302, 302, 302, 302, 302, 429]
    assert len(mail.outbox) == 3
    elsewhere = Browser().post(
        "/accounts/password_reset/", {"email": "olive@example.com"}, REMOTE_ADDR="10.0.0.3"
    )
    assert elsewhere.status_code == 302
    assert len(mail.outbox) == 3  # the inbox's limit holds from every address
    assert not get_user_model().objects.filter(is_staff=True).exists()


def change_password(browser, old):
    data = {
        "old_password": old,
        "new_password1": "a-new-secret-99",
        "new_password2": "a-new-secret-99",
    }
    return browser.post("/accounts/password_change/", data)


@pytest.mark.django_db
def test_wrong_old_passwords_on_the_change_form_count_towards_the_lockout(owner, settings):
    browser = Browser()
    browser.force_login(owner)
    for _ in range(settings.AXES_FAILURE_LIMIT - 2):
        wrong = change_password(browser, "guess")
        assert wrong.status_code == 200
        assert "incorrectly" in wrong.content.decode()
    # The same count as the sign-in forms: one wrong sign-in, then one more guess locks.
    assert admin_sign_in(Browser(), owner, "guess").status_code == 200
    assert change_password(browser, "guess").status_code == 429
    locked = change_password(browser, PASSWORD)
    assert locked.status_code == 429
    owner.refresh_from_db()
    assert owner.check_password(PASSWORD)
    assert admin_sign_in(Browser(), owner, PASSWORD).status_code == 429


@pytest.mark.django_db
def test_the_right_old_password_changes_it_when_not_locked(owner):
    browser = Browser()
    browser.force_login(owner)
    assert change_password(browser, "guess").status_code == 200
    assert change_password(browser, PASSWORD).status_code == 302
    owner.refresh_from_db()
    assert owner.check_password("a-new-secret-99")
