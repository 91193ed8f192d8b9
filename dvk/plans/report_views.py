"""The list of reports due (dvk.plans.lists.REPORTS): what a figure of the dashboard's plans
section counts, opened from its link (the reports due in the period, by state, in a unit)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from dvk.core.types import AuthenticatedHttpRequest
from dvk.plans import lists


@login_required
def report_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    listing = lists.REPORTS.bind(request)  # the permission is checked when the list is built
    return render(
        request,
        "plans/report_list.html",
        {
            "listing": listing,
            "page": listing.page,
            "state": listing.params.get("state", ""),
            "stage": listing.params.get("stage", ""),
            "states": lists.REPORT_STATES,
            "stages": lists.ReportStage.choices,
        },
    )
