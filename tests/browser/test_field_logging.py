"""Field logging without a network, in a real Chromium: the issue's numbers to reach (issue 22)."""

import contextlib
import datetime as dt
import io
import time

import pytest
from django.contrib.sessions.models import Session

from agreement.jalali import Quarter
from monitoring.models import QuarterLock
from obligations.models import Evidence, ProgressEntry
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.browser.helpers import PHONE, axe_violations, login

B5 = "qazvin-ikrc-rural-1397|B5"


def big_photo(path, seed: int) -> int:
    """A real JPEG of about 3 MB (noise does not compress), as a phone's camera makes."""
    from PIL import Image

    image = Image.effect_noise((2800, 2100), 60 + seed).convert("RGB")
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    path.write_bytes(buffer.getvalue())
    return len(buffer.getvalue())


def prepare(page, live_server, user, *, language="fa"):
    login(page, live_server, user, language=language)
    prefix = "" if language == "fa" else f"/{language}"
    page.goto(f"{live_server.url}{prefix}/field/")
    page.wait_for_selector(f"[data-field-form]:not([hidden]) option[value='{B5}']", state="attached")
    page.evaluate("async () => { await navigator.serviceWorker.ready; }")
    # Reload once so that the worker controls the page and keeps it for offline use.
    page.reload()
    page.wait_for_selector(f"[data-field-form]:not([hidden]) option[value='{B5}']", state="attached")
    assert page.evaluate("() => !!navigator.serviceWorker.controller")


def fill_entry(page, narrative="بازدید میدانی از روستای کوندج", photos=(), happened_on=None):
    """The date is left as the page prefills it (today, in the reader's calendar) unless given as typed."""
    page.select_option("#field-commitment", B5)
    if happened_on is not None:
        page.fill("#field-happened-on", happened_on)
    page.fill("#field-narrative", narrative)
    if photos:
        page.set_input_files("#field-evidence", [str(path) for path in photos])
    page.click("[data-field-form] button[type=submit]")


def states(page) -> list[str]:
    return page.evaluate("async () => (await window.peymanField.records()).map((r) => r.state)")


def wait_for_state(page, state: str, timeout: float = 15.0) -> float:
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if states(page) and all(s == state for s in states(page)):
            return time.monotonic() - started
        page.wait_for_timeout(200)
    raise AssertionError(f"records are {states(page)}, not all {state}")


@pytest.fixture
def persistent(tmp_path, playwright_driver):
    """A Chromium profile kept on disk, so that closing and reopening the browser is real."""
    contexts = []

    def open_context():
        context = playwright_driver.chromium.launch_persistent_context(
            str(tmp_path / "profile"),
            executable_path=str(CHROMIUM),
            args=CHROMIUM_ARGS,
            viewport=PHONE,
            locale="fa-IR",
        )
        context.set_default_timeout(20_000)
        contexts.append(context)
        return context

    yield open_context
    for context in contexts:
        with contextlib.suppress(Exception):  # already closed by the test
            context.close()


def test_the_page_is_installable(persistent, live_server, rural_staff):
    context = persistent()  # a profile on disk: an incognito context is never installable
    page = context.pages[0] if context.pages else context.new_page()
    prepare(page, live_server, rural_staff)
    session = page.context.new_cdp_session(page)
    errors = session.send("Page.getInstallabilityErrors")["installabilityErrors"]
    assert errors == []
    manifest = session.send("Page.getAppManifest")
    assert not manifest.get("errors")


def test_an_offline_entry_with_two_3mb_photos_survives_reload_and_restart_then_drains_once(
    persistent, live_server, rural_staff, tmp_path
):
    sizes = [big_photo(tmp_path / "one.jpg", 1), big_photo(tmp_path / "two.jpg", 2)]
    assert min(sizes) >= 3_000_000
    context = persistent()
    page = context.pages[0] if context.pages else context.new_page()
    prepare(page, live_server, rural_staff)
    context.set_offline(True)
    fill_entry(page, photos=[tmp_path / "one.jpg", tmp_path / "two.jpg"])
    page.wait_for_selector("[data-field-state=waiting]")
    kept = page.evaluate("async () => (await window.peymanField.records())[0]")
    assert len(kept["files"]) == 2 and all(file["size"] < 1_500_000 for file in kept["files"])  # resized
    page.reload()
    page.wait_for_selector("[data-field-state=waiting]")
    assert page.locator("[data-field-badge]:not([hidden])").count() == 1
    context.close()

    context = persistent()
    page = context.pages[0] if context.pages else context.new_page()
    context.set_offline(True)
    page.goto(f"{live_server.url}/field/")
    page.wait_for_selector("[data-field-state=waiting]")
    assert ProgressEntry.objects.count() == 0
    started = time.monotonic()
    context.set_offline(False)
    page.wait_for_selector("[data-field-state=sent]", timeout=10_000)
    drained = time.monotonic() - started
    entry = ProgressEntry.objects.get(submission_key=kept["key"])
    assert ProgressEntry.objects.count() == 1
    assert Evidence.objects.filter(entry=entry).count() == 2
    assert entry.device_recorded_at is not None and entry.device_clock_offset is not None
    print(f"drained in {drained:.1f} s; kept photos {[f['size'] for f in kept['files']]} bytes from {sizes}")
    assert drained < 10


