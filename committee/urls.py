from django.urls import path

from committee.views import calendar, meetings

A = "a/<slug:reference>/"
urlpatterns = [
    path(A + "committee/", meetings.meeting_list, name="meeting_list"),
    path(A + "committee/new/", meetings.meeting_create, name="meeting_create"),
    path(A + "committee/decisions/", meetings.decision_list, name="decision_list"),
    path(A + "committee/decisions/<int:pk>/edit/", meetings.decision_edit, name="decision_edit"),
    path(A + "committee/<int:pk>/", meetings.meeting_detail, name="meeting_detail"),
    path(A + "committee/<int:pk>/edit/", meetings.meeting_edit, name="meeting_edit"),
    path(A + "committee/<int:pk>/agenda/", meetings.agenda_add, name="meeting_agenda_add"),
    path(A + "committee/<int:pk>/attendees/", meetings.attendance_edit, name="meeting_attendance"),
    path(A + "committee/<int:pk>/held/", meetings.meeting_held, name="meeting_held"),
    path(A + "committee/<int:pk>/minutes/", meetings.minutes_edit, name="minutes_edit"),
    path(A + "committee/<int:pk>/minutes/correct/", meetings.minutes_correct, name="minutes_correct"),
    path(A + "committee/<int:pk>/minutes/<int:minutes_pk>/approve/", meetings.minutes_approve, name="minutes_approve"),
    path(
        A + "committee/<int:pk>/minutes/<int:minutes_pk>/<str:language>.pdf",
        meetings.minutes_pdf,
        name="minutes_pdf",
    ),
    path(
        A + "committee/<int:pk>/minutes/<int:minutes_pk>/<str:language>/draft/",
        meetings.minutes_draft,
        name="minutes_draft",
    ),
    path(
        A + "committee/<int:pk>/minutes/<int:minutes_pk>/drafts/<int:job_pk>/",
        meetings.minutes_draft_job,
        name="minutes_draft_job",
    ),
    path(
        A + "committee/<int:pk>/minutes/<int:minutes_pk>/drafts/<int:job_pk>/draft.pdf",
        meetings.minutes_draft_job_pdf,
        name="minutes_draft_job_pdf",
    ),
    path(A + "committee/<int:pk>/decisions/new/", meetings.decision_create, name="decision_create"),
    path(A + "committee/<int:pk>/meeting.ics", meetings.meeting_ics, name="meeting_ics"),
    path(A + "calendar/", calendar.calendar_month, name="calendar_month"),
    path(A + "calendar/list/", calendar.calendar_list, name="calendar_list"),
    path(A + "calendar/programmes/new/", calendar.programme_create, name="programme_create"),
    path(A + "calendar/programmes/<int:pk>/", calendar.programme_detail, name="programme_detail"),
    path(A + "calendar/programmes/<int:pk>/edit/", calendar.programme_edit, name="programme_edit"),
    path(A + "calendar/programmes/<int:pk>/correct/", calendar.programme_correct, name="programme_correct"),
    path("calendar/feed/", calendar.feed_settings, name="feed_settings"),
    path("calendar/feed/reset/", calendar.feed_reset, name="feed_reset"),
    path("calendar/feed/<str:token>.ics", calendar.calendar_feed, name="calendar_feed"),
]
