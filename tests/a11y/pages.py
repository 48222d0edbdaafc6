"""Every HTML page of the app, with real data behind it and the persona who uses it.

`PAGES` is the list the every-page checks walk (axe and width in tests/browser/test_every_page.py,
the Nu HTML checker in tests/a11y/test_html_valid.py); `NOT_PAGES` names every URL that answers
something other than a page, with why. tests/a11y/test_page_list.py fails when a URL of the
URLconf is in neither, so a new page is checked from the day it is added.
"""

import datetime as dt
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone, translation

from agreement.jalali import Quarter

FOCAL = "rural-focal"
STAFF, MONITOR, SECRETARY, MEMBER, VIEWER = (
    "rural-staff",
    "relief-monitor",
    "committee-relief",
    "committee-rural",
    "rural-viewer",
)


@dataclass(frozen=True)
class Page:
    name: str  # the URL's name
    persona: str | None  # the demo username who uses the page; None: signed out
    args: object = field(default=lambda site: [])  # site -> the URL's arguments
    query: str = ""
    status: int = 200

    @property
    def label(self) -> str:
        return f"{self.name}{'?' + self.query if self.query else ''}"

    def path(self, site, language: str) -> str:
        query = self.query.format(**vars(site))
        with translation.override(language):  # /en/... in English, no prefix in Persian
            return reverse(self.name, args=self.args(site)) + (f"?{query}" if query else "")


def _ref(site):
    return [site.reference]


PAGES = [
    Page("login", None),
    Page("password_change", VIEWER),
    Page("password_change_done", VIEWER),
    Page("home", "newcomer"),  # in no agreement yet: the choice page (one agreement redirects to My work)
    Page("commitment_list", STAFF, _ref),
    Page("commitment_list", STAFF, _ref, query="owner=joint&q=%D9%85%D8%B3%D8%A6%D9%88%D9%84"),
    Page("commitment_detail", STAFF, lambda s: [s.reference, "B5"]),
    Page("entry_create", STAFF, lambda s: [s.reference, "B5"]),
    Page("entry_edit", STAFF, lambda s: [s.returned_entry]),
    Page("entry_withdraw", STAFF, lambda s: [s.submitted_entry]),
    Page("my_work", STAFF, _ref),
    Page("dashboard", MEMBER, _ref),
    Page("entry_list", MEMBER, _ref),
    Page("review_queue", MONITOR, _ref),
    Page("review_entry", MONITOR, lambda s: [s.reference, s.submitted_entry]),
    Page("evaluation_list", MONITOR, _ref),
    Page("evaluation_edit", MONITOR, lambda s: [s.reference, str(s.quarter), "B5"]),
    Page("meeting_list", SECRETARY, _ref),
    Page("meeting_create", SECRETARY, _ref),
    Page("meeting_detail", SECRETARY, lambda s: [s.reference, s.held_meeting]),
    Page("meeting_detail", MEMBER, lambda s: [s.reference, s.planned_meeting]),
    Page("meeting_edit", SECRETARY, lambda s: [s.reference, s.planned_meeting]),
    Page("meeting_attendance", SECRETARY, lambda s: [s.reference, s.planned_meeting]),
    Page("minutes_edit", SECRETARY, lambda s: [s.reference, s.unminuted_meeting]),
    Page(
        "minutes_draft_job",
        VIEWER,
        lambda s: [s.reference, s.approved_meeting, s.approved_minutes, s.draft_job],
    ),
    Page("minutes_correct", SECRETARY, lambda s: [s.reference, s.held_meeting]),
    Page("minutes_approve", MEMBER, lambda s: [s.reference, s.unapproved_meeting, s.unapproved_minutes]),
    Page("amendment_list", FOCAL, _ref),
    Page("amendment_create", FOCAL, _ref),
    Page("amendment_detail", FOCAL, lambda s: [s.reference, s.amendment]),
    Page("agreement_as_at", STAFF, _ref, query="on=1397-10-01"),
    Page("commitment_wording", STAFF, lambda s: [s.reference, "B7"]),
    Page("agreement_term", MEMBER, _ref),
    Page("decision_list", MEMBER, _ref),
    Page("decision_create", SECRETARY, lambda s: [s.reference, s.unminuted_meeting]),
    Page("decision_edit", SECRETARY, lambda s: [s.reference, s.decision]),
    Page("calendar_month", MEMBER, _ref),
    Page("calendar_list", MEMBER, _ref),
    Page("programme_create", SECRETARY, _ref),
    Page("programme_detail", MEMBER, lambda s: [s.reference, s.programme]),
    Page("programme_edit", SECRETARY, lambda s: [s.reference, s.programme]),
    Page("feed_settings", MEMBER),
    Page("report_list", MONITOR, _ref),
    Page("report_issue", MONITOR, _ref, query="quarter={period}&language=fa"),
    Page("report_job", MONITOR, lambda s: [s.reference, s.job]),
    Page("report_correct", MONITOR, lambda s: [s.reference, s.report]),
    Page("report_verify", VIEWER),
    Page("inbox", MONITOR),
    Page("notification_settings", MONITOR),
    Page("people_list", "rural-focal", _ref),
    Page("people_list", MONITOR, _ref),
    Page("person_invite", "rural-focal", _ref),
    Page("person_role", "rural-focal", lambda s: [s.reference, s.users[STAFF].pk]),
    Page("person_deactivate", "rural-focal", lambda s: [s.reference, s.users[STAFF].pk]),
    Page("person_password_link", "rural-focal", lambda s: [s.reference, s.users[STAFF].pk]),
    Page("person_invite", "admin", _ref),  # an administrator appoints into any party (issue 23)
    Page("draft_list", "admin"),
    Page("draft_new", "admin"),
    Page("draft_detail", "admin", lambda s: [s.draft]),
    Page("import_preview", "admin", lambda s: [s.draft, s.bad_import]),
    Page("import_preview", "admin", lambda s: [s.draft, s.good_import]),
    Page("draft_activate", "admin", lambda s: [s.draft]),
    Page("draft_discard", "admin", lambda s: [s.draft]),
    Page("draft_commitment_edit", "admin", lambda s: [s.draft, s.draft_commitment]),
    Page("renewal_new", "admin", _ref),  # the agreement's term ends in 60 days (build_site)
    Page("portfolio", MONITOR),
    Page("portfolio", "admin", query="sort=-progress&overdue=1"),
    Page("field_prepare", STAFF),
]

