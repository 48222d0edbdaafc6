"""E-mail keeps its direction where mail clients strip things (issue 19): Gmail removes <head> styles
and ignores dir on <html> and <body>; Outlook ignores direction on <div>. What is left after removing
those must still be right to left in Persian, carried by inline markup inside the body."""

import re
from html.parser import HTMLParser

import pytest
from django.core import mail

from notifications.email import build_message
from notifications.models import Kind, Notification, Preference
from people import services


def as_gmail_keeps_it(html: str) -> str:
    """The HTML with what Gmail drops removed: the head (and any <style>), and the attributes of
    <html> and <body>."""
    html = re.sub(r"<head>.*?</head>", "", html, flags=re.S)
    html = re.sub(r"<style.*?</style>", "", html, flags=re.S)
    return re.sub(r"<(html|body)\b[^>]*>", r"<\1>", html)


class _Directions(HTMLParser):
    """For every piece of text, the innermost direction an ancestor gives it inline (dir + style)."""

    def __init__(self):
        super().__init__()
        self.stack, self.texts, self.first_in_body = [], [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        style = (attrs.get("style") or "").replace(" ", "")
        inline = re.search(r"direction:(rtl|ltr)", style)
        aligned = re.search(r"text-align:(right|left)", style)
        direction = attrs.get("dir") if attrs.get("dir") and inline and aligned else None
        if direction and inline.group(1) != direction:
            direction = None  # attribute and style must agree
        if self.first_in_body is None and self.stack and self.stack[-1][0] == "body":
            self.first_in_body = (tag, attrs.get("dir"), style)
        if tag not in ("meta", "br", "hr", "img"):
            self.stack.append((tag, direction))

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        if data.strip() and any(t == "body" for t, _ in self.stack):
            explicit = [d for t, d in self.stack if d]
            self.texts.append((data.strip(), explicit[-1] if explicit else None))


def directions(html: str) -> _Directions:
    parser = _Directions()
    parser.feed(as_gmail_keeps_it(html))
    return parser


def _notification_html(user, agreement, language):
    Preference.objects.update_or_create(user=user, defaults={"language": language})
    notification = Notification.objects.create(
        recipient=user,
        agreement=agreement,
        kind=Kind.ENTRY_RETURNED,
        params={"number": "B5", "comment": "عکس ندارد"},
        path="/a/qazvin-ikrc-rural-1397/commitments/B5/",
        event_key="test:direction",
    )
    return build_message(notification, Preference.objects.get(user=user)).alternatives[0][0]


@pytest.mark.parametrize(("language", "expected"), [("fa", "rtl"), ("en", "ltr")])
def test_a_notification_keeps_its_direction_without_head_styles(rural_staff, agreement, language, expected):
    html = _notification_html(rural_staff, agreement, language)
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
    found = directions(html)
    tag, dir_attribute, style = found.first_in_body
    assert (tag, dir_attribute) == ("table", expected)
    assert f"direction:{expected}" in style and "text-align:" + ("right" if expected == "rtl" else "left") in style
    # Every piece of text sits inside an element that says its direction inline (URLs may say ltr).
    assert found.texts and all(direction is not None for _, direction in found.texts), found.texts
    assert {direction for _, direction in found.texts} == {expected}


def test_an_invitation_keeps_its_direction_without_head_styles(rural_focal, rural_staff, agreement):
    rural_staff.email = "person@example.org"
    rural_staff.save()
    services.send_password_link(agreement=agreement, membership=rural_staff.membership, by=rural_focal)
    html = mail.outbox[-1].alternatives[0][0]
    assert 'name="viewport"' in html
    found = directions(html)
    assert found.first_in_body[:2] == ("table", "rtl")
    assert all(direction is not None for _, direction in found.texts), found.texts
    # Persian text right to left; only the link itself, written out, is marked left to right.
    ltr = [text for text, direction in found.texts if direction == "ltr"]
    assert ltr and all(text.startswith("http") for text in ltr), ltr
    assert any("گذرواژه" in text for text, direction in found.texts if direction == "rtl")


def test_the_check_fails_on_the_old_frame_that_set_direction_only_on_html_and_body():
    old = (
        '<html dir="rtl"><head><style>body{direction:rtl}</style></head>'
        '<body style="direction:rtl;text-align:right;"><div><p>سلام</p></div></body></html>'
    )
    found = directions(old)
    assert found.texts == [("سلام", None)]


@pytest.mark.parametrize("language", ["fa", "en"])
def test_the_e_mail_starts_with_its_doctype_and_carries_no_template_comment(rural_staff, agreement, language):
    """The frame's two-line {# #} comment (Django's are one line only) was sent as text before the doctype,
    and shown at the top of every e-mail in a client that keeps it."""
    html = _notification_html(rural_staff, agreement, language)
    assert html.startswith("<!doctype html>"), html[:120]
    assert "{#" not in html and "#}" not in html


def test_no_template_comment_spans_two_lines():
    """Django reads {# … #} on one line only: a longer one is printed as text (use {% comment %})."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "templates"
    broken = [
        f"{path.relative_to(root)}:{number}"
        for path in root.rglob("*")
        if path.suffix in {".html", ".txt", ".js", ".xml"}
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if "{#" in line and "#}" not in line.split("{#", 1)[1]
    ]
    assert broken == []
