"""Demo data for the Qazvin joint committee: two held meetings with followed-up decisions, a planned
one, and the year's programmes. Dates are relative to today so the demo always looks current."""

import datetime as dt
from zoneinfo import ZoneInfo

import jdatetime
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from agreement.models import Agreement, Party
from agreement.persian import to_persian_digits
from committee.models import Attendance, Decision, Meeting, Programme, ProgrammeCorrection
from committee.services import (
    add_agenda_item,
    approve_minutes,
    create_meeting,
    mark_held,
    record_decision,
    write_minutes,
)
from devdata.people import AGREEMENT_REFERENCE, RELIEF, RURAL
from devdata.progress import backdate_logging
from obligations.models import Commitment, Status
from obligations.services import record_progress, review_entry

# (text, owner: RELIEF / RURAL / None for both, due in days after the meeting, linked commitments,
#  what happened: list of (days after the meeting, status, percent, narrative))
DemoDecision = tuple[str, str | None, int, list[str], list[tuple[int, Status, int, str]]]
FIRST_MEETING: list[DemoDecision] = [
    (
        "تهیه فهرست خانواده‌های نیازمند روستایی برای معرفی به طرح محسنین در هر شش شهرستان استان",
        RURAL,
        60,
        ["B1"],
        [
            (20, Status.IN_PROGRESS, 50, "فهرست چهار شهرستان از دهیاری‌ها دریافت و با سامانه امداد تطبیق داده شد."),
            (45, Status.COMPLETED, 100, "فهرست نهایی ۳۱۲ خانوار از شش شهرستان به کمیته امداد تحویل شد."),
        ],
    ),
    (
        "برگزاری جلسه مشترک با دهیاران شهرستان بوئین‌زهرا برای تشکیل شورای زکات روستاها",
        RURAL,
        75,
        ["B3"],
        [(50, Status.COMPLETED, 100, "جلسه با حضور ۲۸ دهیار برگزار شد و شورای زکات در ۱۱ روستا تشکیل شد.")],
    ),
    (
        "تدوین پیش‌نویس تقویم اجرایی سال و ارسال آن برای اعضای کمیته مشترک",
        RELIEF,
        40,
        ["A1"],
        [(30, Status.COMPLETED, 100, "پیش‌نویس تقویم اجرایی شامل جشن عاطفه‌ها و جشن نیکوکاری برای اعضا ارسال شد.")],
    ),
    (
        "شناسایی زمین مناسب برای احداث بازارچه خدماتی در سه روستای شهرستان آبیک",
        RURAL,
        110,
        ["B8"],
        [(60, Status.IN_PROGRESS, 30, "دو قطعه زمین در روستاهای زرشک و شهرک بازدید شد؛ استعلام مالکیت در جریان است.")],
    ),
]
SECOND_MEETING: list[DemoDecision] = [
    (
        "برنامه‌ریزی مشارکت دهیاری‌ها در برگزاری جشن عاطفه‌ها در مدارس روستایی",
        None,
        30,
        ["B11"],
        [(25, Status.COMPLETED, 100, "دهیاری‌های ۴۰ روستا در جشن عاطفه‌ها مشارکت کردند و کمک‌ها به امداد تحویل شد.")],
    ),
    (
        "نصب تابلوهای ترویج زکات و انفاق در ورودی بیست روستای شهرستان تاکستان",
        RURAL,
        60,
        ["B9", "B4"],
        [(40, Status.IN_PROGRESS, 40, "هشت تابلو نصب شد؛ طراحی تابلوهای باقی‌مانده در انتظار تأیید است.")],
    ),
    ("معرفی نماینده دفتر امور روستایی برای جمع‌آوری صدقات و اعانات", RURAL, 45, ["B13"], []),
    ("ارائه گزارش بیمه مسکن روستایی خانواده‌های تحت حمایت به جلسه بعد کمیته", RELIEF, 120, ["B12"], []),
]
MINUTES = (
    "جلسه {number} کمیته مشترک با حضور نمایندگان کمیته امداد امام خمینی (ره) استان قزوین و دفتر امور روستایی و "
    "شوراهای استانداری قزوین برگزار شد. پس از گزارش دبیر کمیته از وضعیت تعهدات تفاهم‌نامه و پیگیری مصوبات جلسه "
    "قبل، موارد دستور جلسه بررسی و مصوبات زیر به تصویب رسید."
)


def _at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, 0), tzinfo=ZoneInfo(settings.TIME_ZONE))


def _jalali(year: int, month: int, day: int) -> dt.date:
    return jdatetime.date(year, month, day).togregorian()