# Every other named URL, and why the checks do not open it as a page.
NOT_PAGES = {
    "set_language": "POST only: switches the language and redirects",
    "healthz": "plain text for the load balancer",
    "logout": "POST only, redirects",
    "evidence_download": "a file",
    "evidence_thumbnail": "an image",
    "export_commitments": "a spreadsheet",
    "export_entries": "a spreadsheet",
    "export_decisions": "a spreadsheet",
    "export_evaluations": "a spreadsheet",
    "quarter_reopen": "POST only, from the evaluations page",
    "meeting_agenda_add": "POST only, from the meeting page",
    "meeting_held": "POST only, from the meeting page",
    "minutes_pdf": "a PDF",
    "minutes_draft": "POST only: queues a draft's job",
    "minutes_draft_job_pdf": "a PDF",
    "meeting_ics": "an iCalendar file",
    "programme_correct": "POST only, from the programme page",
    "feed_reset": "POST only, from the feed page",
    "calendar_feed": "an iCalendar feed",
    "report_preview": "POST only: queues a job",
    "report_job_pdf": "a PDF",
    "report_job_retry": "POST only, from the job page",
    "report_download": "a PDF",
    "report_verify_chain": "a PEM file of certificates",
    "notification_open": "POST only: marks read and redirects",
    "notification_read": "POST only",
    "notification_read_all": "POST only",
    "draft_commitment_add": "POST only, from the draft's page",
    "import_upload": "POST only, from the draft's page",
    "draft_commitment_remove": "POST only, from the commitment's edit page",
    "import_apply": "POST only, from the import's preview",
    "amendment_change_create": "POST only, from the addendum page",
    "amendment_confirm": "POST only, from the addendum page",
    "amendment_scan": "a file",
    "term_set": "POST only, from the term page",
    "term_renew": "POST only, from the term page",
    "person_reactivate": "the confirmation template of person_deactivate (people/confirm.html)",
    "person_resend": "the confirmation template of person_deactivate (people/confirm.html)",
    "new_password": "needs a fresh token from a set-password link e-mail: tests/browser/test_people.py opens it "
    "in fa and en at 390 and 1280 px with axe",
    "service_worker": "JavaScript: the field page's service worker (tests/fieldlog/test_installable.py)",
    "web_manifest": "JSON: the web app manifest (tests/fieldlog/test_installable.py)",
    "field_offline": "the service worker's offline notice, both languages in one page, outside the language "
    "prefix (tests/fieldlog/test_installable.py; seen offline in tests/browser/test_field_logging.py)",
    "fieldlog_session": "JSON for the device's queue (tests/fieldlog/test_entry_api.py)",
    "fieldlog_kit": "JSON for the device's queue (tests/fieldlog/test_entry_api.py)",
    "fieldlog_entries": "JSON for the device's queue, POST only (tests/fieldlog/test_entry_api.py)",
    "fieldlog_entry": "JSON for the device's queue (tests/fieldlog/test_file_api.py)",
    "fieldlog_file": "JSON for the device's queue, PUT only (tests/fieldlog/test_file_api.py)",
    "set_password": "needs a fresh token from an invitation e-mail: tests/browser/test_people.py opens it "
    "in fa and en at 390 and 1280 px with axe",
}


