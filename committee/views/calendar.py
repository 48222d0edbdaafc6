"""The executive calendar (A1): a Jalali month grid, a list, programmes, and private feeds."""

import datetime as dt

import jdatetime
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from agreement import permissions
from agreement.access import get_agreement_for_user
from agreement.hijri import IranHijriCalendar
from agreement.history_user import record_history_user
from agreement.jalali import FIRST_JALALI_YEAR, JALALI_MONTHS_EN, JALALI_MONTHS_FA, LAST_JALALI_YEAR
from agreement.persian import reading_persian, to_latin_digits
from committee.access import get_programme_agreement_for_user, get_programme_for_user
from committee.calendar import (
    WEEKDAYS_EN,
    WEEKDAYS_FA,
    calendar_events,
    month_bounds,
    month_grid,
)
from committee.forms import ProgrammeCorrectionForm, ProgrammeForm
from committee.ics import person_feed
from committee.models import CalendarFeed, Programme, ProgrammeCorrection


def _nav(request, agreement) -> dict:
    return {
        "agreement": agreement,
        "can_review": permissions.is_monitor(request.user, agreement),
        "can_manage": permissions.can_manage_programmes(request.user, agreement),
    }


def _month_from(request, today) -> tuple[int, int]:
    """?month=1403-07 (any digits); this month when absent or unreadable."""
    current = jdatetime.date.fromgregorian(date=today)
    text = to_latin_digits(request.GET.get("month", ""))
    try:
        year, month = (int(part) for part in text.split("-"))
        if FIRST_JALALI_YEAR <= year <= LAST_JALALI_YEAR and 1 <= month <= 12:
            return year, month
    except ValueError:
        pass
    return current.year, current.month


def _month_name(month: int) -> str:
    return (JALALI_MONTHS_FA if reading_persian() else JALALI_MONTHS_EN)[month - 1]


@login_required
@require_safe
def calendar_month(request, reference):
    """One Jalali month, Saturday first, with the Hijri date under each day; no JavaScript needed."""
    agreement = get_agreement_for_user(request, reference)
    today = timezone.localdate()
    year, month = _month_from(request, today)
    first, last = month_bounds(year, month)
    # The grid shows up to six days of the neighbouring months: fetch their events too.
    hijri_calendar = IranHijriCalendar()  # read once for the events and the grid's labels
    events = calendar_events(
        agreement, first - dt.timedelta(days=7), last + dt.timedelta(days=7), today=today, hijri_calendar=hijri_calendar
    )
    grid = month_grid(year, month, events, today=today, hijri_calendar=hijri_calendar)
    context = {
        **_nav(request, agreement),
        "grid": grid,
        "month_name": _month_name(month),
        "weekdays": WEEKDAYS_FA if reading_persian() else WEEKDAYS_EN,  # (name, one-letter form for phones)
        "previous": "{}-{:02d}".format(*grid.previous()),
        "next": "{}-{:02d}".format(*grid.next()),
        "month_events": [e for e in events if e.ends_on >= first and e.starts_on <= last],
        "today": today,
    }
    return render(request, "committee/calendar_month.html", context)


@login_required
@require_safe
def calendar_list(request, reference):
    """The year ahead as a list (the Jalali year of ?year=, default this one)."""
    agreement = get_agreement_for_user(request, reference)
    today = timezone.localdate()
    current = jdatetime.date.fromgregorian(date=today).year
    try:
        year = int(to_latin_digits(request.GET.get("year", "")))
    except ValueError:
        year = current
    if not FIRST_JALALI_YEAR <= year <= LAST_JALALI_YEAR:
        year = current
    first = jdatetime.date(year, 1, 1).togregorian()
    last = jdatetime.date(year + 1, 1, 1).togregorian() - dt.timedelta(days=1)
    events = calendar_events(agreement, first, last, today=today)
    programmes = Programme.objects.filter(agreement=agreement).select_related("responsible_party")
    context = {
        **_nav(request, agreement),
        "year": year,
        "events": events,
        "programmes": programmes.prefetch_related("commitments", "corrections"),
        "today": today,
    }
    return render(request, "committee/calendar_list.html", context)


def _save_programme(programme, form, user):
    for field, value in form.programme_fields().items():
        setattr(programme, field, value)
    record_history_user(programme, user)
    with transaction.atomic():
        programme.save()
        programme.commitments.set(form.cleaned_data["commitments"])


