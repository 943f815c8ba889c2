"""The client ticks a home-plan item as done today (or undoes it) from the portal."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from triggerpoint.clinic.models import HomePlanItem
from triggerpoint.clinic.people import access as policy
from triggerpoint.clinic.treatment.adherence import plan_today, set_done


@policy.require_role("client")
@require_POST
def done_today(request: HttpRequest) -> HttpResponse:
    client = policy.client_of(request.user)
    plans = policy.visible_home_plans(request.user).filter(client=client)
    try:
        item = HomePlanItem.objects.select_related("plan__client__clinic").get(
            pk=int(request.POST.get("item", "")), plan__in=plans
        )
    except (ValueError, HomePlanItem.DoesNotExist):
        raise Http404("No such item in your home plan.") from None
    set_done(item, plan_today(item.plan), request.POST.get("done") == "1")
    return redirect("web:my-home-plan")
