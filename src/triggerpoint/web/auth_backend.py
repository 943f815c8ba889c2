"""Sign-in by username and password, with the signed-in user's profile loaded at once.

Every staff or client page asks `policy.staff_of(user)` / `client_of(user)` straight
after the user is loaded; joining the profile to the user's row saves a query on every
request (the live-session poll runs twice a second per screen).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class ProfileBackend(ModelBackend):
    def get_user(self, user_id: Any) -> Any:
        users = get_user_model()._default_manager.select_related("staff", "client")
        try:
            user = users.get(pk=user_id)
        except get_user_model().DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
