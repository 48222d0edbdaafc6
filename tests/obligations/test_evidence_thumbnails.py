"""Photos and scans get a small JPEG thumbnail, made by a background job when they are uploaded and
served with exactly the evidence's own permission check; every other file shows a tile naming its type."""

import io
import uuid
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from PIL import Image

from obligations.models import THUMBNAIL_SIDE, Evidence, Thumbnail
from tests.factories import PERSONAS, READERS
from tests.obligations import files

LOG = "/en/a/qazvin-ikrc-rural-1397/commitments/B5/log/"
TIMELINE = "/a/qazvin-ikrc-rural-1397/commitments/B5/"


@pytest.fixture
def upload(client, rural_staff, agreement):
    """upload(name, content) -> the Evidence row, logged by rural staff on B5 through the real form."""

    def post(name, content, **fields):
        client.force_login(rural_staff)
        data = {
            "submission_key": str(uuid.uuid4()),
            "happened_on": "2024-10-10",
            "reported_status": "in_progress",
            "narrative": f"بازدید از روستا، {name}",
            "evidence": files.upload(name, content),
            **fields,
        }
        assert client.post(LOG, data).status_code == 302
        client.logout()
        return Evidence.objects.order_by("-pk").first()

    return post


def _image(content: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(content))
    image.load()
    return image


def _thumbnail_bytes(evidence) -> bytes:
    with evidence.thumbnail.file.open("rb") as stored:
        return stored.read()


def test_an_uploaded_photo_gets_a_small_real_jpeg(upload):
    evidence = upload("عکس بازدید.jpg", files.photo(4000, 3000))

    thumbnail = Thumbnail.objects.get(evidence=evidence)
    image = _image(_thumbnail_bytes(evidence))
    assert image.format == "JPEG" and image.mode == "RGB"
    assert image.size == (THUMBNAIL_SIDE, 240) == (thumbnail.width, thumbnail.height)
    assert len(_thumbnail_bytes(evidence)) < 30_000


def test_the_thumbnail_is_stored_through_the_default_storage_under_a_random_name(upload, settings):
    evidence = upload("عکس.jpg", files.photo())

    name = evidence.thumbnail.file.name
    assert name.startswith("thumbnails/") and name.endswith(".jpg") and "عکس" not in name
    # Tests keep MEDIA_ROOT in a temporary folder (tests/conftest.py): nothing lands in media/.
    assert (Path(settings.MEDIA_ROOT) / name).is_file()
    assert Path(settings.MEDIA_ROOT) != Path(django_settings.BASE_DIR) / "media"


