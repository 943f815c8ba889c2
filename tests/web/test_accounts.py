"""Signing in and out, the login throttle, password reset and claiming guest bookings."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client as Browser

from triggerpoint.clinic.models import AuditEvent, Client
from triggerpoint.web.views import accounts

pytestmark = pytest.mark.django_db

PASSWORD = "plum tree under rain"


@pytest.fixture(autouse=True)
def _quick_hashing(settings):
    """Argon2 is deliberately slow; these tests hash many passwords."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def soup(response, status=200):
    assert response.status_code == status, response.status_code
    return BeautifulSoup(response.content, "html.parser")


@pytest.fixture
def ann(world):
    user = get_user_model().objects.create_user(
        "ann@example.com", email="ann@example.com", password=PASSWORD
    )
    world.client_a.user = user
    world.client_a.save()
    return user


def link_in(body: object, path: str) -> str:
    # Emailed links start with SITE_URL, never the request's Host header.
    found = re.search(f"{re.escape(settings.SITE_URL)}({path})", str(body))
    assert found is not None, body
    return found.group(1)


def sign_in(browser, password=PASSWORD, address="10.0.0.1", username="ann@example.com"):
    return browser.post(
        "/accounts/login/",
        {"username": username, "password": password},
        REMOTE_ADDR=address,
    )


def test_a_client_signs_in_and_lands_in_the_portal(client, ann):
    page = soup(client.get("/accounts/login/"))
    assert page.select_one("form.search") is not None  # the site's own layout, not the admin's
    response = sign_in(client)
    assert response.status_code == 302
    assert response["Location"] == "/portal/"


def test_a_wrong_password_shows_the_form_again(client, ann):
    page = soup(sign_in(client, password="wrong"))
    assert "correct" in page.select_one("[role=alert]").get_text()
    assert "_auth_user_id" not in client.session


def test_five_failures_lock_that_username_from_that_address_even_with_the_right_password(
    client, ann
):
    assert settings.AXES_FAILURE_LIMIT == 5
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, password="guess").status_code == 200
    assert sign_in(client, password="guess").status_code == 429  # the fifth locks
    page = soup(sign_in(client), status=429)
    assert "Too many failed attempts" in page.select_one("[role=alert]").get_text()
    assert "_auth_user_id" not in client.session
    # Someone else's failures elsewhere do not lock the client out from their own device.
    assert sign_in(Browser(), address="10.0.0.2").status_code == 302


def test_a_successful_sign_in_clears_earlier_failures(client, ann):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, password="guess")
    assert sign_in(client).status_code == 302
    browser = Browser()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(browser, password="guess")
    assert sign_in(browser).status_code == 302


def test_signing_out_takes_a_post(client, ann):
    client.force_login(ann)
    assert client.get("/accounts/logout/").status_code == 405
    page = soup(client.post("/accounts/logout/"))
    assert "signed out" in page.h1.get_text()
    assert client.get("/portal/").status_code == 302


def test_the_sign_out_button_is_a_form_with_a_csrf_token(client, ann):
    client.force_login(ann)
    form = soup(client.get("/")).select_one("form.sign-out")
    assert form["method"] == "post"
    assert form["action"] == "/accounts/logout/"
    assert form.select_one("input[name=csrfmiddlewaretoken]") is not None


def test_password_reset_mails_a_link_that_sets_a_new_password(client, ann):
    page = soup(client.get("/accounts/password_reset/"))
    assert page.h1.get_text() == "Reset your password"
    response = client.post("/accounts/password_reset/", {"email": "ann@example.com"})
    assert response["Location"] == "/accounts/password_reset/done/"
    (message,) = mail.outbox
    link = link_in(message.body, r"/accounts/reset/\S+")
    form_page = client.get(link, follow=True)
    assert soup(form_page).select_one("input[name=new_password1]") is not None
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "a fresh long phrase", "new_password2": "a fresh long phrase"},
    )
    assert done["Location"] == "/accounts/reset/done/"
    assert sign_in(Browser(), password="a fresh long phrase").status_code == 302


