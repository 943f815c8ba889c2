"""The owner's view of the learning loop: the clinic's counts, the priors they give, a
reset, and how well the finder's predictions matched what was confirmed."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.views.decorators.http import require_POST, require_safe

from triggerpoint.clinic.models import Clinic
from triggerpoint.clinic.people import access as policy
from triggerpoint.clinic.privacy.audit import record_list
from triggerpoint.clinic.treatment import learning
from triggerpoint.finder.learning import PRIOR_STRENGTH, CalibrationBin

WIDTH, HEIGHT, MARGIN, LEFT = 340, 320, 44, 64
INK, MUTED, LINE, DOT = "#22201d", "#6b635b", "#8a7f74", "#1d5c63"


def _clinic(request: HttpRequest) -> Clinic:
    clinic_id = policy.learning_clinic(request.user)
    if clinic_id is None:  # require_role("owner") already made sure; this narrows the type
        raise PermissionDenied("Only the clinic's owner sees what the finder learned.")
    return Clinic.objects.get(pk=clinic_id)


def calibration_svg(bins: tuple[CalibrationBin, ...]) -> SafeString:
    """Predicted probability (x) against the confirmation rate (y) per bin; the diagonal is
    a perfectly calibrated finder. Dot area grows with the number of findings in the bin."""
    span = WIDTH - LEFT - MARGIN // 2

    def x(p: float) -> float:
        return round(LEFT + p * span, 1)

    def y(p: float) -> float:
        return round(HEIGHT - MARGIN - p * span, 1)

    most = max((b.examined for b in bins), default=0) or 1
    dots = format_html_join(
        "",
        '<circle cx="{}" cy="{}" r="{}" fill="{}"><title>{}</title></circle>',
        (
            (
                x(b.mean_predicted),
                y(b.rate),
                round(4 + 8 * (b.examined / most) ** 0.5, 1),
                DOT,
                f"predicted {b.mean_predicted:.0%}, confirmed {b.rate:.0%} of {b.examined}",
            )
            for b in bins
            if b.mean_predicted is not None and b.rate is not None
        ),
    )
    ticks = format_html_join(
        "",
        '<text x="{}" y="{}" font-size="12" text-anchor="middle" fill="{}">{}</text>'
        '<text x="{}" y="{}" font-size="12" text-anchor="end" fill="{}">{}</text>',
        (
            (x(t), HEIGHT - MARGIN + 16, MUTED, f"{t:.0%}", LEFT - 6, y(t) + 4, MUTED, f"{t:.0%}")
            for t in (0.0, 0.5, 1.0)
        ),
    )
    return format_html(
        '<svg class="chart calibration" viewBox="0 0 {w} {h}" role="img" '
        'aria-labelledby="calibration-title">'
        '<title id="calibration-title">Predicted probability against confirmation rate</title>'
        '<rect x="{left}" y="{top}" width="{s}" height="{s}" fill="none" stroke="{line}"/>'
        '<line x1="{x0}" y1="{y0}" x2="{x1}" y2="{y1}" stroke="{line}" stroke-dasharray="4 4"/>'
        "{ticks}{dots}"
        '<text x="{xmid}" y="{h}" font-size="12" text-anchor="middle" fill="{ink}" dy="-6">'
        "predicted by the finder</text>"
        '<text x="14" y="{ymid}" font-size="12" text-anchor="middle" fill="{ink}" '
        'transform="rotate(-90 14 {ymid})">confirmed</text>'
        "</svg>",
        w=WIDTH,
        h=HEIGHT,
        left=LEFT,
        top=y(1),
        s=span,
        line=LINE,
        ink=INK,
        x0=x(0),
        y0=y(0),
        x1=x(1),
        y1=y(1),
        xmid=x(0.5),
        ymid=y(0.5),
        ticks=ticks,
        dots=dots,
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
