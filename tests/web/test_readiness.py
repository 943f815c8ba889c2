"""/readyz against real services: a real Redis answers ready, a closed port is a 503
naming the cache, and a database and a cache that both do not answer are both named.

The Redis tests use TEST_REDIS_URL (redis://127.0.0.1:6379/4 by default) with a key
prefix of their own, and are skipped when no Redis answers there.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import uuid

import pytest
from django.core.cache import cache

from triggerpoint.site import settings as site_settings

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/4")


def closed_port() -> int:
    """A local port nothing listens on (bound for a moment, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def redis_client():
    redis = pytest.importorskip("redis")
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.exceptions.RedisError:
        pytest.skip(f"no Redis answers at {REDIS_URL}")
    yield client
    client.close()


@pytest.fixture
def redis_cache(settings, redis_client):
    """The site's cache settings as REDIS_URL would make them, on the test Redis."""
    prefix = f"readyz-test-{uuid.uuid4().hex}"
    settings.CACHES = {"default": site_settings.cache_settings(REDIS_URL, prefix)}
    yield prefix
    for key in redis_client.scan_iter(f"{prefix}:*"):
        redis_client.delete(key)


@pytest.mark.django_db
def test_readyz_is_ok_when_a_real_redis_answers(client, redis_cache, redis_client):
    # The cache really is that Redis: a value put through Django is there, under the prefix.
    cache.set("seen", "yes", timeout=60)
    assert redis_client.get(f"{redis_cache}:1:seen") is not None
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "cache": "ok"}}


@pytest.mark.django_db
def test_readyz_is_503_naming_the_cache_when_redis_does_not_answer(client, settings):
    url = f"redis://127.0.0.1:{closed_port()}/4"
    settings.CACHES = {"default": site_settings.cache_settings(url, "readyz-closed")}
    started = time.monotonic()
    response = client.get("/readyz")
    assert time.monotonic() - started < 3  # the socket timeouts, never a hang
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response["Cache-Control"] == "no-store"
    assert response.json() == {
        "status": "unavailable",
        "reason": "cache does not answer",
        "checks": {"database": "ok", "cache": "does not answer"},
    }


def test_readyz_names_both_when_neither_the_database_nor_the_cache_answers(tmp_path):
    # A fresh process whose DATABASE_URL and REDIS_URL both point at closed ports: the
    # real drivers fail to connect, and the probe names each part, not only the first.
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "triggerpoint.site.settings",
        "TRIGGERPOINT_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{closed_port()}/none",
        "REDIS_URL": f"redis://127.0.0.1:{closed_port()}/4",
    }
    script = (
        "import django, json; django.setup()\n"
        "from django.test import Client\n"
        "r = Client().get('/readyz')\n"
        "print(json.dumps([r.status_code, r.json()]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    status, body = json.loads(done.stdout.strip().splitlines()[-1])
    assert status == 503
    assert body == {
        "status": "unavailable",
        "reason": "database and cache do not answer",
        "checks": {"database": "does not answer", "cache": "does not answer"},
    }
