"""The joint committee's meetings: planning, holding, minutes and their approval, decisions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from agreement import permissions
from agreement.access import get_agreement_for_user, require
from agreement.downloads import content_disposition
from agreement.history_user import record_history_user
from agreement.pdf.seal import key_for
from committee import drafts
from committee.access import (
    get_decision_for_user,
    get_managed_meeting_for_user,
    get_managing_agreement_for_user,
    get_meeting_for_user,
    get_minutes_for_user,
)
from committee.forms import (
    AgendaItemForm,
    AttendanceForm,
    DecisionForm,
    MeetingForm,
    MinutesCorrectionForm,
    MinutesForm,
)
from committee.ics import meeting_calendar
from committee.models import Attendance, Decision, IssuedMinutes, Meeting, MinutesDraftJob
from committee.services import (
    NotStartedYet,
    StateError,
    add_agenda_item,
    approve_minutes,
    correct_minutes,
    create_meeting,
    mark_held,
    record_decision,
    update_decision,
    write_minutes,
)

LANGUAGES = ("fa", "en")


def _nav(request, agreement) -> dict:
    return {
        "agreement": agreement,
        "can_review": permissions.is_monitor(request.user, agreement),
        "can_manage": permissions.can_manage_meetings(request.user, agreement),
    }


def _refused(request):
    messages.error(request, _("Nothing was saved: please correct the marked fields."))


def _moved_on(request):
    messages.error(request, _("The meeting moved on meanwhile (held, approved or corrected); nothing was saved."))


@login_required
@require_safe
def meeting_list(request, reference):
    """The committee's meetings, newest first, and the decisions still open."""
    agreement = get_agreement_for_user(request, reference)
    today = timezone.localdate()
    meetings = Meeting.objects.of(agreement).prefetch_related("decisions__commitment")
    open_decisions = list(Decision.objects.of(agreement).open().for_lists())
    context = {
        **_nav(request, agreement),
        "meetings": meetings,
        "open_decisions": open_decisions,
        "overdue_count": sum(1 for d in open_decisions if d.is_overdue(today)),
        "today": today,
    }
    return render(request, "committee/meeting_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_create(request, reference):
    """Plan a meeting; earlier meetings' open decisions are offered for its agenda."""
    agreement = get_managing_agreement_for_user(request, reference)
    form = MeetingForm(request.POST or None, agreement=agreement)
    if request.method == "POST":
        if form.is_valid():
            meeting = create_meeting(
                agreement=agreement,
                starts_at=form.starts_at(),
                place=form.cleaned_data["place"],
                duration_minutes=form.cleaned_data["duration_minutes"],
                follow_up=form.cleaned_data["follow_up"],
                by=request.user,
            )
            messages.success(request, _("The meeting was planned."))
            return redirect("meeting_detail", agreement.reference, meeting.pk)
        _refused(request)
    return render(
        request, "committee/form_page.html", {**_nav(request, agreement), "form": form, "title": _("Plan a meeting")}
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_edit(request, reference, pk):
    meeting = get_managed_meeting_for_user(request, reference, pk)
    agreement = meeting.agreement
    require(meeting.is_editable)
    initial = {
        "date": timezone.localtime(meeting.starts_at).date(),
        "time": timezone.localtime(meeting.starts_at).strftime("%H:%M"),
        "duration_minutes": meeting.duration_minutes,
        "place": meeting.place,
    }
    form = MeetingForm(request.POST or None, agreement=agreement, initial=initial, offer_follow_up=False)
    if request.method == "POST":
        if form.is_valid():
            starts_at = form.starts_at()
            if Meeting.jalali_year_of(starts_at) != meeting.year:
                form.add_error("date", _("A meeting keeps its year: plan a new meeting for another year."))
            else:
                meeting.starts_at, meeting.place = starts_at, form.cleaned_data["place"]
                meeting.duration_minutes = form.cleaned_data["duration_minutes"]
                meeting.save(update_fields=["starts_at", "place", "duration_minutes"])
                messages.success(request, _("Your changes were saved."))
                return redirect("meeting_detail", agreement.reference, meeting.pk)
        _refused(request)
    return render(
        request,
        "committee/form_page.html",
        {**_nav(request, agreement), "form": form, "meeting": meeting, "title": _("Edit the meeting")},
    )


def _pdf_rows(minutes, parties) -> list:
    found = {}
    for doc in minutes.issued.all() if minutes else ():
        sealed, awaiting = doc.approval_state(parties)
        found[doc.language] = {"doc": doc, "sealed": sealed, "awaiting": awaiting}
    return [(code, name, found.get(code)) for code, name in (("fa", "فارسی"), ("en", "English"))]


@login_required
@require_safe
def meeting_detail(request, reference, pk):
    """Everything about one meeting, and what the reader may do with it."""
    meeting = get_meeting_for_user(request, reference, pk)
    agreement = meeting.agreement
    full = Meeting.objects.with_everything().get(pk=meeting.pk)
    full.agreement = agreement
    minutes = full.current_minutes()
    for version in full.minutes.all():
        version.meeting = full
    nav = _nav(request, agreement)
    context = {
        **nav,
        "meeting": full,
        "minutes": minutes,
        "minutes_versions": sorted(full.minutes.all(), key=lambda m: -m.version),
        "decisions": list(full.decisions.all()),
        "today": timezone.localdate(),
        "can_approve": minutes is not None and permissions.can_approve_minutes(request.user, minutes),
        "committee_party": permissions.committee_party_of(request.user, agreement),
        "parties": [s.party for s in agreement.signatories.all()],
        # Each party with its approval of the current minutes, or None: «not approved yet», not a bare name.
        "approvals": _approvals_by_party(agreement, minutes),
        "agenda_form": AgendaItemForm(agreement=agreement) if nav["can_manage"] and full.is_editable else None,
        # Each language: its issued document, the parties whose seal it holds and those it awaits.
        "pdf_rows": _pdf_rows(minutes, [s.party for s in agreement.signatories.all()]),
    }
    return render(request, "committee/meeting_detail.html", context)


@login_required
@require_POST
def agenda_add(request, reference, pk):
    meeting = get_managed_meeting_for_user(request, reference, pk)
    form = AgendaItemForm(request.POST, agreement=meeting.agreement)
    if form.is_valid():
        try:
            add_agenda_item(
                meeting=meeting,
                title=form.cleaned_data["title"],
                commitments=form.cleaned_data["commitments"],
                by=request.user,
            )
        except StateError:
            _moved_on(request)
        else:
            messages.success(request, _("The agenda item was added."))
    else:
        _refused(request)
    return redirect("meeting_detail", meeting.agreement.reference, meeting.pk)


@login_required
@require_http_methods(["GET", "POST"])
def attendance_edit(request, reference, pk):
    """Who attended: members ticked from both parties, guests typed with their organisation."""
    meeting = get_managed_meeting_for_user(request, reference, pk)
    agreement = meeting.agreement
    require(meeting.is_editable)
    current = list(meeting.attendances.all())
    initial = {
        "members": [a.user_id for a in current if a.user_id],
        "guests": "\n".join(f"{a.guest_name} – {a.guest_organisation}" for a in current if not a.user_id),
    }
    form = AttendanceForm(request.POST or None, agreement=agreement, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            with transaction.atomic():
                for attendance in current:
                    record_history_user(attendance, request.user)
                    attendance.delete()
                for user in form.cleaned_data["members"]:
                    Attendance.objects.create(meeting=meeting, user=user)
                for name, organisation in form.cleaned_data["guests"]:
                    Attendance.objects.create(meeting=meeting, guest_name=name, guest_organisation=organisation)
            messages.success(request, _("The list of attendees was saved."))
            return redirect("meeting_detail", agreement.reference, meeting.pk)
        _refused(request)
    return render(
        request,
        "committee/form_page.html",
        {**_nav(request, agreement), "form": form, "meeting": meeting, "title": _("Attendees")},
    )


@login_required
@require_POST
def meeting_held(request, reference, pk):
    meeting = get_managed_meeting_for_user(request, reference, pk)
    try:
        mark_held(meeting=meeting, by=request.user)
    except NotStartedYet:
        messages.error(request, _("This meeting has not started yet; it can be marked held from its start time on."))
    except StateError:
        _moved_on(request)
    else:
        messages.success(request, _("The meeting is marked as held: write its minutes and decisions."))
    return redirect("meeting_detail", meeting.agreement.reference, meeting.pk)


@login_required
@require_http_methods(["GET", "POST"])
def minutes_edit(request, reference, pk):
    """Write the minutes, or edit them while no party has approved them yet."""
    meeting = get_managed_meeting_for_user(request, reference, pk)
    agreement = meeting.agreement
    current = meeting.current_minutes()
    require(meeting.is_held and not meeting.is_approved and (current is None or not current.is_locked))
    form = MinutesForm(request.POST or None, initial={"text": current.text if current else ""})
    if request.method == "POST":
        if form.is_valid():
            try:
                write_minutes(meeting=meeting, text=form.cleaned_data["text"], by=request.user)
            except StateError:
                _moved_on(request)
            else:
                messages.success(request, _("The minutes were saved."))
            return redirect("meeting_detail", agreement.reference, meeting.pk)
        _refused(request)
    context = {**_nav(request, agreement), "form": form, "meeting": meeting, "minutes": current}
    return render(request, "committee/minutes_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def minutes_correct(request, reference, pk):
    """Approved (or partly approved) minutes are corrected by a new version naming the old one."""
    meeting = get_managed_meeting_for_user(request, reference, pk)
    agreement = meeting.agreement
    current = meeting.current_minutes()
    require(current is not None and current.is_locked)
    form = MinutesCorrectionForm(request.POST or None, initial={"text": current.text})
    if request.method == "POST":
        if form.is_valid():
            try:
                correct_minutes(
                    meeting=meeting, text=form.cleaned_data["text"], reason=form.cleaned_data["reason"], by=request.user
                )
            except StateError:
                _moved_on(request)
            else:
                messages.success(
                    request, _("The corrected minutes were saved as a new version; each party approves it again.")
                )
            return redirect("meeting_detail", agreement.reference, meeting.pk)
        _refused(request)
    context = {**_nav(request, agreement), "form": form, "meeting": meeting, "minutes": current, "correcting": True}
    return render(request, "committee/minutes_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def minutes_approve(request, reference, pk, minutes_pk):
    """A committee member approves this version of the minutes for the party they sit for, after a
    confirmation page that says what will be sealed: the approval issues or seals a permanent
    document, so a stray click (or a POST without the page's `confirm`) only shows that page."""
    minutes = get_minutes_for_user(request, reference, pk, minutes_pk)
    agreement = minutes.meeting.agreement
    require(permissions.can_approve_minutes(request.user, minutes))
    party = permissions.committee_party_of(request.user, agreement)
    if request.method == "POST" and request.POST.get("confirm") == "approve":
        try:
            approve_minutes(minutes=minutes, party=party, by=request.user)
        except StateError:
            _moved_on(request)
        else:
            messages.success(request, _("You approved the minutes for your party."))
        return redirect("meeting_detail", agreement.reference, minutes.meeting.pk)
    issued = {doc.language: doc for doc in minutes.issued.all()}
    context = {
        **_nav(request, agreement),
        "meeting": minutes.meeting,
        "minutes": minutes,
        "party": party,
        "first": not minutes.approvals.all(),
        "has_key": party is not None and key_for(party.code) is not None,
        "documents": [
            (name, issued[code].document_number if code in issued else IssuedMinutes.number_for(minutes, code))
            for code, name in (("fa", "فارسی"), ("en", "English"))
        ],
        "decisions": list(minutes.meeting.decisions.select_related("commitment").order_by("position")),
    }
    return render(request, "committee/minutes_approve.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def decision_create(request, reference, pk):
    meeting = get_managed_meeting_for_user(request, reference, pk)
    agreement = meeting.agreement
    require(meeting.is_held and meeting.is_editable)
    form = DecisionForm(request.POST or None, agreement=agreement)
    if request.method == "POST":
        if form.is_valid():
            try:
                record_decision(meeting=meeting, by=request.user, **form.decision_fields())
            except StateError:
                _moved_on(request)
            else:
                messages.success(request, _("The decision was recorded; it is followed up like a commitment."))
            return redirect("meeting_detail", agreement.reference, meeting.pk)
        _refused(request)
    return render(
        request,
        "committee/form_page.html",
        {**_nav(request, agreement), "form": form, "meeting": meeting, "title": _("Record a decision")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def decision_edit(request, reference, pk):
    decision = get_decision_for_user(request, reference, pk, manage=True)
    meeting, agreement = decision.meeting, decision.meeting.agreement
    require(meeting.is_editable)
    form = DecisionForm(request.POST or None, agreement=agreement, initial=DecisionForm.initial_for(decision))
    if request.method == "POST":
        if form.is_valid():
            try:
                update_decision(decision=decision, by=request.user, **form.decision_fields())
            except StateError:
                _moved_on(request)
            else:
                messages.success(request, _("Your changes were saved."))
            return redirect("meeting_detail", agreement.reference, meeting.pk)
        _refused(request)
    context = {**_nav(request, agreement), "form": form, "meeting": meeting, "decision": decision}
    context["title"] = _("Edit the decision")
    return render(request, "committee/form_page.html", context)


def _approvals_by_party(agreement, minutes) -> list:
    if minutes is None:
        return []
    approvals = {a.party_id: a for a in minutes.approvals.all()}
    return [(s.party, approvals.get(s.party_id)) for s in agreement.signatories.all()]


@login_required
@require_safe
def decision_list(request, reference):
    """Every decision of the committee with its follow-up state; `?state=open|overdue|done`."""
    agreement = get_agreement_for_user(request, reference)
    today = timezone.localdate()
    decisions = Decision.objects.of(agreement).for_lists()
    state = request.GET.get("state", "")
    if state == "open":
        decisions = decisions.open()
    elif state == "overdue":
        decisions = decisions.overdue(today)
    elif state == "done":
        decisions = decisions.done()
    context = {**_nav(request, agreement), "decisions": decisions, "state": state, "today": today}
    return render(request, "committee/decision_list.html", context)


@login_required
@require_safe
def meeting_ics(request, reference, pk):
    """The meeting as an .ics file, for a desk calendar."""
    meeting = get_meeting_for_user(request, reference, pk)
    response = HttpResponse(meeting_calendar(request, meeting).to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = content_disposition(f"meeting-{meeting.year}-{meeting.number}.ics")
    return response


def _pdf_response(data: bytes, filename: str, *, inline: bool = True) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition(filename, attachment=not inline)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_safe
def minutes_pdf(request, reference, pk, minutes_pk, language):
    """The issued PDF's stored bytes; not issued yet, the meeting's page (where a draft is asked for)."""
    if language not in LANGUAGES:
        raise Http404
    minutes = get_minutes_for_user(request, reference, pk, minutes_pk)
    issued = minutes.issued.filter(language=language).exclude(sha256="").first()
    if issued is not None:
        with issued.pdf.open("rb") as handle:
            return _pdf_response(handle.read(), issued.filename)
    # Issued but still being laid out and sealed (a few seconds, longer when the timestamp
    # authority is down): the meeting's page says "sealing…".
    # A draft is laid out by a worker (minutes_draft), never inside a reader's request.
    return redirect("meeting_detail", minutes.meeting.agreement.reference, minutes.meeting_id)


@login_required
@require_POST
def minutes_draft(request, reference, pk, minutes_pk, language):
    """Ask for a draft PDF (DRAFT on every page) of these minutes; answers at once with its job's
    page. A reader asking while one is being built joins it."""
    if language not in LANGUAGES:
        raise Http404
    minutes = get_minutes_for_user(request, reference, pk, minutes_pk)
    job = drafts.request_draft(minutes=minutes, language=language, user=request.user)
    return redirect("minutes_draft_job", reference, minutes.meeting_id, minutes.pk, job.pk)


def _draft_job_for(request, reference, pk, minutes_pk, job_pk):
    """A draft job of minutes the reader may read; 404 otherwise."""
    minutes = get_minutes_for_user(request, reference, pk, minutes_pk)
    job = MinutesDraftJob.objects.select_related("requested_by").filter(minutes=minutes, pk=job_pk).first()
    if job is None:
        raise Http404
    return minutes, job


@login_required
@require_safe
def minutes_draft_job(request, reference, pk, minutes_pk, job_pk):
    """Building / ready / failed, try again: the draft's job page (refreshes itself until done)."""
    minutes, job = _draft_job_for(request, reference, pk, minutes_pk, job_pk)
    context = {
        **_nav(request, minutes.meeting.agreement),
        "meeting": minutes.meeting,
        "minutes": minutes,
        "job": job,
        "language_label": _("Persian") if job.language == "fa" else _("English"),
        "failure": drafts.failure_message(job) if job.state == MinutesDraftJob.State.FAILED else "",
        "refresh_seconds": 2,
    }
    return render(request, "committee/minutes_draft_job.html", context)


@login_required
@require_safe
def minutes_draft_job_pdf(request, reference, pk, minutes_pk, job_pk):
    """The draft a job built (stored bytes; nothing laid out here)."""
    minutes, job = _draft_job_for(request, reference, pk, minutes_pk, job_pk)
    if job.state != MinutesDraftJob.State.DONE or not job.draft:
        raise Http404
    meeting = minutes.meeting
    with job.draft.open("rb") as handle:
        data = handle.read()
    return _pdf_response(data, f"draft-minutes-{meeting.year}-{meeting.number}-v{minutes.version}-{job.language}.pdf")
