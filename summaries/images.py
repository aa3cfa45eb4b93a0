"""Images pasted or dropped into the summary editor: checked by decoding them, stored without their metadata."""

import io

from django.core.exceptions import ValidationError
from PIL import Image, ImageOps, UnidentifiedImageError

IMAGE_FORMATS = {"JPEG": "jpg", "PNG": "png", "GIF": "gif", "WEBP": "webp"}
MAX_IMAGE_PIXELS = 40_000_000
# What Pillow raises for a file that is not an image, is cut short, or is a decompression bomb.
UNREADABLE = (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError)


def image_for_storage(upload):
    """(the bytes to store, their file extension) for an uploaded image; ValidationError says what is wrong.

    Every pixel is decoded, so a file cut short is refused instead of showing broken on the page. Still images are
    stored upright and re-encoded without their metadata: a phone photo's EXIF holds the camera, the time and often
    where it was taken. GIFs (no EXIF) and animations are kept as they came.
    """
    try:
        with Image.open(upload) as image:
            image_format, (width, height) = image.format, image.size
            image.verify()  # structure and checksums, before anything is decoded
        if image_format not in IMAGE_FORMATS or width * height > MAX_IMAGE_PIXELS:
            raise ValidationError("Upload a JPEG, PNG, GIF or WebP image of sane dimensions.")
        upload.seek(0)
        with Image.open(upload) as image:
            image.load()
            if image_format == "GIF" or getattr(image, "is_animated", False):
                upload.seek(0)
                return upload.read(), IMAGE_FORMATS[image_format]
            return _reencoded(image, image_format), IMAGE_FORMATS[image_format]
    except UNREADABLE as exc:
        raise ValidationError("This file is not an image Pillow can read.") from exc


def _reencoded(image, image_format):
    upright = ImageOps.exif_transpose(image)  # the EXIF orientation goes with the EXIF
    # Kept: the colour profile and PNG transparency. Pillow writes EXIF only when it is passed: it is not.
    options = {"icc_profile": image.info.get("icc_profile")}
    if image_format == "PNG":
        options["transparency"] = image.info.get("transparency")
    else:  # JPEG and WebP are lossy (a lossless WebP stays lossless)
        options.update(quality=90, lossless=bool(image.info.get("lossless")))
    options = {key: value for key, value in options.items() if value is not None}
    buffer = io.BytesIO()
    upright.save(buffer, format=image_format, **options)
    return buffer.getvalue()
