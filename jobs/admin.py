"""The admin's job list: django-tasks-db's, with each failed job's reason and a "run again" action."""

import django_tasks_db.admin  # noqa: F401 - registers the library's admin first, which we replace
from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_tasks_db.models import DBTaskResult

from jobs import queue


class FailedRecently(admin.SimpleListFilter):
    title = _("failed")
    parameter_name = "failed"

    def lookups(self, request, model_admin):
        return [("day", _("in the last day")), ("all", _("any time"))]

    def queryset(self, request, queryset):
        if self.value() == "day":
            return queryset.failed().filter(finished_at__gte=timezone.now() - queue.FAILED_WINDOW)
        if self.value() == "all":
            return queryset.failed()
        return queryset


admin.site.unregister(DBTaskResult)


@admin.register(DBTaskResult)
class JobAdmin(django_tasks_db.admin.DBTaskResultAdmin):
    list_display: tuple = ("id", "task_name", "status", "failure_reason", "enqueued_at", "finished_at", "queue_name")
    actions = ["run_again"]

    def get_list_filter(self, request):
        return (FailedRecently, "status", "queue_name")

    @admin.display(description=_("why it failed"))
    def failure_reason(self, job: DBTaskResult) -> str:
        return queue.reason(job) if job.status == "FAILED" else ""

    @admin.action(description=_("Run the selected failed jobs again"))
    def run_again(self, request, jobs_chosen):
        failed = list(jobs_chosen.filter(status="FAILED"))
        for job in failed:
            queue.run_again(job, user=request.user)
        skipped = jobs_chosen.count() - len(failed)
        self.message_user(
            request,
            ngettext("%(count)d failed job queued again.", "%(count)d failed jobs queued again.", len(failed))
            % {"count": len(failed)},
            messages.SUCCESS,
        )
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(count)d job was not failed and was left as it is.",
                    "%(count)d jobs were not failed and were left as they are.",
                    skipped,
                )
                % {"count": skipped},
                messages.WARNING,
            )
