from django.contrib import admin
from django.db import transaction

from agreement.admin_base import AppendOnlyAdminMixin, PeymanAdmin
from obligations.models import Commitment, Evidence, ProgressEntry, Review


@admin.register(Commitment)
class CommitmentAdmin(PeymanAdmin):
    list_display = ["number", "agreement", "owner", "category", "status", "due_on"]
    list_filter = ["agreement", "owner", "status", "category"]
    list_select_related = ["agreement", "owner"]
    persian_search_fields = ("number", "text_fa", "text_en")
    # Derived from the entries by the progress rule; never typed in.
    readonly_fields = Commitment.STORED_PROGRESS

    def save_model(self, request, obj, form, change):
        """A new target, baseline or kind of indicator changes the progress: recompute it with the save."""
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            obj.refresh_progress(by=request.user)


class EvidenceInline(admin.TabularInline):
    model = Evidence
    extra = 0
    can_delete = False
    readonly_fields = ["original_name", "size", "content_type", "sha256", "uploaded_by", "uploaded_at"]
    exclude = ["file"]


class ReviewInline(admin.TabularInline):
    model = Review
    extra = 0
    can_delete = False
    readonly_fields = ["actor", "decision", "comment", "created_at"]


@admin.register(ProgressEntry)
class ProgressEntryAdmin(AppendOnlyAdminMixin, PeymanAdmin):
    list_display = ["commitment", "party", "author", "happened_on", "reported_status", "review_state", "created_at"]
    list_filter = ["review_state", "reported_status", "party", "county", "commitment__agreement"]
    list_select_related = ["commitment", "party", "author"]
    persian_search_fields = ("narrative", "village", "commitment__number", "author__username")
    # Entries are evidence of what a party said; the admin may look, not rewrite or delete: every
    # field is read-only, those added later included.
    readonly_fields = [f.name for f in ProgressEntry._meta.concrete_fields if f.name not in ("id", "submission_key")]
    inlines = [EvidenceInline, ReviewInline]

    def is_locked(self, obj) -> bool:
        """Reviewed or withdrawn: what was decided about it must stay as it was."""
        return obj.is_withdrawn or obj.review_state != ProgressEntry.ReviewState.SUBMITTED

    def has_add_permission(self, request):
        return False


@admin.register(Evidence)
class EvidenceAdmin(AppendOnlyAdminMixin, PeymanAdmin):
    list_display = ["original_name", "entry", "content_type", "size", "uploaded_by", "uploaded_at"]
    list_filter = ["content_type"]
    persian_search_fields = ("original_name", "sha256")
    readonly_fields = ["entry", "file", "original_name", "size", "content_type", "sha256", "uploaded_by", "uploaded_at"]

    def has_add_permission(self, request):
        return False
