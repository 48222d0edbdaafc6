from django.contrib import admin

from agreement.admin_base import PeymanAdmin
from agreement.models import (
    Agreement,
    CommitteeMember,
    County,
    HijriMonthStart,
    Membership,
    Overseer,
    Party,
    Signatory,
)


@admin.register(Party)
class PartyAdmin(PeymanAdmin):
    list_display = ["code", "name_fa", "name_en"]
    persian_search_fields = ("code", "name_fa", "name_en", "short_name_fa", "short_name_en")


class SignatoryInline(admin.TabularInline):
    model = Signatory
    extra = 0


class CountyInline(admin.TabularInline):
    model = County
    extra = 0


class CommitteeMemberInline(admin.TabularInline):
    model = CommitteeMember
    extra = 0
    autocomplete_fields = ["user"]


class OverseerInline(admin.TabularInline):
    """Read-only seats above the agreement (the Governorate's planning office): its overseers."""

    model = Overseer
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Agreement)
class AgreementAdmin(PeymanAdmin):
    list_display = ["reference", "title_fa", "signed_on", "status"]
    list_filter = ["status", "signed_on"]
    persian_search_fields = ("reference", "title_fa", "title_en", "purpose_fa", "purpose_en")
    inlines = [SignatoryInline, CountyInline, CommitteeMemberInline, OverseerInline]


@admin.register(Signatory)
class SignatoryAdmin(PeymanAdmin):
    list_display = ["agreement", "label", "party", "signatory_name_fa", "is_monitoring_party"]
    list_filter = ["is_monitoring_party", "agreement"]
    persian_search_fields = ("signatory_name_fa", "signatory_name_en", "party__name_fa", "party__name_en")


@admin.register(County)
class CountyAdmin(PeymanAdmin):
    list_display = ["agreement", "code", "name_fa", "name_en", "position"]
    list_filter = ["agreement"]
    persian_search_fields = ("code", "name_fa", "name_en")


@admin.register(Membership)
class MembershipAdmin(PeymanAdmin):
    list_display = ["user", "party", "role"]
    list_filter = ["role", "party"]
    list_select_related = ["user", "party"]
    persian_search_fields = ("user__username", "user__first_name", "user__last_name", "party__name_fa")


@admin.register(CommitteeMember)
class CommitteeMemberAdmin(PeymanAdmin):
    list_display = ["agreement", "user"]
    list_filter = ["agreement"]
    persian_search_fields = ("user__username", "user__first_name", "user__last_name")


@admin.register(HijriMonthStart)
class HijriMonthStartAdmin(PeymanAdmin):
    """Iran's Hijri month starts: entering an announcement or the Geophysics calendar here moves every
    Hijri-pinned programme and label of that month (computed on read; history kept)."""

    list_display = ["hijri_year", "hijri_month", "starts_on", "source_kind", "source"]
    list_filter = ["source_kind", "hijri_year"]
    persian_search_fields = ("source",)
