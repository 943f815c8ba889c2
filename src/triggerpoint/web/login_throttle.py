"""Failed sign-ins are counted by django-axes, for every sign-in form (the app's, the
admin's, password change) alike, in the shared cache (see site/settings.py: AXES_*).

A username is locked *from one address* after LOGIN_FAILURE_LIMIT failures until the
cool-off ends, and a correct password is refused too while locked, or guessing would go on
unhindered. Counting per username *and* address (from clinic/rate_limits.client_ip, which
honours TRUSTED_PROXIES) means a stranger cannot lock a client out from everywhere.
"""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend
from django.http import HttpRequest


class SignInBackend(AxesStandaloneBackend):
    """Axes' check before the password is tried, for sign-ins that come with a request.

    Code that calls authenticate() itself, with no request (a management command, the
    test client's login()), has no address to count against and no form to lock.
    """

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> Any:
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)