def claim_link(message) -> str:
    return link_in(message.body, r"/accounts/claim/\S+/")


def test_a_guest_claims_their_bookings_with_a_link_sent_to_their_email(client, world):
    response = client.post("/accounts/claim/", {"email": "Ann@Example.com"})
    assert response["Location"] == "/accounts/claim/sent/"
    (message,) = mail.outbox
    assert message.to == ["ann@example.com"]
    page = soup(client.get(claim_link(message)))
    assert "ann@example.com" in page.get_text()
    response = client.post(
        claim_link(message), {"new_password1": PASSWORD, "new_password2": PASSWORD}
    )
    assert response["Location"] == "/portal/"
    world.client_a.refresh_from_db()
    assert world.client_a.user.username == "ann@example.com"
    assert world.client_a.user.check_password(PASSWORD)
    assert client.get("/portal/").status_code == 200  # signed in straight away
    assert AuditEvent.objects.filter(action="client.claimed", record_id=world.client_a.pk).exists()
    # The link is spent: the records are claimed now.
    again = soup(Browser().get(claim_link(message)), status=400)
    assert again.select_one("[data-claim-invalid]") is not None


def test_the_claim_page_says_the_same_whether_or_not_the_email_is_known(client, world):
    known = client.post("/accounts/claim/", {"email": "ann@example.com"}, follow=True)
    unknown = client.post("/accounts/claim/", {"email": "nobody@example.com"}, follow=True)
    assert known.redirect_chain == unknown.redirect_chain
    text = soup(known).select_one("[data-claim-sent]").get_text()
    assert soup(unknown).select_one("[data-claim-sent]").get_text() == text
    assert [m.to for m in mail.outbox] == [["ann@example.com"]]


def test_an_address_that_already_has_an_account_gets_a_sign_in_note_instead(client, ann):
    client.post("/accounts/claim/", {"email": "ann@example.com"})
    (message,) = mail.outbox
    assert "/accounts/password_reset/" in message.body
    assert "/accounts/claim/" not in message.body
    assert get_user_model().objects.count() == 1 + 3  # Ann and the three staff


def test_a_forged_or_expired_claim_link_is_refused(client, world, monkeypatch):
    forged = soup(client.get(f"/accounts/claim/{accounts.claim_token('ann@example.com')}x/"), 400)
    assert "expired" in forged.select_one("[data-claim-invalid]").get_text()
    monkeypatch.setattr(accounts, "CLAIM_MAX_AGE", -1)
    token = accounts.claim_token("ann@example.com")
    expired = client.post(
        f"/accounts/claim/{token}/", {"new_password1": PASSWORD, "new_password2": PASSWORD}
    )
    assert expired.status_code == 400
    world.client_a.refresh_from_db()
    assert world.client_a.user is None


def test_a_weak_password_is_refused_with_a_reason(client, world):
    token = accounts.claim_token("ann@example.com")
    page = soup(
        client.post(
            f"/accounts/claim/{token}/", {"new_password1": "1234", "new_password2": "1234"}
        ),
        status=400,
    )
    assert page.select(".errorlist")
    assert not Client.objects.filter(user__isnull=False).exists()


def test_staff_sign_in_goes_to_the_home_page_not_the_portal(client, world):
    staff_user = world.alice.user
    staff_user.set_password(PASSWORD)
    staff_user.save()
    response = sign_in(client, username=staff_user.username)
    assert response["Location"] == "/"


def test_the_claim_form_sends_at_most_a_few_emails_an_hour_to_one_address(client, world):
    assert settings.CLAIM_EMAIL_RATE == "3/h"
    for _ in range(3 + 2):
        response = client.post("/accounts/claim/", {"email": "ann@example.com"})
        assert response["Location"] == "/accounts/claim/sent/"
    assert len(mail.outbox) == 3
