"""The installable page: its manifest, its service worker and "prepare for the field"."""

import hashlib
import json

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from agreement.fields import LocalDateInput
from agreement.middleware import PERMISSIONS_POLICY
from obligations.models import Status

# What the field page needs with no network; served under their hashed names (ManifestStaticFilesStorage),
# so a changed file is a new URL and a new service worker.
PRECACHE = (
    "css/peyman.css",
    "js/fieldlog.js",
    "js/draft.js",
    # The date of the work, read and picked with no network: the app's own Jalali date box.
    "js/jalali.js",
    "js/datepicker.js",
    "vendor/jalalidatepicker/jalalidatepicker.min.js",
    "vendor/jalalidatepicker/jalalidatepicker.min.css",
    "fieldlog/icon-192.png",
    "fieldlog/icon-512.png",
    "fieldlog/icon-maskable-512.png",
    "favicon.svg",
    "vendor/vazirmatn/fonts/webfonts/Vazirmatn-Regular.woff2",
    "vendor/vazirmatn/fonts/webfonts/Vazirmatn-Medium.woff2",
    "vendor/vazirmatn/fonts/webfonts/Vazirmatn-Bold.woff2",
)
# The pages the worker answers from its cache when there is no network: the field page only.
FIELD_PAGES = ("field_prepare",)


@require_GET
def manifest(request):
    """The web app manifest: Persian first, right to left, opening on the field page."""
    data = {
        "name": "پیمان: ثبت میدانی",
        "short_name": "پیمان",
        "description": "ثبت پیشرفت تعهدها در میدان، حتی بدون اینترنت",
        "lang": "fa",
        "dir": "rtl",
        "start_url": "/field/",
        "scope": "/",
        "id": "/field/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#0b6e4f",
        "icons": [
            {"src": static("fieldlog/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("fieldlog/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {
                "src": static("fieldlog/icon-maskable-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
        ],
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/manifest+json"
    return response


@require_GET
def service_worker(request):
    """The service worker at the site's root (scope /); never kept by a cache, so an update is seen."""
    urls = [static(name) for name in PRECACHE]
    pages = [reverse(name) for name in FIELD_PAGES] + ["/en" + reverse(name) for name in FIELD_PAGES]
    pages = sorted(set(pages))
    version = hashlib.sha256(json.dumps([urls, pages]).encode()).hexdigest()[:12]
    body = render(
        request,
        "fieldlog/sw.js",
        {
            "precache": json.dumps([*urls, reverse("field_offline")]),
            "pages": json.dumps(pages),
            "offline": json.dumps(reverse("field_offline")),
            "version": version,
        },
        content_type="text/javascript; charset=utf-8",
    )
    body["Service-Worker-Allowed"] = "/"
    return body


def _strings() -> dict:
    """What the queue's script shows, in the reader's language (the script has no catalogue of its own)."""
    return {
        "online": _("You are online: entries are sent as soon as they are saved."),
        "offline": _("You are offline: entries are kept on this device and sent when the connection comes back."),
        "prepared": _("Prepared for the field on %(when)s: %(count)s commitments kept on this device."),
        "not_prepared": _("Not yet prepared: press the button while you are online."),
        "prepare_failed": _("Could not prepare: you need a connection and to be signed in."),
        "persisted": _("This browser keeps the entries even when it needs space."),
        "not_persisted": _(
            "This browser may delete the kept entries when it needs space or after days unused: install the app "
            "(Add to home screen) and send your entries often."
        ),
        "waiting": _("Waiting to be sent"),
        "sending": _("Sending…"),
        "sent": _("Sent"),
        "attention": _("Needs attention"),
        "summary": _("%(unsent)s not yet sent, %(sent)s sent."),
        "none": _("No entries on this device."),
        "next_try": _("Next try: %(when)s"),
        "retry": _("Try again"),
        "edit": _("Correct it"),
        "discard": _("Discard"),
        "discard_confirm": _("Discard this entry? It has not been sent and will be lost."),
        "see_entry": _("See the saved entry"),
        "required": _("Choose a commitment, a date and write what was done."),
        "too_many_files": _("At most %(max)s files per entry."),
        "located": _("Location attached (accurate to about %(metres)s m)."),
        "locate_failed": _("The location could not be read; the entry is kept without it."),
        "remove_location": _("Remove the location"),
        "saved": _("Saved on this device."),
        "files": _("%(count)s files"),
        "recorded": _("Recorded %(when)s"),
        "unsent_badge": _("unsent entries"),
        "export_none": _("There is nothing unsent to save."),
        "storage_full": _("This device has no room left to keep the entry; nothing was saved."),
        "nothing_to_log": _("Your role gives you no commitment to log progress on, so there is nothing to prepare."),
        # The date box's reasons, in the words the server uses for the same date (agreement/jalali.py,
        # obligations/forms.py): static/js/jalali.js reads the date by the same rules, offline.
        "date_errors": {
            "format": _("Enter the date as year/month/day, for example 1403/01/15."),
            "year": _("The year must be between %(first)s and %(last)s."),
            "month": _("There is no month %(month)s: months run from 1 to 12."),
            "leap": _("%(year)s is not a leap year: Esfand has 29 days."),
            "day": _("Day %(day)s does not exist in month %(month)s of %(year)s."),
            "gregorian_year": _(
                "%(year)s looks like a Gregorian year: enter the date in the Jalali calendar, for example %(example)s."
            ),
            "gregorian_date": _("%(typed)s looks like a Gregorian date: in the Jalali calendar it is %(jalali)s."),
            "invalid": _("%(text)s is not a valid date."),
        },
        "date_future": _("The date of the work cannot be in the future."),
        "date_before_signing": _("The date of the work cannot be before the agreement was signed (%(date)s)."),
    }


@require_GET
def offline_notice(request):
    """What the worker shows for any other page when there is no network, in both languages; kept at install."""
    return render(request, "fieldlog/offline.html")


@login_required
@require_GET
def field_prepare(request):
    """ "Prepare for the field": keeps the log form and the person's commitments on the device."""
    # The plain log form's own date box (Jalali with the picker in Persian, ISO in English); the
    # bounds of the picker are set by the script for the commitment chosen.
    date_input = LocalDateInput(
        attrs={"id": "field-happened-on", "required": True, "aria-describedby": "field-date-shown"}
    ).render("happened_on", None)
    context = {"statuses": Status.choices, "strings": _strings(), "date_input": date_input}
    response = render(request, "fieldlog/prepare.html", context)
    # This page alone may ask for the device's location (for an entry, only when the person asks).
    response["Permissions-Policy"] = PERMISSIONS_POLICY.replace("geolocation=()", "geolocation=(self)")
    return response