def test_a_connection_cut_after_the_post_and_during_the_second_photo_makes_one_entry(
    page, live_server, rural_staff, tmp_path
):
    photos = [tmp_path / "one.jpg", tmp_path / "two.jpg"]
    for seed, path in enumerate(photos):
        big_photo(path, seed)
    prepare(page, live_server, rural_staff)
    cut = {"post": 1, "put": 0}
    received = []

    def entries(route):
        response = route.fetch()  # the server gets it and answers...
        if cut["post"]:
            cut["post"] -= 1
            route.abort("connectionreset")  # ...but the answer is lost on the way back
        else:
            route.fulfill(response=response)

    def upload(route):
        body = route.request.post_data_buffer or b""
        response = route.fetch()
        received.append(len(body))
        cut["put"] += 1
        if cut["put"] == 2:
            route.abort("connectionreset")  # the second photo: stored, but the phone never hears it
        else:
            route.fulfill(response=response)

    page.route("**/field/api/entries/", entries)
    page.route("**/field/api/entries/*/files/*", upload)
    fill_entry(page, photos=photos)
    for _ in range(3):  # "send now" after each cut, as the person would (or the back-off, later)
        page.wait_for_timeout(1500)
        page.evaluate("() => window.peymanField.drain(true)")
    wait_for_state(page, "sent")
    kept = page.evaluate("async () => (await window.peymanField.records())[0]")
    sent_bytes = sum(file["size"] for file in kept["files"])
    assert ProgressEntry.objects.count() == 1
    assert Evidence.objects.count() == 2
    assert sum(received) <= 1.2 * sent_bytes, (received, sent_bytes)
    print(f"bytes received {sum(received)} for files of {sent_bytes} bytes: {sum(received) / sent_bytes:.2f}x")


def test_a_session_expired_while_offline_sends_after_signing_in_again_without_a_403_loop(
    page, live_server, rural_staff
):
    prepare(page, live_server, rural_staff)
    page.context.set_offline(True)
    fill_entry(page)
    page.wait_for_selector("[data-field-state=waiting]")
    Session.objects.all().delete()  # the session ends while the phone is away
    refused = []
    page.on("response", lambda response: response.status == 403 and refused.append(response.url))
    page.context.set_offline(False)
    page.wait_for_selector("[data-field-signed-out]:not([hidden])")
    assert states(page) == ["waiting"] and ProgressEntry.objects.count() == 0
    with page.expect_navigation():
        page.click("[data-field-signed-out] a")
    page.fill("#id_username", rural_staff.username)
    page.fill("#id_password", "pw-for-tests-1397")
    with page.expect_navigation():
        page.click("form[action*='login'] button[type=submit]")
    page.wait_for_selector("[data-field-state=sent]", timeout=10_000)
    assert ProgressEntry.objects.count() == 1
    assert len(refused) <= 1, refused  # at most the one stale token, fetched again once


def test_a_quarter_locked_while_offline_is_shown_with_its_reason_and_nothing_is_lost(
    page, live_server, rural_staff, monitor, agreement
):
    prepare(page, live_server, rural_staff)
    page.context.set_offline(True)
    fill_entry(page, narrative="کار در فصل قفل‌شده")
    page.wait_for_selector("[data-field-state=waiting]")
    period = Quarter.containing(dt.date.today())
    QuarterLock.objects.create(agreement=agreement, year=period.year, quarter=period.number, changed_by=monitor)
    page.context.set_offline(False)
    page.wait_for_selector("[data-field-state=attention]", timeout=10_000)
    reason = page.inner_text("[data-field-reason=quarter_locked]")
    assert "قفل" in reason
    record = page.evaluate("async () => (await window.peymanField.records())[0]")
    assert record["fields"]["narrative"] == "کار در فصل قفل‌شده"
    assert ProgressEntry.objects.count() == 0


