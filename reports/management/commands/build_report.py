from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from agreement import permissions
from agreement.jalali import DateInputError, Quarter
from agreement.models import Agreement
from reports.issue import AlreadyIssued, IssueRefused, draft_pdf, issue_report


class Command(BaseCommand):
    help = "Build a quarter's evaluation report as a draft PDF, or issue it (--issue) for scheduled jobs."

    def add_arguments(self, parser):
        parser.add_argument("--agreement", required=True, help="the agreement's reference")
        parser.add_argument("--quarter", required=True, help="Jalali quarter, e.g. 1403-Q3")
        parser.add_argument("--lang", choices=["fa", "en"], default="fa")
        parser.add_argument("--output", help="where to write the PDF (a draft needs it)")
        parser.add_argument("--issue", action="store_true", help="issue the report and lock the quarter")
        parser.add_argument("--as-user", help="username of the monitor issuing it (required with --issue)")
        parser.add_argument(
            "--accept-unevaluated",
            action="store_true",
            help="issue even though some commitments are not evaluated (the report says which)",
        )

    def handle(self, *args, agreement, quarter, lang, output, issue, as_user, accept_unevaluated, **options):
        found = Agreement.objects.filter(reference=agreement).first()
        if found is None:
            raise CommandError(f"No agreement with reference {agreement!r}.")
        try:
            period = Quarter.parse(quarter)
        except DateInputError as error:
            raise CommandError(str(error)) from None
        if not issue:
            if not output:
                raise CommandError("A draft needs --output.")
            pdf = draft_pdf(found, period, lang)
        else:
            pdf = self._issue(found, period, lang, as_user, accept_unevaluated)
        if output:
            with open(output, "wb") as handle:
                handle.write(pdf)
            self.stdout.write(f"Wrote {output} ({len(pdf)} bytes).")

    def _issue(self, agreement, period, lang, username, accept_unevaluated) -> bytes:
        if not username:
            raise CommandError("--issue needs --as-user, the monitor in whose name the report is issued.")
        user = get_user_model().objects.filter(username=username).select_related("membership").first()
        if user is None or not permissions.can_issue_report(user, agreement):
            raise CommandError(f"{username!r} is not a monitor of this agreement and cannot issue its reports.")
        try:
            report = issue_report(
                agreement=agreement,
                period=period,
                language=lang,
                issued_by=user,
                accept_unevaluated=accept_unevaluated,
            )
        except AlreadyIssued as error:
            raise CommandError(
                f"The {period} report in {lang} is already issued ({error}); a correction is made in the app."
            ) from None
        except IssueRefused as error:
            raise CommandError(f"Not issued: {(type(error).__doc__ or '').strip()} ({error})") from None
        self.stdout.write(f"Issued {report.report_number}, verification code {report.verification_code}.")
        with report.pdf.open("rb") as handle:
            return handle.read()
