"""The SOAP note of a visit: draft it from the record, edit, sign, then amend.

Therapists of the client's clinic only (`policy.note_visits`); a visit of another clinic
is a 404. The rules (locking, signing once, amendments) live in `clinic.treatment.notes`; every
read and change is audited there.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from triggerpoint.clinic.models import Note, Visit
from triggerpoint.clinic.people import access as policy
from triggerpoint.clinic.treatment import notes
from triggerpoint.clinic.treatment.outcome_trends import visit_day

ACTIONS = ("draft", "save", "sign", "redraft", "amend")


class NoteForm(forms.Form):
    subjective = forms.CharField(required=False, max_length=notes.MAX_SECTION)
    objective = forms.CharField(required=False, max_length=notes.MAX_SECTION)
    assessment = forms.CharField(required=False, max_length=notes.MAX_SECTION)
    plan = forms.CharField(required=False, max_length=notes.MAX_SECTION)


class AmendmentForm(forms.Form):
    text = forms.CharField(
        max_length=notes.MAX_AMENDMENT,
        label="Amendment",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="The signed note stays as it was; the amendment is added below it, dated.",
    )


SECTION_LABELS = {
    "subjective": "S: Subjective",
    "objective": "O: Objective",
    "assessment": "A: Assessment",
    "plan": "P: Plan",
}


def _visit(request: HttpRequest, visit_id: int) -> Visit:
    visits = policy.note_visits(request.user).select_related("client__clinic", "therapist")
    visit: Visit = get_object_or_404(visits, pk=visit_id)
    return visit


def _act(request: HttpRequest, visit: Visit, note: Note | None, action: str) -> str | None:
    """Carry out one posted action; the error to show, or None when it worked."""
    try:
        if action == "draft":
            notes.draft(visit, request.user)
            messages.success(request, "Drafted from the visit record. Check it, then sign.")
        elif note is None:
            return "Draft the note first."
        elif action == "amend":
            amendment = AmendmentForm(request.POST)
            if not amendment.is_valid():
                return "Write the amendment first (at most 5,000 characters)."
            notes.amend(note, amendment.cleaned_data["text"], request.user)
            messages.success(request, "Amendment added.")
        elif action == "redraft":
            notes.redraft(note, request.user)
            messages.success(request, "Drafted again from the record as it is now.")
        else:
            form = NoteForm(request.POST)
            if not form.is_valid():
                return "Each section holds at most 10,000 characters."
            note = notes.edit(note, request.user, **form.cleaned_data)
            if action == "sign":
                notes.sign(note, request.user)
                messages.success(request, "Signed. The note is now locked.")
            else:
                messages.success(request, "Draft saved.")
    except notes.NoteError as error:
        return str(error).capitalize() + "."
    return None


@policy.require_role("therapist")
@require_http_methods(["GET", "HEAD", "POST"])
def visit_note(request: HttpRequest, visit_id: int) -> HttpResponse:
    visit = _visit(request, visit_id)
    note = Note.objects.filter(visit=visit).first()
    error = ""
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action not in ACTIONS:
            error = "Choose save, sign, draft again or amend."
        else:
            problem = _act(request, visit, note, action)
            if problem is None:
                return redirect("web:visit-note", visit_id=visit.pk)
            error = problem
    note = notes.open_note(visit, request.user)
    sections = []
    if note is not None:
        sections = [
            {"name": name, "label": SECTION_LABELS[name], "text": getattr(note, name)}
            for name in notes.SECTIONS
        ]
    context = {
        "nav": "clients",
        "visit": visit,
        "client": visit.client,
        "day": visit_day(visit),
        "note": note,
        "sections": sections,
        "amendments": list(note.amendments.select_related("author")) if note else [],
        "amendment_form": AmendmentForm(),
        "error": error,
        "may_keep_notes": True,
    }
    return render(request, "web/notes/note.html", context, status=400 if error else 200)