@login_required
@require_http_methods(["GET", "POST"])
def programme_create(request, reference):
    agreement = get_programme_agreement_for_user(request, reference)
    form = ProgrammeForm(request.POST or None, agreement=agreement)
    if request.method == "POST":
        if form.is_valid():
            programme = Programme(agreement=agreement, created_by=request.user)
            _save_programme(programme, form, request.user)
            messages.success(request, _("The programme was added to the executive calendar."))
            return redirect("programme_detail", agreement.reference, programme.pk)
        messages.error(request, _("Nothing was saved: please correct the marked fields."))
    return render(request, "committee/programme_form.html", {**_nav(request, agreement), "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def programme_edit(request, reference, pk):
    programme = get_programme_for_user(request, reference, pk, manage=True)
    agreement = programme.agreement
    form = ProgrammeForm(request.POST or None, agreement=agreement, initial=ProgrammeForm.initial_for(programme))
    if request.method == "POST":
        if form.is_valid():
            _save_programme(programme, form, request.user)
            messages.success(request, _("Your changes were saved."))
            return redirect("programme_detail", agreement.reference, programme.pk)
        messages.error(request, _("Nothing was saved: please correct the marked fields."))
    context = {**_nav(request, agreement), "form": form, "programme": programme}
    return render(request, "committee/programme_form.html", context)


@login_required
@require_safe
def programme_detail(request, reference, pk):
    """A programme, where it falls in the coming years, and the hand corrections of its date."""
    programme = get_programme_for_user(request, reference, pk)
    agreement = programme.agreement
    today = timezone.localdate()
    occurrences = programme.occurrences(today - dt.timedelta(days=400), today + dt.timedelta(days=800))
    nav = _nav(request, agreement)
    context = {
        **nav,
        "programme": programme,
        "occurrences": occurrences,
        "corrections": programme.corrections.all(),
        "linked": programme.commitments.all(),
        "correction_form": ProgrammeCorrectionForm() if nav["can_manage"] and programme.is_hijri_pinned else None,
    }
    return render(request, "committee/programme_detail.html", context)


@login_required
@require_POST
def programme_correct(request, reference, pk):
    """Set one Hijri year's official first day by hand (Iran's calendar may differ by a day)."""
    programme = get_programme_for_user(request, reference, pk, manage=True)
    if not programme.is_hijri_pinned:
        raise Http404
    form = ProgrammeCorrectionForm(request.POST)
    if form.is_valid():
        ProgrammeCorrection.objects.update_or_create(
            programme=programme,
            hijri_year=form.cleaned_data["hijri_year"],
            defaults={"starts_on": form.cleaned_data["starts_on"], "note": form.cleaned_data["note"]},
        )
        messages.success(request, _("The date was corrected for that year."))
    else:
        messages.error(request, _("Nothing was saved: please correct the marked fields."))
    return redirect("programme_detail", programme.agreement.reference, programme.pk)


@login_required
@require_safe
def feed_settings(request):
    """The person's private feed address; it is created (and reset) only by POST, never on GET."""
    feed = CalendarFeed.objects.filter(user=request.user).first()
    url = request.build_absolute_uri(reverse_feed(feed)) if feed else ""
    return render(request, "committee/feed_settings.html", {"feed": feed, "feed_url": url})


def reverse_feed(feed) -> str:
    from django.urls import reverse

    return reverse("calendar_feed", args=[feed.token])


@login_required
@require_POST
def feed_reset(request):
    """Make the feed, or replace its address: the old one stops working at once."""
    feed, created = CalendarFeed.objects.get_or_create(user=request.user)
    if not created:
        feed.reset()
        messages.success(request, _("Your calendar feed has a new address; the old one no longer works."))
    else:
        messages.success(request, _("Your private calendar feed is ready."))
    return redirect("feed_settings")


@require_safe
def calendar_feed(request, token):
    """The private feed: the token is the key, so no sign-in (calendar apps cannot sign in)."""
    feed = get_object_or_404(CalendarFeed.objects.select_related("user"), token=token, user__is_active=True)
    response = HttpResponse(person_feed(request, feed.user).to_ical(), content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=900"
    return response
