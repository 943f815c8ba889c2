"""The admin's base classes: every list, choice, read and save asks the policy module and
is written to the audit trail.

Django's own admin log (LogEntry) is not written: its `object_repr` would keep a client's
name after erasure, and the clinic has one trail already (clinic/privacy/audit.py).
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import ForeignKey, Model, QuerySet
from django.forms import BaseInlineFormSet, ModelChoiceField, ModelForm
from django.http import HttpRequest, HttpResponse

from triggerpoint.clinic.people import access as policy
from triggerpoint.clinic.privacy import audit


def _name(model: type[Model]) -> str:
    return model._meta.model_name or model.__name__.lower()


def _check_saved(request: HttpRequest, obj: Model, change: bool) -> None:
    """After a save, inside the admin's transaction: a row that left the owner's clinic
    (a foreign key pointed elsewhere) is refused and the whole save rolled back."""
    if not policy.admin_may_touch(request.user, obj):
        raise PermissionDenied("That record belongs to another clinic.")
    audit.record(request.user, f"admin.{_name(type(obj))}.{'changed' if change else 'added'}", obj)


def _scoped_choices(request: HttpRequest, db_field: ForeignKey[Any, Any], kwargs: Any) -> None:
    kwargs["queryset"] = policy.admin_rows(request.user, db_field.related_model)


class _OwnClinicRows:
    """The rows an owner may see, and whether they may touch one: shared by the admin's
    model pages and the inlines inside them."""

    model: Any

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return policy.admin_rows(request.user, self.model)

    def _may(self, request: HttpRequest, obj: Model | None) -> bool:
        if policy.admin_clinic(request.user) is None:
            return False
        return obj is None or policy.admin_may_touch(request.user, obj)


class ClinicAdmin(_OwnClinicRows, admin.ModelAdmin):
    """An owner reads and corrects the records of their own clinic; nothing is deleted
    here (erasure and cancellation have their own rules and pages)."""

    may_add = False
    may_change = True

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._may(request, None)

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self._may(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self.may_change and self._may(request, obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self.may_add and self._may(request, None)

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def formfield_for_foreignkey(
        self, db_field: ForeignKey[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> ModelChoiceField | None:
        _scoped_choices(request, db_field, kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request: HttpRequest, obj: Any, form: ModelForm, change: bool) -> None:
        super().save_model(request, obj, form, change)
        _check_saved(request, obj, change)

    def save_formset(
        self, request: HttpRequest, form: ModelForm, formset: BaseInlineFormSet, change: bool
    ) -> None:
        super().save_formset(request, form, formset, change)
        for obj in formset.new_objects:
            _check_saved(request, obj, change=False)
        for obj, _fields in formset.changed_objects:
            _check_saved(request, obj, change=True)

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        response = super().changelist_view(request, extra_context)
        clinic = policy.admin_clinic(request.user)
        if response.status_code == 200 and clinic is not None:
            read = "searched" if request.GET.get("q") else "listed"
            audit.record_list(request.user, f"admin.{_name(self.model)}.{read}", clinic)
        return response

    def _audit_read(self, request: HttpRequest, object_id: str, response: HttpResponse) -> None:
        if request.method != "GET" or response.status_code != 200:
            return
        obj = self.get_object(request, unquote(object_id))
        if obj is not None:
            audit.record(request.user, f"admin.{_name(self.model)}.viewed", obj)

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        response = super().change_view(request, object_id, form_url, extra_context)
        self._audit_read(request, object_id, response)
        return response

    def history_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        response = super().history_view(request, object_id, extra_context)
        self._audit_read(request, object_id, response)
        return response

    # The audit trail above replaces Django's LogEntry (see the module's docstring).
    def log_addition(self, request: HttpRequest, obj: Model, message: Any) -> None:  # type: ignore[override]
        return None

    def log_change(self, request: HttpRequest, obj: Model, message: Any) -> None:  # type: ignore[override]
        return None

    def log_deletions(self, request: HttpRequest, queryset: Any) -> None:  # type: ignore[override]
        return None


class ClinicInline(_OwnClinicRows, admin.TabularInline):
    """Rows shown inside a clinic's or a colleague's page, under the same rules."""

    extra = 0
    may_delete = False

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self._may(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self._may(request, obj)

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self._may(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self.may_delete and self._may(request, obj)

    def formfield_for_foreignkey(
        self, db_field: ForeignKey[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> ModelChoiceField | None:
        _scoped_choices(request, db_field, kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