@pytest.mark.parametrize("language", ["fa", "en"])
def test_the_field_page_has_no_serious_axe_violation_at_390px(new_page, live_server, rural_staff, language):
    page = new_page(viewport={"width": 390, "height": 844})
    prepare(page, live_server, rural_staff, language=language)
    page.context.set_offline(True)
    fill_entry(page)
    page.wait_for_selector("[data-field-state=waiting]")
    assert axe_violations(page) == []
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")


def test_the_page_says_plainly_what_works_offline(page, live_server, rural_staff):
    prepare(page, live_server, rural_staff, language="en")
    page.context.set_offline(True)
    page.goto(f"{live_server.url}/en/field/")
    # The status is written once the queue has been read from IndexedDB, just after the page loads.
    page.wait_for_selector("[data-field-network]:not(:empty)")
    assert "You are offline" in page.inner_text("[data-field-network]")
    page.goto(f"{live_server.url}/en/")  # any other page: the offline notice, not a browser error
    assert "only “Field logging” works" in page.inner_text("body")


def test_fifty_records_over_a_slow_link_make_fifty_entries_and_no_duplicate(page, live_server, rural_staff):
    prepare(page, live_server, rural_staff)
    page.context.set_offline(True)
    for number in range(50):
        fill_entry(page, narrative=f"بازدید شماره {number + 1}")
        page.wait_for_function(f"async () => (await window.peymanField.records()).length === {number + 1}")
    page.context.set_offline(False)
    session = page.context.new_cdp_session(page)
    session.send("Network.enable")
    # 400 kbit/s each way and 400 ms round trip: a weak 3G link.
    throughput = 400 * 1000 / 8
    session.send(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": 400, "downloadThroughput": throughput, "uploadThroughput": throughput},
    )
    started = time.monotonic()
    page.evaluate("() => window.peymanField.drain(true)")
    wait_for_state(page, "sent", timeout=120)
    took = time.monotonic() - started
    keys = page.evaluate("async () => (await window.peymanField.records()).map((r) => r.key)")
    assert ProgressEntry.objects.count() == 50
    assert ProgressEntry.objects.filter(submission_key__in=keys).count() == 50
    print(f"50 records over 400 kbit/s, 400 ms: {took:.1f} s")


def test_a_record_that_needs_attention_is_corrected_and_sent_or_discarded_deliberately(
    page, live_server, rural_staff, monitor, agreement
):
    prepare(page, live_server, rural_staff, language="en")
    period = Quarter.containing(dt.date.today())
    QuarterLock.objects.create(agreement=agreement, year=period.year, quarter=period.number, changed_by=monitor)
    fill_entry(page, narrative="first")
    fill_entry(page, narrative="second")
    page.wait_for_function("async () => (await window.peymanField.records()).every((r) => r.state === 'attention')")
    assert "is locked: its report has been issued" in page.inner_text("[data-field-reason=quarter_locked]")
    first = page.locator("[data-field-record]", has_text="first")
    first.get_by_role("button", name="Correct it").click()
    earlier = period.first_day - dt.timedelta(days=1)
    page.fill("#field-happened-on", earlier.isoformat())
    page.click("[data-field-form] button[type=submit]")
    page.wait_for_selector("[data-field-state=sent]")
    entry = ProgressEntry.objects.get()
    assert (entry.narrative, entry.happened_on) == ("first", earlier)
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("[data-field-record]", has_text="second").get_by_role("button", name="Discard").click()
    page.wait_for_function("async () => (await window.peymanField.records()).length === 1")
    assert states(page) == ["sent"] and ProgressEntry.objects.count() == 1


def test_a_reader_is_told_there_is_nothing_to_prepare(page, live_server, rural_viewer):
    login(page, live_server, rural_viewer, language="en")
    page.goto(f"{live_server.url}/en/field/")
    page.wait_for_function(
        "() => document.querySelector('[data-field-prepared]').textContent.includes('nothing to prepare')"
    )
    assert page.locator("[data-field-form]").is_hidden()


ALL_KITS = """async () => {
    const base = await new Promise((resolve) => {
        const request = indexedDB.open("peyman-field", 1);
        request.onsuccess = () => resolve(request.result);
    });
    return await new Promise((resolve) => {
        const request = base.transaction("kits").objectStore("kits").getAll();
        request.onsuccess = () => resolve(request.result.map((r) => [r.user, r.id || ""]));
    });
}"""