@transaction.atomic
def create_demo_committee(*, today: dt.date | None = None) -> int:
    """Meetings, decisions with their follow-up, and programmes; does nothing if meetings exist."""
    agreement = Agreement.objects.get(reference=AGREEMENT_REFERENCE)
    if Meeting.objects.filter(agreement=agreement).exists():
        return 0
    today = today or timezone.localdate()
    User = get_user_model()
    people = {u.username: u for u in User.objects.filter(username__contains="-")}
    parties: dict[str | None, Party] = {p.code: p for p in Party.objects.filter(code__in=[RELIEF, RURAL])}
    secretary, rural_member = people["committee-relief"], people["committee-rural"]
    staff = {RELIEF: people["relief-staff"], RURAL: people["rural-staff"]}
    monitor = people["relief-monitor"]
    commitments = {c.number: c for c in Commitment.objects.filter(agreement=agreement)}

    made = 0
    for index, (days_ago, decisions) in enumerate([(200, FIRST_MEETING), (80, SECOND_MEETING)], start=1):
        day = today - dt.timedelta(days=days_ago)
        meeting = create_meeting(
            agreement=agreement,
            starts_at=_at(day, 10),
            place="سالن جلسات کمیته امداد استان قزوین",
            by=secretary,
            follow_up=[],
        )
        for user in (secretary, rural_member, staff[RELIEF], staff[RURAL]):
            Attendance.objects.create(meeting=meeting, user=user)
        Attendance.objects.create(meeting=meeting, guest_name="محمد کاظمی", guest_organisation="فرمانداری آبیک")
        add_agenda_item(meeting=meeting, title="گزارش وضعیت تعهدات تفاهم‌نامه", by=secretary)
        add_agenda_item(
            meeting=meeting, title="برنامه‌ریزی جشن‌های امداد", commitments=[commitments["B11"]], by=secretary
        )
        mark_held(meeting=meeting, by=secretary)
        for text, owner, due_in, linked, steps in decisions:
            decision = record_decision(
                meeting=meeting,
                text_fa=text,
                owner=parties.get(owner),
                due_on=day + dt.timedelta(days=due_in),
                responsible_person=staff[owner] if owner else None,
                linked_commitments=[commitments[n] for n in linked],
                by=secretary,
            )
            for after, status, percent, narrative in steps:
                happened = min(today, day + dt.timedelta(days=after))
                author = staff[owner or RURAL]
                entry, _ = record_progress(
                    commitment=decision.commitment,
                    author=author,
                    happened_on=happened,
                    reported_status=status,
                    percent_complete=percent,
                    narrative=narrative,
                )
                backdate_logging(entry, _at(happened, 14))
                if status == Status.COMPLETED:
                    review_entry(entry=entry, reviewer=monitor, decision="accepted", expected_version=entry.version)
            made += 1
        minutes = write_minutes(
            meeting=meeting, text=MINUTES.format(number=to_persian_digits(meeting.number)), by=secretary
        )
        approve_minutes(minutes=minutes, party=parties[RELIEF], by=secretary)
        if index == 1:  # the second meeting's minutes still wait for the rural affairs office
            approve_minutes(minutes=minutes, party=parties[RURAL], by=rural_member)

    # The next meeting, planned, with the open decisions offered for its agenda.
    create_meeting(
        agreement=agreement,
        starts_at=_at(today + dt.timedelta(days=16), 10),
        place="سالن جلسات دفتر امور روستایی استانداری قزوین",
        by=secretary,
        follow_up=list(Decision.objects.of(agreement).open().for_lists()),
    )
    _create_programmes(agreement, parties, secretary, commitments, today)
    return made


def _create_programmes(agreement, parties, by, commitments, today):
    year = jdatetime.date.fromgregorian(date=today).year
    for jalali_year in (year, year + 1):
        atefeh = Programme.objects.create(
            agreement=agreement,
            title_fa=to_persian_digits(f"جشن عاطفه‌ها {jalali_year}"),
            title_en=f"Atefeh-ha celebration {jalali_year}",
            description="جمع‌آوری کمک‌های دانش‌آموزان برای هم‌کلاسی‌های نیازمند در آغاز سال تحصیلی، با مشارکت دهیاری‌ها.",
            responsible_party=parties[RELIEF],
            starts_on=_jalali(jalali_year, 7, 1),
            ends_on=_jalali(jalali_year, 7, 7),
            created_by=by,
        )
        atefeh.commitments.set([commitments["A1"], commitments["B11"]])
    charity = Programme.objects.create(
        agreement=agreement,
        title_fa="جشن نیکوکاری",
        title_en="Charity (Nikukari) celebration",
        description="جشن نیکوکاری در دهه دوم ماه مبارک رمضان؛ دهیاری‌ها در جمع‌آوری کمک‌های مردمی مشارکت می‌کنند.",
        responsible_party=None,
        hijri_month=9,
        hijri_day=10,
        length_days=6,
        created_by=by,
    )
    charity.commitments.set([commitments["A1"], commitments["B11"], commitments["B4"]])
    # Iran began Ramadan 1445 a day after the Umm al-Qura calendar (12 March 2024, not 11 March).
    ProgrammeCorrection.objects.create(
        programme=charity,
        hijri_year=1445,
        starts_on=dt.date(2024, 3, 21),
        note="آغاز رمضان ۱۴۴۵ در ایران یک روز پس از تقویم ام‌القری اعلام شد.",
    )
    iftar = Programme.objects.create(
        agreement=agreement,
        title_fa="اطعام و افطاری مددجویان و ایتام",
        title_en="Iftar meals for clients and orphans",
        responsible_party=parties[RURAL],
        hijri_month=9,
        hijri_day=1,
        length_days=29,
        created_by=by,
    )
    iftar.commitments.set([commitments["B2"]])
    pilgrimage = Programme.objects.create(
        agreement=agreement,
        title_fa="اعزام خانواده‌های تحت حمایت به اردوی زیارتی شوق زیارت",
        title_en="Showgh-e Ziyarat pilgrimage trip",
        responsible_party=parties[RURAL],
        starts_on=_jalali(year, 11, 10),
        ends_on=_jalali(year, 11, 15),
        created_by=by,
    )
    pilgrimage.commitments.set([commitments["B10"]])
