"""Public pages and the public API are compressed (brotli, else gzip) with ETags; personal
responses never are (BREACH, see web/compression.py)."""

from __future__ import annotations

import gzip

import brotli
import pytest
from django.contrib.auth import get_user_model

from triggerpoint.clinic.models import Clinic, Role, Staff

pytestmark = pytest.mark.django_db


def test_a_public_page_comes_as_brotli_when_the_browser_takes_it(client):
    plain = client.get("/muscles/")
    response = client.get("/muscles/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert response["Content-Encoding"] == "br"
    assert "Accept-Encoding" in response["Vary"]
    assert brotli.decompress(response.content) == plain.content
    assert int(response["Content-Length"]) == len(response.content) < len(plain.content) / 3


def test_gzip_when_brotli_is_not_taken_with_random_padding(client):
    plain = client.get("/muscles/").content
    sizes = set()
    for _ in range(8):
        response = client.get("/muscles/", HTTP_ACCEPT_ENCODING="gzip")
        assert response["Content-Encoding"] == "gzip"
        assert gzip.decompress(response.content) == plain
        sizes.add(len(response.content))
    assert len(sizes) > 1  # the length says nothing exact about the page


def test_no_compression_when_not_asked_or_refused(client):
    assert not client.get("/muscles/").has_header("Content-Encoding")
    refused = client.get("/muscles/", HTTP_ACCEPT_ENCODING="br;q=0, gzip;q=0")
    assert not refused.has_header("Content-Encoding")


def test_an_unchanged_public_page_is_304_by_its_etag(client):
    first = client.get("/muscles/", HTTP_ACCEPT_ENCODING="br")
    etag = first["ETag"]
    assert etag.startswith('W/"')
    again = client.get("/muscles/", HTTP_ACCEPT_ENCODING="br", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""


def test_the_public_api_is_compressed_with_an_etag(client):
    response = client.get("/api/v1/openapi.json", HTTP_ACCEPT_ENCODING="br")
    assert response["Content-Encoding"] == "br"
    assert response["ETag"].startswith('W/"')  # weak: these bytes are the compressed ones


def test_the_finder_api_answer_is_compressed(client):
    drawing = {"marks": [{"region": "temple-r", "intensity": 7}], "voice": "public"}
    response = client.post(
        "/api/v1/find", drawing, content_type="application/json", HTTP_ACCEPT_ENCODING="gzip"
    )
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"


def test_a_signed_in_users_pages_are_never_compressed(client):
    clinic = Clinic.objects.create(name="North")
    user = get_user_model().objects.create_user("t@example.com", "t@example.com", "pw-long-1")
    Staff.objects.create(user=user, clinic=clinic, display_name="T", role=Role.OWNER)
    client.force_login(user)
    for path in ("/muscles/", "/staff/schedule/", "/find/"):
        response = client.get(path, HTTP_ACCEPT_ENCODING="br, gzip")
        assert response.status_code == 200, path
        assert not response.has_header("Content-Encoding"), path
        assert "private" in response["Cache-Control"]
        assert not response.has_header("ETag"), path  # no-store: nothing to revalidate


def test_the_booking_pages_are_never_compressed(client):
    response = client.get("/book/", HTTP_ACCEPT_ENCODING="br, gzip")
    assert response.status_code == 200
    assert not response.has_header("Content-Encoding")