ALL_RECORDS = """async () => {
    const base = await new Promise((resolve, reject) => {
        const request = indexedDB.open("peyman-field", 1);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
    });
    return await new Promise((resolve) => {
        const request = base.transaction("records").objectStore("records").getAll();
        request.onsuccess = () => resolve(request.result.map((r) => ({ key: r.key, user: r.user, state: r.state })));
    });
}"""


REMEMBER = """async (id) => {
    const base = await new Promise((resolve) => {
        const request = indexedDB.open("peyman-field", 1);
        request.onsuccess = () => resolve(request.result);
    });
    await new Promise((resolve) => {
        const transaction = base.transaction("kits", "readwrite");
        transaction.objectStore("kits").put({ user: "@signed-in", id: id });
        transaction.oncomplete = resolve;
    });
}"""


def test_a_shared_phone_binds_the_queue_and_kit_to_whoever_the_server_says_is_signed_in(
    persistent, live_server, rural_staff, relief_staff
):
    context = persistent()
    page = context.pages[0] if context.pages else context.new_page()
    prepare(page, live_server, rural_staff)
    context.set_offline(True)
    fill_entry(page, narrative="ثبت کارمند روستایی")
    page.wait_for_selector("[data-field-state=waiting]")
    key = page.evaluate("async () => (await window.peymanField.records())[0].key")
    Session.objects.all().delete()  # the session expires on the phone; nobody signed out
    context.set_offline(False)
    page.wait_for_selector("[data-field-signed-out]:not([hidden])")

    login(page, live_server, relief_staff)  # someone else takes the phone and signs in
    # The page the server sent after signing in names them; the device keeps that (in IndexedDB).
    page.wait_for_function(
        f"async () => (await ({ALL_KITS})()).some(([key, id]) => key === '@signed-in' && id === '{relief_staff.pk}')"
    )
    context.close()
    context = persistent()  # the browser closed and opened again: the same profile
    page = context.pages[0] if context.pages else context.new_page()
    context.set_offline(True)
    page.goto(f"{live_server.url}/field/")  # the kept copy, made for rural_staff
    page.wait_for_selector("[data-field-app]:not([hidden])")
    assert page.get_attribute("[data-field-user]", "data-field-user") == str(relief_staff.pk)
    page.wait_for_function("() => document.querySelector('[data-field-prepared]').textContent.length > 0")
    assert page.locator("[data-field-record]").count() == 0  # the other person's record is not shown
    assert page.locator("[data-field-form]").is_hidden()  # nor their commitments: nothing prepared for this one
    assert page.locator(f"option[value='{B5}']").count() == 0
    assert page.locator("[data-field-badge]:not([hidden])").count() == 0

    context.set_offline(False)  # back online on the kept page: the server is asked, the kit is this person's
    page.wait_for_selector("[data-field-form]:not([hidden]) option[value$='|A1']", state="attached")
    assert page.locator(f"option[value='{B5}']").count() == 0
    page.evaluate("() => window.peymanField.drain(true)")
    page.wait_for_timeout(1500)
    assert ProgressEntry.objects.count() == 0  # never sent under the new person's session
    assert page.evaluate(ALL_RECORDS) == [{"key": key, "user": str(rural_staff.pk), "state": "waiting"}]

    # A page still bound to rural_staff (another tab, opened before) hears from the server who it is.
    context.set_offline(True)
    stale = context.new_page()
    stale.goto(f"{live_server.url}/field/")
    stale.evaluate(REMEMBER, str(rural_staff.pk))
    stale.reload()
    stale.wait_for_selector("[data-field-state=waiting]")  # offline, it shows what it was bound to
    context.set_offline(False)
    stale.evaluate("() => window.peymanField.drain(true)")
    stale.wait_for_function(
        f"() => document.querySelector('[data-field-user]').getAttribute('data-field-user') === '{relief_staff.pk}'"
    )
    stale.wait_for_function("() => document.querySelectorAll('[data-field-record]').length === 0")
    assert ProgressEntry.objects.count() == 0
    stale.close()

    login(page, live_server, rural_staff)  # the first person signs in again: their record goes, under them
    page.goto(f"{live_server.url}/field/")
    page.wait_for_selector("[data-field-state=sent]", timeout=15_000)
    entry = ProgressEntry.objects.get()
    assert (str(entry.submission_key), entry.author) == (key, rural_staff)