def test_a_photo_is_turned_upright_by_its_exif_orientation(upload):
    # Orientation 6: the camera was held on its side; shown rotated 90° clockwise, the left (red)
    # half of the stored pixels becomes the top.
    evidence = upload("side.jpg", files.photo(640, 320, orientation=6))

    image = _image(_thumbnail_bytes(evidence))
    assert image.width < image.height
    top, bottom = image.getpixel((image.width // 2, 10)), image.getpixel((image.width // 2, image.height - 10))
    assert top[0] > 200 and top[2] < 60  # red
    assert bottom[2] > 200 and bottom[0] < 60  # blue


def test_the_thumbnail_carries_no_exif_so_no_gps_position(upload):
    evidence = upload("gps.jpg", files.photo(gps=True))
    assert not _image(_thumbnail_bytes(evidence)).getexif()


def test_a_transparent_png_is_laid_on_white(upload):
    evidence = upload("scan.png", files.transparent_png())

    image = _image(_thumbnail_bytes(evidence))
    assert image.size == (THUMBNAIL_SIDE, 240)
    assert image.getpixel((10, 10)) == (255, 255, 255)


@pytest.mark.parametrize(
    "name, content, label",
    [
        ("bomb.png", files.png_bomb(20_000), "PNG"),  # 400 MP: Pillow's own bomb limit
        ("large.png", files.png_bomb(8_000), "PNG"),  # 64 MP: above ours (50 MP), below Pillow's
        ("broken.jpg", files.JPEG, "JPG"),  # a JPEG header and nothing a decoder can use
    ],
)
def test_an_image_that_cannot_or_should_not_be_decoded_gets_no_thumbnail_and_stays_downloadable(
    upload, client, rural_viewer, caplog, name, content, label
):
    evidence = upload(name, content)

    assert not Thumbnail.objects.exists()
    assert any("No thumbnail for evidence" in r.getMessage() for r in caplog.records if r.levelname == "WARNING")
    client.force_login(rural_viewer)
    assert client.get(f"/evidence/{evidence.pk}/").status_code == 200
    assert client.get(f"/evidence/{evidence.pk}/thumbnail/").status_code == 404
    page = client.get(TIMELINE).content.decode()
    assert (
        f'<span class="file-tile" aria-hidden="true">{label}</span><span class="evidence-name"><bdi>{name}</bdi>'
        in page
    )


@pytest.mark.parametrize(
    "name, content, label",
    [
        ("نامه.pdf", files.PDF, "PDF"),
        ("گزارش.docx", files.office("word"), "DOCX"),
        ("آمار.xlsx", files.office("xl"), "XLSX"),
    ],
)
def test_other_files_get_no_thumbnail_job_and_show_a_tile_naming_their_type(
    upload, client, rural_viewer, caplog, name, content, label
):
    evidence = upload(name, content)

    assert not Thumbnail.objects.exists()
    assert "make_evidence_thumbnail" not in caplog.text  # no job was queued at all
    client.force_login(rural_viewer)
    assert client.get(f"/evidence/{evidence.pk}/thumbnail/").status_code == 404
    page = client.get(TIMELINE).content.decode()
    assert (
        f'<span class="file-tile" aria-hidden="true">{label}</span><span class="evidence-name"><bdi>{name}</bdi>'
        in page
    )
    assert 'class="evidence-thumb"' not in page


def test_the_timeline_shows_the_thumbnail_with_the_file_name_as_its_alt_text(upload, client, rural_viewer):
    evidence = upload("عکس محل پروژه.jpg", files.photo())

    client.force_login(rural_viewer)
    page = client.get(TIMELINE).content.decode()

    thumbnail = evidence.thumbnail
    assert (
        f'<a href="/evidence/{evidence.pk}/"><img class="evidence-thumb" src="/evidence/{evidence.pk}/thumbnail/" '
        f'alt="عکس محل پروژه.jpg" width="{thumbnail.width}" height="{thumbnail.height}" loading="lazy">'
    ) in page


def test_the_review_page_and_the_queue_show_the_thumbnail(upload, client, monitor):
    evidence = upload("عکس.jpg", files.photo())

    client.force_login(monitor)
    tag = f'src="/evidence/{evidence.pk}/thumbnail/" alt="عکس.jpg"'
    assert tag in client.get(f"/a/qazvin-ikrc-rural-1397/review/{evidence.entry_id}/").content.decode()
    assert tag in client.get("/a/qazvin-ikrc-rural-1397/review/").content.decode()


@pytest.fixture
def photo_evidence(upload):
    return upload("عکس.jpg", files.photo())


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_thumbnail_is_served_to_exactly_those_who_may_download_the_file(client, request, persona, photo_evidence):
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    thumbnail = client.get(f"/en/evidence/{photo_evidence.pk}/thumbnail/")
    download = client.get(f"/en/evidence/{photo_evidence.pk}/")

    assert thumbnail.status_code == download.status_code
    if persona == "anonymous":
        assert thumbnail["Location"].startswith("/en/accounts/login/")
    elif persona == "outsider":
        assert thumbnail.status_code == 404
    else:
        assert persona in READERS
        assert thumbnail.status_code == 200
        assert thumbnail["Content-Type"] == "image/jpeg"
        assert _image(b"".join(thumbnail.streaming_content)).size == (THUMBNAIL_SIDE, 240)


def test_the_thumbnail_is_never_stored_by_a_browser_and_never_sniffed(client, rural_viewer, photo_evidence):
    client.force_login(rural_viewer)
    response = client.get(f"/evidence/{photo_evidence.pk}/thumbnail/")
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert client.post(f"/evidence/{photo_evidence.pk}/thumbnail/").status_code == 405


def test_make_thumbnails_makes_the_missing_ones_and_leaves_the_rest(upload):
    first = upload("a.jpg", files.photo())
    second = upload("b.jpg", files.photo())
    upload("c.pdf", files.PDF)
    kept = first.thumbnail.file.name
    Thumbnail.objects.filter(evidence=second).delete()

    out = io.StringIO()
    call_command("make_thumbnails", "--now", stdout=out)

    assert "1 of 1" in out.getvalue()
    assert Thumbnail.objects.get(evidence=first).file.name == kept
    assert Thumbnail.objects.filter(evidence=second).exists()
    assert Thumbnail.objects.count() == 2
