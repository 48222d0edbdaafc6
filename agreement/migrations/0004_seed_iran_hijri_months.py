"""Iran's Hijri month starts for 1440-1448 AH (2018-2027), written out here so the seed never depends on a
library's arithmetic changing.

Nine rows are Iranian announcements (1 Ramadan 1442-1446, 1 Shawwal 1442, 1445, 1446, 1 Dhu al-Hijjah
1445), each citing where it was reported; six of them are a day after Umm al-Qura. Every other row is
the Umm al-Qura arithmetic marked "estimated" until someone enters the Institute of Geophysics' calendar
or an announcement in the admin (with history). One estimated row, Shaban 1442, is a day later than the
arithmetic so that no month is 31 days long before the announced 1 Ramadan."""

import datetime as dt

from django.db import migrations
from django.utils import timezone

MONTH_STARTS = [
    (1440, 1, "2018-09-11", "estimated", "estimated: Umm al-Qura arithmetic (hijridate 2.6.0), not yet checked against Iran's calendar"),
    (1440, 2, "2018-10-10", "estimated", "estimated: Umm al-Qura arithmetic (hijridate 2.6.0), not yet checked against Iran's calendar"),
    (1440, 3, "2018-11-09", "estimated", "estimated: Umm al-Qura arithmetic (hijridate 2.6.0), not yet checked against Iran's calendar"),
    (1440, 4, "2018-12-08", "estimated", "estimated: Umm al-Qura arithmetic (hijridate 2.6.0), not yet checked against Iran's calendar"),
    (1440, 5, "2019-01-07", "estimated", "estimated: Umm al-Qura arithmetic (hijridate 2.6.0), not yet checked against Iran's calendar"),
    (1440, 6, "2019-02-06", "estimated", "estimated: Umm al-Qura arithmetic (hijridate 2.6.0), not yet checked against Iran's calendar"),
    (1440, 7, "2019-03-08", "estimated", "estimated: Umm al-Qura arithmetic (hijridate 2.6.0), not yet checked against Iran's calendar"),
    (1440, 8, "2019-04-06", "estimated", "estimated: Umm al-Qura arithmetic (hijridate 2.6.0), not yet checked against Iran's calendar"),
    (1440, 9, "2019-05-06", "estimated", "estimated: Umm al-Qura arithmetic (hijridate 2.6.0), not yet checked against Iran's calendar"),
    (1440, 10, "2019-06-04", "estimated", "estimated: Umm al-Qura arithmetic (hijridate 2.6.0), not yet checked against Iran's calendar"),
    (1440, 11, "2019-07-04", "estimated", "estimated: Umm al-Qura arithmetic (hijridate 2.6.0), not yet checked against Iran's calendar"),
    (1440, 12, "2019-08-02", "estimated", "estimated: Umm al-Qura arithmetic (hijridate 2.6.0), not yet checked against Iran's calendar"),
    (1441, 1, "2019-08-31", "estimated", "estimated: Umm al-Qura arithmetic (hijridate 2.6.0), not yet checked against Iran's calendar"),
    (1441, 2, "2019-09-30", "estimated", "estimated: Umm al-Qura arithmetic (hijridate 2.6.0), not yet checked against Iran's calendar"),
    (1441, 3, "2019-10-29", "estimated", "estimated: Umm al-Qura arithmetic (hijridate 2.6.0), not yet checked against Iran's calendar"),
    (1441, 4, "2019-11-28", "estimated", "estimated: Umm al-Qura arithmetic (hijridate 2.6.0), not yet checked against Iran's calendar"),
    (1441, 5, "2019-12-27", "estimated", "estimated: Umm al-Qura arithmetic (hijridate 2.6.0), not yet checked against Iran's calendar"),
    (1441, 6, "2020-01-26", "estimated", "estimated: Umm al-Qura arithmetic (hijridate 2.6.0), not yet checked against Iran's calendar"),
    (1441, 7, "2020-02-25", "estimated", "estimated: Umm al-Qura arithmetic (hijridate 2.6.0), not yet checked against Iran's calendar"),
    (1441, 8, "2020-03-25", "estimated", "estimated: Umm al-Qura arithmetic (hijridate 2.6.0), not yet checked against Iran's calendar"),
    (1441, 9, "2020-04-24", "estimated", "estimated: Umm al-Qura arithmetic (hijridate 2.6.0), not yet checked against Iran's calendar"),
    (1441, 10, "2020-05-24", "estimated", "estimated: Umm al-Qura arithmetic (hijridate 2.6.0), not yet checked against Iran's calendar"),
    (1441, 11, "2020-06-22", "estimated", "estimated: Umm al-Qura arithmetic (hijridate 2.6.0), not yet checked against Iran's calendar"),
    (1441, 12, "2020-07-22", "estimated", "estimated: Umm al-Qura arithmetic (hijridate 2.6.0), not yet checked against Iran's calendar"),
    (1442, 1, "2020-08-20", "estimated", "estimated: Umm al-Qura arithmetic (hijridate 2.6.0), not yet checked against Iran's calendar"),
    (1442, 2, "2020-09-18", "estimated", "estimated: Umm al-Qura arithmetic (hijridate 2.6.0), not yet checked against Iran's calendar"),
    (1442, 3, "2020-10-18", "estimated", "estimated: Umm al-Qura arithmetic (hijridate 2.6.0), not yet checked against Iran's calendar"),
    (1442, 4, "2020-11-16", "estimated", "estimated: Umm al-Qura arithmetic (hijridate 2.6.0), not yet checked against Iran's calendar"),
    (1442, 5, "2020-12-16", "estimated", "estimated: Umm al-Qura arithmetic (hijridate 2.6.0), not yet checked against Iran's calendar"),
    (1442, 6, "2021-01-14", "estimated", "estimated: Umm al-Qura arithmetic (hijridate 2.6.0), not yet checked against Iran's calendar"),
    (1442, 7, "2021-02-13", "estimated", "estimated: Umm al-Qura arithmetic (hijridate 2.6.0), not yet checked against Iran's calendar"),
    (1442, 8, "2021-03-15", "estimated", "estimated: Umm al-Qura arithmetic (hijridate 2.6.0), not yet checked against Iran's calendar; moved one day later so that Shaban is not 31 days long before the announced 1 Ramadan"),
    (1442, 9, "2021-04-14", "announced", "Leader's office: Wednesday 25 Farvardin 1400 is 1 Ramadan (IRNA, reported at https://www.newarab.com/news/tehran-announces-ramadan-starts-wednesday-iran)"),
    (1442, 10, "2021-05-13", "announced", "Leader's office: Thursday 23 Ordibehesht 1400 is 1 Shawwal 1442 (https://www.khabaronline.ir/news/1514314)"),
    (1442, 11, "2021-06-11", "estimated", "estimated: Umm al-Qura arithmetic (hijridate 2.6.0), not yet checked against Iran's calendar"),
    (1442, 12, "2021-07-11", "estimated", "estimated: Umm al-Qura arithmetic (hijridate 2.6.0), not yet checked against Iran's calendar"),
    (1443, 1, "2021-08-09", "estimated", "estimated: Umm al-Qura arithmetic (hijridate 2.6.0), not yet checked against Iran's calendar"),
    (1443, 2, "2021-09-08", "estimated", "estimated: Umm al-Qura arithmetic (hijridate 2.6.0), not yet checked against Iran's calendar"),
    (1443, 3, "2021-10-07", "estimated", "estimated: Umm al-Qura arithmetic (hijridate 2.6.0), not yet checked against Iran's calendar"),
    (1443, 4, "2021-11-06", "estimated", "estimated: Umm al-Qura arithmetic (hijridate 2.6.0), not yet checked against Iran's calendar"),
    (1443, 5, "2021-12-05", "estimated", "estimated: Umm al-Qura arithmetic (hijridate 2.6.0), not yet checked against Iran's calendar"),
    (1443, 6, "2022-01-04", "estimated", "estimated: Umm al-Qura arithmetic (hijridate 2.6.0), not yet checked against Iran's calendar"),
    (1443, 7, "2022-02-02", "estimated", "estimated: Umm al-Qura arithmetic (hijridate 2.6.0), not yet checked against Iran's calendar"),
    (1443, 8, "2022-03-04", "estimated", "estimated: Umm al-Qura arithmetic (hijridate 2.6.0), not yet checked against Iran's calendar"),
    (1443, 9, "2022-04-03", "announced", "Leader's office: Sunday 3 April 2022 is 1 Ramadan (https://faraan.org/en/iran-declares-sunday-as-first-day-of-holy-month-of-ramadan)"),
    (1443, 10, "2022-05-02", "estimated", "estimated: Umm al-Qura arithmetic (hijridate 2.6.0), not yet checked against Iran's calendar"),
    (1443, 11, "2022-05-31", "estimated", "estimated: Umm al-Qura arithmetic (hijridate 2.6.0), not yet checked against Iran's calendar"),
    (1443, 12, "2022-06-30", "estimated", "estimated: Umm al-Qura arithmetic (hijridate 2.6.0), not yet checked against Iran's calendar"),
    (1444, 1, "2022-07-30", "estimated", "estimated: Umm al-Qura arithmetic (hijridate 2.6.0), not yet checked against Iran's calendar"),
    (1444, 2, "2022-08-28", "estimated", "estimated: Umm al-Qura arithmetic (hijridate 2.6.0), not yet checked against Iran's calendar"),
    (1444, 3, "2022-09-27", "estimated", "estimated: Umm al-Qura arithmetic (hijridate 2.6.0), not yet checked against Iran's calendar"),
    (1444, 4, "2022-10-26", "estimated", "estimated: Umm al-Qura arithmetic (hijridate 2.6.0), not yet checked against Iran's calendar"),
    (1444, 5, "2022-11-25", "estimated", "estimated: Umm al-Qura arithmetic (hijridate 2.6.0), not yet checked against Iran's calendar"),
    (1444, 6, "2022-12-25", "estimated", "estimated: Umm al-Qura arithmetic (hijridate 2.6.0), not yet checked against Iran's calendar"),
    (1444, 7, "2023-01-23", "estimated", "estimated: Umm al-Qura arithmetic (hijridate 2.6.0), not yet checked against Iran's calendar"),
    (1444, 8, "2023-02-21", "estimated", "estimated: Umm al-Qura arithmetic (hijridate 2.6.0), not yet checked against Iran's calendar"),
    (1444, 9, "2023-03-23", "announced", "Leader's office: Thursday 3 Farvardin 1402 is 1 Ramadan (http://www.mobasherin.ir/news-78400)"),
    (1444, 10, "2023-04-21", "estimated", "estimated: Umm al-Qura arithmetic (hijridate 2.6.0), not yet checked against Iran's calendar"),
    (1444, 11, "2023-05-21", "estimated", "estimated: Umm al-Qura arithmetic (hijridate 2.6.0), not yet checked against Iran's calendar"),
    (1444, 12, "2023-06-19", "estimated", "estimated: Umm al-Qura arithmetic (hijridate 2.6.0), not yet checked against Iran's calendar"),
    (1445, 1, "2023-07-19", "estimated", "estimated: Umm al-Qura arithmetic (hijridate 2.6.0), not yet checked against Iran's calendar"),
    (1445, 2, "2023-08-17", "estimated", "estimated: Umm al-Qura arithmetic (hijridate 2.6.0), not yet checked against Iran's calendar"),
    (1445, 3, "2023-09-16", "estimated", "estimated: Umm al-Qura arithmetic (hijridate 2.6.0), not yet checked against Iran's calendar"),
    (1445, 4, "2023-10-16", "estimated", "estimated: Umm al-Qura arithmetic (hijridate 2.6.0), not yet checked against Iran's calendar"),
    (1445, 5, "2023-11-15", "estimated", "estimated: Umm al-Qura arithmetic (hijridate 2.6.0), not yet checked against Iran's calendar"),
    (1445, 6, "2023-12-14", "estimated", "estimated: Umm al-Qura arithmetic (hijridate 2.6.0), not yet checked against Iran's calendar"),
    (1445, 7, "2024-01-13", "estimated", "estimated: Umm al-Qura arithmetic (hijridate 2.6.0), not yet checked against Iran's calendar"),
    (1445, 8, "2024-02-11", "estimated", "estimated: Umm al-Qura arithmetic (hijridate 2.6.0), not yet checked against Iran's calendar"),
    (1445, 9, "2024-03-12", "announced", "Leader's office: Tuesday 12 March 2024 is 1 Ramadan 1445 (https://urdu.khamenei.ir/news/7161)"),
    (1445, 10, "2024-04-10", "announced", "Leader's office: Wednesday 22 Farvardin 1403 is 1 Shawwal 1445 (reported by ISNA, https://tehraneghtesadi.com)"),
    (1445, 11, "2024-05-09", "estimated", "estimated: Umm al-Qura arithmetic (hijridate 2.6.0), not yet checked against Iran's calendar"),
    (1445, 12, "2024-06-08", "announced", 'Iran kept Eid al-Adha on Monday 17 June 2024, so 1 Dhu al-Hijjah was 8 June (IQNA, https://iqna.ir/en/news/3488703)'),
    (1446, 1, "2024-07-07", "estimated", "estimated: Umm al-Qura arithmetic (hijridate 2.6.0), not yet checked against Iran's calendar"),
    (1446, 2, "2024-08-05", "estimated", "estimated: Umm al-Qura arithmetic (hijridate 2.6.0), not yet checked against Iran's calendar"),
    (1446, 3, "2024-09-04", "estimated", "estimated: Umm al-Qura arithmetic (hijridate 2.6.0), not yet checked against Iran's calendar"),
    (1446, 4, "2024-10-04", "estimated", "estimated: Umm al-Qura arithmetic (hijridate 2.6.0), not yet checked against Iran's calendar"),
    (1446, 5, "2024-11-03", "estimated", "estimated: Umm al-Qura arithmetic (hijridate 2.6.0), not yet checked against Iran's calendar"),
    (1446, 6, "2024-12-02", "estimated", "estimated: Umm al-Qura arithmetic (hijridate 2.6.0), not yet checked against Iran's calendar"),
    (1446, 7, "2025-01-01", "estimated", "estimated: Umm al-Qura arithmetic (hijridate 2.6.0), not yet checked against Iran's calendar"),
    (1446, 8, "2025-01-31", "estimated", "estimated: Umm al-Qura arithmetic (hijridate 2.6.0), not yet checked against Iran's calendar"),
    (1446, 9, "2025-03-02", "announced", "Leader's office: Sunday 12 Esfand 1403 (2 March 2025) is 1 Ramadan 1446 (as recorded in the project's notes, docs shared/PERSIAN.md, third round; the announcement page itself was not retrieved)"),
    (1446, 10, "2025-03-31", "announced", "Leader's office: Monday 11 Farvardin 1404 is 1 Shawwal 1446 (Hamshahri Online, https://ertebatfarda.ir)"),
    (1446, 11, "2025-04-29", "estimated", "estimated: Umm al-Qura arithmetic (hijridate 2.6.0), not yet checked against Iran's calendar"),
    (1446, 12, "2025-05-28", "estimated", "estimated: Umm al-Qura arithmetic (hijridate 2.6.0), not yet checked against Iran's calendar"),
    (1447, 1, "2025-06-26", "estimated", "estimated: Umm al-Qura arithmetic (hijridate 2.6.0), not yet checked against Iran's calendar"),
    (1447, 2, "2025-07-26", "estimated", "estimated: Umm al-Qura arithmetic (hijridate 2.6.0), not yet checked against Iran's calendar"),
    (1447, 3, "2025-08-24", "estimated", "estimated: Umm al-Qura arithmetic (hijridate 2.6.0), not yet checked against Iran's calendar"),
    (1447, 4, "2025-09-23", "estimated", "estimated: Umm al-Qura arithmetic (hijridate 2.6.0), not yet checked against Iran's calendar"),
    (1447, 5, "2025-10-23", "estimated", "estimated: Umm al-Qura arithmetic (hijridate 2.6.0), not yet checked against Iran's calendar"),
    (1447, 6, "2025-11-22", "estimated", "estimated: Umm al-Qura arithmetic (hijridate 2.6.0), not yet checked against Iran's calendar"),
    (1447, 7, "2025-12-21", "estimated", "estimated: Umm al-Qura arithmetic (hijridate 2.6.0), not yet checked against Iran's calendar"),
    (1447, 8, "2026-01-20", "estimated", "estimated: Umm al-Qura arithmetic (hijridate 2.6.0), not yet checked against Iran's calendar"),
    (1447, 9, "2026-02-18", "estimated", "estimated: Umm al-Qura arithmetic (hijridate 2.6.0), not yet checked against Iran's calendar"),
    (1447, 10, "2026-03-20", "estimated", "estimated: Umm al-Qura arithmetic (hijridate 2.6.0), not yet checked against Iran's calendar"),
    (1447, 11, "2026-04-18", "estimated", "estimated: Umm al-Qura arithmetic (hijridate 2.6.0), not yet checked against Iran's calendar"),
    (1447, 12, "2026-05-18", "estimated", "estimated: Umm al-Qura arithmetic (hijridate 2.6.0), not yet checked against Iran's calendar"),
    (1448, 1, "2026-06-16", "estimated", "estimated: Umm al-Qura arithmetic (hijridate 2.6.0), not yet checked against Iran's calendar"),
    (1448, 2, "2026-07-15", "estimated", "estimated: Umm al-Qura arithmetic (hijridate 2.6.0), not yet checked against Iran's calendar"),
    (1448, 3, "2026-08-14", "estimated", "estimated: Umm al-Qura arithmetic (hijridate 2.6.0), not yet checked against Iran's calendar"),
    (1448, 4, "2026-09-12", "estimated", "estimated: Umm al-Qura arithmetic (hijridate 2.6.0), not yet checked against Iran's calendar"),
    (1448, 5, "2026-10-12", "estimated", "estimated: Umm al-Qura arithmetic (hijridate 2.6.0), not yet checked against Iran's calendar"),
    (1448, 6, "2026-11-11", "estimated", "estimated: Umm al-Qura arithmetic (hijridate 2.6.0), not yet checked against Iran's calendar"),
    (1448, 7, "2026-12-10", "estimated", "estimated: Umm al-Qura arithmetic (hijridate 2.6.0), not yet checked against Iran's calendar"),
    (1448, 8, "2027-01-09", "estimated", "estimated: Umm al-Qura arithmetic (hijridate 2.6.0), not yet checked against Iran's calendar"),
    (1448, 9, "2027-02-08", "estimated", "estimated: Umm al-Qura arithmetic (hijridate 2.6.0), not yet checked against Iran's calendar"),
    (1448, 10, "2027-03-09", "estimated", "estimated: Umm al-Qura arithmetic (hijridate 2.6.0), not yet checked against Iran's calendar"),
    (1448, 11, "2027-04-08", "estimated", "estimated: Umm al-Qura arithmetic (hijridate 2.6.0), not yet checked against Iran's calendar"),
    (1448, 12, "2027-05-07", "estimated", "estimated: Umm al-Qura arithmetic (hijridate 2.6.0), not yet checked against Iran's calendar"),
]