def build_site(agreement) -> SimpleNamespace:
    """The demo's people, progress, evaluations and committee, an issued report and a finished job."""
    from committee.models import Meeting, MinutesDraftJob, Programme
    from committee.services import create_meeting, mark_held, write_minutes
    from devdata.committee import create_demo_committee
    from devdata.evaluations import create_demo_evaluations
    from devdata.people import create_demo_people
    from devdata.progress import create_demo_progress
    from obligations.models import ProgressEntry
    from reports.models import ReportJob
    from tests.reports.conftest import make_issued

    create_demo_people()
    create_demo_progress()
    create_demo_evaluations()
    create_demo_committee()
    get_user_model().objects.create_user(username="newcomer", password="-")

    users = {user.username: user for user in get_user_model().objects.all()}
    entries = ProgressEntry.objects.filter(commitment__agreement=agreement, author=users[STAFF], withdrawn_at=None)
    submitted = entries.filter(review_state=ProgressEntry.ReviewState.SUBMITTED).latest("pk")
    returned = entries.filter(review_state=ProgressEntry.ReviewState.RETURNED).first() or submitted
    meetings = Meeting.objects.filter(agreement=agreement).order_by("starts_at")
    held = [meeting for meeting in meetings if meeting.is_held]
    secretary = users[SECRETARY]
    # Held a week ago, no minutes yet: the minutes form is open.
    unminuted = create_meeting(
        agreement=agreement, starts_at=timezone.now() - dt.timedelta(days=7), place="قزوین", by=secretary, follow_up=[]
    )
    mark_held(meeting=unminuted, by=secretary)
    # A decision of that meeting: decisions can be edited until a party approves the minutes.
    from committee.services import record_decision

    open_decision = record_decision(
        meeting=unminuted,
        text_fa="برگزاری کارگاه آموزشی برای دهیاران",
        text_en="A workshop for village heads",
        by=secretary,
    )
    # Held six days ago, minutes written, no approval yet: the approval's confirmation page.
    unapproved = create_meeting(
        agreement=agreement, starts_at=timezone.now() - dt.timedelta(days=6), place="قزوین", by=secretary, follow_up=[]
    )
    mark_held(meeting=unapproved, by=secretary)
    unapproved_minutes = write_minutes(
        meeting=unapproved, text="گزارش پیشرفت نصب تابلوها بررسی شد و گام بعدی تعیین شد.", by=secretary
    )
    # Minutes approved by both parties (and so issued and sealed): their draft job's page.
    approved = next(minutes for meeting in held if meeting.is_approved and (minutes := meeting.current_minutes()))
    period = Quarter.current().previous()
    report = make_issued(agreement, users[MONITOR], period=period)
    job = ReportJob.objects.create(
        agreement=agreement,
        kind=ReportJob.Kind.ISSUE,
        year=period.year,
        quarter=period.number,
        language="fa",
        requested_by=users[MONITOR],
        state=ReportJob.State.DONE,
        report=report,
    )
    # A draft agreement with one commitment, a file with errors and one ready to import (issue 23).
    from agreement.models import Party
    from drafting.importer import upload_file
    from obligations.models import Commitment
    from tests.drafting.conftest import as_csv, commitment_rows, make_draft

    rural, relief = (Party.objects.get(code=code) for code in ("rural-affairs-qazvin", "ikrc-qazvin"))
    drafted = make_draft(rural, relief)
    draft_commitment = Commitment.objects.create(
        agreement=drafted, owner=rural, number="C1", text_fa="آموزش", text_en="Training"
    )
    rows = commitment_rows(12)
    good = upload_file(agreement=drafted, content=as_csv(rows).encode(), filename="تعهدها.csv", user=users["admin"])
    rows[4][5], rows[7][9] = "1404/13/01", "ده"
    bad = upload_file(agreement=drafted, content=as_csv(rows).encode(), filename="تعهدها.csv", user=users["admin"])
    # A draft that failed: its page says so and offers to try again.
    draft_job = MinutesDraftJob.objects.create(
        minutes=approved, language="fa", requested_by=users[VIEWER], state="failed", failure="worker_died:"
    )
    amendment = _demo_amendment(agreement, users)
    # A term ending in 60 days: the term page offers a renewal as a new agreement (issue 23).
    from terms.services import set_term

    today = timezone.localdate()
    set_term(
        agreement=agreement, starts_on=agreement.signed_on, ends_on=today + dt.timedelta(days=60), notice_days=90,
        renews_itself=False, by=users["admin"],
    )  # fmt: skip
    return SimpleNamespace(
        reference=agreement.reference,
        amendment=amendment.number,
        draft_job=draft_job.pk,
        users=users,
        quarter=Quarter.current(),
        period=period,
        submitted_entry=submitted.pk,
        returned_entry=returned.pk,
        held_meeting=held[0].pk,
        approved_meeting=approved.meeting_id,
        approved_minutes=approved.pk,
        unminuted_meeting=unminuted.pk,
        unapproved_meeting=unapproved.pk,
        unapproved_minutes=unapproved_minutes.pk,
        planned_meeting=meetings.last().pk,
        decision=open_decision.pk,
        programme=Programme.objects.filter(agreement=agreement).first().pk,
        report=report.pk,
        job=job.pk,
        draft=drafted.reference,
        draft_commitment=draft_commitment.pk,
        good_import=good.pk,
        bad_import=bad.pk,
    )


