"""Thumbnails of image evidence: a small JPEG of each photo or scan, made once by a background job.

Made by a job when the image is uploaded (`obligations.tasks.make_evidence_thumbnail`, queued by
`services.attach_evidence`), not on the first request for it: decoding a 4000×3000 phone photo
costs 0.2–0.3 s of CPU on the 2-core server (measured: JPEG 268 ms, PNG 183 ms, load 2), so a
timeline page of 25 entries with five photos each would cost its first reader ~30 s spread over
the five web workers. A worker does it once, after the upload; until then, and for every file that
is not an image (or an image Pillow cannot read), pages show a tile naming the file's type.
`manage.py make_thumbnails` makes the missing ones (evidence uploaded before thumbnails existed).

- JPEG, quality 80, at most THUMBNAIL_SIDE pixels a side (10–25 KB for a photo): every browser
  shows it, and it carries no EXIF (a phone photo's GPS position stays in the original only).
- Turned upright by its EXIF orientation, as the phone showed it.
- Transparent PNGs are laid on white.
- An image whose header declares more than MAX_SOURCE_PIXELS is not decoded at all (a 10 MB PNG
  can declare a 50,000×50,000 canvas); JPEGs are decoded at 1/2–1/8 scale (Pillow's draft mode).
- Stored through Django's default storage (STORAGES["default"]), so it moves to S3 with the files.
"""

import io
import logging
import warnings

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from PIL import Image, ImageOps, UnidentifiedImageError

from obligations.models import THUMBNAIL_SIDE, Evidence, Thumbnail

logger = logging.getLogger(__name__)

# 50 megapixels: beyond a 48 MP phone photo, and under 200 MB of memory once decoded as RGBA.
MAX_SOURCE_PIXELS = 50_000_000
JPEG_QUALITY = 80
_READ_ERRORS = (
    UnidentifiedImageError,
    Image.DecompressionBombError,
    Image.DecompressionBombWarning,
    OSError,
    SyntaxError,
    ValueError,
    EOFError,
)


class ImageTooLarge(ValueError):
    """The image declares more pixels than a thumbnail is worth decoding."""


def render_thumbnail(source) -> tuple[bytes, int, int]:
    """A JPEG of at most THUMBNAIL_SIDE a side from an open image file; raises on what it cannot read."""
    box = (THUMBNAIL_SIDE, THUMBNAIL_SIDE)
    with warnings.catch_warnings():
        # Pillow only warns between its two bomb limits; ours is lower and checked below anyway.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        with Image.open(source, formats=["JPEG", "PNG"]) as image:
            if image.width * image.height > MAX_SOURCE_PIXELS:
                raise ImageTooLarge(f"{image.width}×{image.height}")
            image.draft("RGB", box)
            upright = ImageOps.exif_transpose(image)
            upright.thumbnail(box, Image.Resampling.LANCZOS)
            flat = _on_white(upright)
    output = io.BytesIO()
    flat.save(output, "JPEG", quality=JPEG_QUALITY, optimize=True)
    return output.getvalue(), flat.width, flat.height


def _on_white(image: Image.Image) -> Image.Image:
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        image = image.convert("RGBA")
        white = Image.new("RGB", image.size, "white")
        white.paste(image, mask=image.getchannel("A"))
        return white
    return image.convert("RGB")


def make_thumbnail(evidence: Evidence) -> Thumbnail | None:
    """The evidence's thumbnail, made now if it has none; None for a file that is not a readable image."""
    existing = Thumbnail.objects.filter(evidence=evidence).first()
    if existing is not None or not evidence.is_image:
        return existing
    try:
        with evidence.file.open("rb") as source:
            content, width, height = render_thumbnail(source)
    except (*_READ_ERRORS, ImageTooLarge) as error:
        # Not an error of the app: the file passed the upload checks and stays downloadable.
        logger.warning("No thumbnail for evidence %s: %s: %s", evidence.pk, type(error).__name__, error)
        return None
    thumbnail = Thumbnail(evidence=evidence, width=width, height=height)
    thumbnail.file.save("thumbnail.jpg", ContentFile(content), save=False)
    try:
        with transaction.atomic():
            thumbnail.save()
    except IntegrityError:
        # Another job made it at the same moment: keep theirs, remove our copy of the file.
        thumbnail.file.storage.delete(thumbnail.file.name)
        return Thumbnail.objects.filter(evidence=evidence).first()
    return thumbnail