def seed(apps, schema_editor):
    HijriMonthStart = apps.get_model("agreement", "HijriMonthStart")
    Historical = apps.get_model("agreement", "HistoricalHijriMonthStart")
    created = HijriMonthStart.objects.bulk_create(
        HijriMonthStart(
            hijri_year=year, hijri_month=month, starts_on=dt.date.fromisoformat(day), source_kind=kind, source=source
        )
        for year, month, day, kind, source in MONTH_STARTS
    )
    # The seed is a change like any other: each row's history starts with it.
    now = timezone.now()
    fields = ["id", "hijri_year", "hijri_month", "starts_on", "source_kind", "source"]
    Historical.objects.bulk_create(
        Historical(
            **{name: getattr(row, name) for name in fields},
            history_date=now,
            history_type="+",
            history_change_reason="seeded by migration 0004",
        )
        for row in HijriMonthStart.objects.filter(pk__in=[row.pk for row in created])
    )


def unseed(apps, schema_editor):
    HijriMonthStart = apps.get_model("agreement", "HijriMonthStart")
    for year, month, _day, _kind, _source in MONTH_STARTS:
        HijriMonthStart.objects.filter(hijri_year=year, hijri_month=month).delete()
    apps.get_model("agreement", "HistoricalHijriMonthStart").objects.filter(
        history_change_reason="seeded by migration 0004"
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("agreement", "0003_hijri_month_start"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
