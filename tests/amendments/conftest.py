import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from amendments.models import AmendmentChange
from amendments.services import add_change, confirm_amendment, draft_amendment

SCAN = b"%PDF-1.4\n% the signed addendum\n"


def scan_file(name="addendum-1.pdf"):
    return SimpleUploadedFile(name, SCAN, content_type="application/pdf")


@pytest.fixture
def draft(agreement, rural_focal):
    """A draft of addendum 1, in force from a given day: make(day) -> the amendment."""

    def make(effective_on: dt.date, number: int = 1):
        return draft_amendment(
            agreement=agreement,
            number=number,
            signed_on=effective_on - dt.timedelta(days=20),
            effective_on=effective_on,
            rationale_fa="بازنگری تعهدات پس از ارزیابی میانی",
            rationale_en="Commitments revised after the mid-term review",
            scan=scan_file(),
            by=rural_focal,
        )

    return make


@pytest.fixture
def b7_and_b12(draft, commitment, rural_focal, relief_focal):
    """Addendum 1 effective on `day`: B7's text rewritten, B12 withdrawn; confirmed by both parties."""

    def make(day: dt.date):
        amendment = draft(day)
        add_change(
            amendment=amendment,
            action=AmendmentChange.Action.MODIFY,
            commitment=commitment("B7"),
            values={
                "text_fa": "اجرای طرح‌های اشتغال در ۲۰ روستا",
                "text_en": "Carry out employment schemes in 20 villages",
            },
            by=rural_focal,
        )
        add_change(
            amendment=amendment, action=AmendmentChange.Action.WITHDRAW, commitment=commitment("B12"), by=rural_focal
        )
        confirm_amendment(amendment=amendment, party=rural_focal.membership.party, by=rural_focal)
        return confirm_amendment(amendment=amendment, party=relief_focal.membership.party, by=relief_focal)

    return make