def _demo_amendment(agreement, users):
    """A draft addendum rewriting B7's target and withdrawing B12, confirmed by one party so far."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from amendments.models import AmendmentChange
    from amendments.services import add_change, confirm_amendment, draft_amendment
    from obligations.models import Commitment

    focal = users[FOCAL]
    amendment = draft_amendment(
        agreement=agreement,
        number=1,
        signed_on=timezone.localdate(),
        effective_on=timezone.localdate() + dt.timedelta(days=30),
        rationale_fa="بازنگری تعهدات پس از ارزیابی میانی",
        rationale_en="Commitments revised after the mid-term review",
        scan=SimpleUploadedFile("addendum-1.pdf", b"%PDF-1.4\n"),
        by=focal,
    )
    b7, b12 = (Commitment.objects.get(agreement=agreement, number=n) for n in ("B7", "B12"))
    add_change(
        amendment=amendment,
        action=AmendmentChange.Action.MODIFY,
        commitment=b7,
        values={"text_en": "Carry out employment schemes in 20 villages", "indicator_target": "20"},
        by=focal,
    )
    add_change(amendment=amendment, action=AmendmentChange.Action.WITHDRAW, commitment=b12, by=focal)
    confirm_amendment(amendment=amendment, party=focal.membership.party, by=focal)
    return amendment
