"""Files sent with a report, cleaned of metadata before they are stored.

Images (JPEG, PNG) are decoded and re-encoded with Pillow from their pixels only, which drops EXIF
(camera, GPS position, time), XMP, IPTC and embedded comments; the orientation is applied first so
the picture still looks right. Plain text is decoded and stored as UTF-8. Other types (PDF, Office
documents) are refused: their metadata (author, organisation, edit history) cannot be removed
reliably with what VIK ships, so the reporter is asked to paste the text or send a screenshot.
The original file name is dropped too (it often holds a name or a date).
"""

import io

from django.conf import settings
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

from vik.core.uploads import IMAGE_FORMATS, IMAGE_READ_ERRORS, UploadError, open_image, suffix_of

MAX_BYTES = min(getattr(settings, "VIK_MAX_ATTACHMENT_BYTES", 5 * 1024 * 1024), 5 * 1024 * 1024)


class CleanFile:
    def __init__(self, name: str, content_type: str, content: bytes):
        self.name = name
        self.content_type = content_type
        self.content = content


def clean_upload(upload, index: int) -> CleanFile:
    """Return the cleaned file, or raise ValueError (`UploadError`) with a Dutch message."""
    if upload.size > MAX_BYTES:
        raise UploadError(_("Een bijlage mag niet groter zijn dan %(mb)d MB.") % {"mb": MAX_BYTES // (1024 * 1024)})
    data = upload.read()
    suffix = suffix_of(upload.name)
    if suffix == "txt":
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = data.decode("latin-1")
        return CleanFile(f"bijlage-{index}.txt", "text/plain", text.encode("utf-8"))
    if suffix in IMAGE_FORMATS:
        return _reencode_image(data, suffix, index)
    raise UploadError(_("Alleen foto's (JPG, PNG) en tekstbestanden (TXT) kunnen worden meegestuurd; "
                        "andere bestanden kunnen verborgen gegevens over u bevatten."))


def _reencode_image(data: bytes, suffix: str, index: int) -> CleanFile:
    # Type and pixel count are checked on the header, before any pixel is decoded.
    with open_image(io.BytesIO(data), suffix) as image:
        try:
            is_png = image.format == "PNG"
            image = ImageOps.exif_transpose(image)
            mode = "RGBA" if image.mode in ("RGBA", "LA", "P") else "RGB"
            pixels = Image.new(mode, image.size)
            pixels.paste(image.convert(mode))
        except IMAGE_READ_ERRORS as error:
            raise UploadError(_("Deze afbeelding kan niet worden gelezen.")) from error
    out = io.BytesIO()
    if mode == "RGBA" or is_png:
        pixels.save(out, format="PNG")
        return CleanFile(f"bijlage-{index}.png", "image/png", out.getvalue())
    pixels.save(out, format="JPEG", quality=90)
    return CleanFile(f"bijlage-{index}.jpg", "image/jpeg", out.getvalue())
