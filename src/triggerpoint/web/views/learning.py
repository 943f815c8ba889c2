"""The owner's view of the learning loop: the clinic's counts, the priors they give, a
reset, and how well the finder's predictions matched what was confirmed."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from triggerpoint.clinic.models import Clinic
from triggerpoint.clinic.people import access as policy
from triggerpoint.clinic.privacy.audit import record_list
from triggerpoint.clinic.treatment import learning
from triggerpoint.finder.learning import PRIOR_STRENGTH, CalibrationBin
from triggerpoint.visual import chart


def _clinic(request: HttpRequest) -> Clinic:
    clinic_id = policy.learning_clinic(request.user)
    if clinic_id is None:  # require_role("owner") already made sure; this narrows the type
        raise PermissionDenied("Only the clinic's owner sees what the finder learned.")
    return Clinic.objects.get(pk=clinic_id)


def calibration_svg(bins: tuple[CalibrationBin, ...]) -> str:
    """Predicted probability (x) against the confirmation rate (y) per bin; the diagonal is
    a perfectly calibrated finder. Dot area grows with the number of findings in the bin."""
    points = [
        chart.Point(
            b.mean_predicted,
            b.rate,
            b.examined,
            f"predicted {b.mean_predicted:.0%}, confirmed {b.rate:.0%} of {b.examined}",
        )
        for b in bins
        if b.mean_predicted is not None and b.rate is not None
    ]
    return chart.calibration(
        points,
        title="Predicted probability against confirmation rate",
        id_prefix="calibration",
        x_label="predicted by the finder",
        y_label="confirmed",
    )


@require_safe
@policy.require_role("owner")
def index(request: HttpRequest) -> HttpResponse:
    clinic = _clinic(request)
    report = learning.calibration_report(clinic.pk)
    record_rows = learning.point_rows(clinic.pk)
    context = {
        "nav": "report",
        "clinic": clinic,
        "rows": record_rows,
        "strength": PRIOR_STRENGTH,
        "last_reset": learning.last_reset(clinic.pk),
        "report": report,
        "svg": calibration_svg(report.bins) if report.findings else "",
    }
    # Built from every confirmed finding of the clinic's clients.
    record_list(request.user, "learning.viewed", clinic.pk)
    return render(request, "web/learning/index.html", context)


@require_POST
@policy.require_role("owner")
def reset(request: HttpRequest) -> HttpResponse:
    clinic = _clinic(request)
    learning.reset(clinic, request.user, timezone.now())
    messages.success(request, "The finder has forgotten this clinic's findings so far.")
    return redirect("web:learning")
