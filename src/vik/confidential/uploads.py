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
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = min(getattr(settings, "VIK_MAX_ATTACHMENT_BYTES", 5 * 1024 * 1024), 5 * 1024 * 1024)
MAX_PIXELS = 40_000_000


class CleanFile:
    def __init__(self, name: str, content_type: str, content: bytes):
        self.name = name
        self.content_type = content_type
        self.content = content


def clean_upload(upload, index: int) -> CleanFile:
    """Return the cleaned file, or raise ValueError with a Dutch message."""
    if upload.size > MAX_BYTES:
        raise ValueError(_("Een bijlage mag niet groter zijn dan %(mb)d MB.") % {"mb": MAX_BYTES // (1024 * 1024)})
    data = upload.read()
    suffix = (upload.name or "").rsplit(".", 1)[-1].lower() if "." in (upload.name or "") else ""
    if suffix == "txt":
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = data.decode("latin-1")
        return CleanFile(f"bijlage-{index}.txt", "text/plain", text.encode("utf-8"))
    if suffix in {"jpg", "jpeg", "png"}:
        return _reencode_image(data, index)
    raise ValueError(_("Alleen foto's (JPG, PNG) en tekstbestanden (TXT) kunnen worden meegestuurd; "
                       "andere bestanden kunnen verborgen gegevens over u bevatten."))


def _reencode_image(data: bytes, index: int) -> CleanFile:
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.width * image.height > MAX_PIXELS:
                raise ValueError(_("Deze afbeelding is te groot."))
            is_png = image.format == "PNG"
            image = ImageOps.exif_transpose(image)
            mode = "RGBA" if image.mode in ("RGBA", "LA", "P") else "RGB"
            pixels = Image.new(mode, image.size)
            pixels.paste(image.convert(mode))
    except (UnidentifiedImageError, OSError) as error:
        raise ValueError(_("Deze afbeelding kan niet worden gelezen.")) from error
    out = io.BytesIO()
    if mode == "RGBA" or is_png:
        pixels.save(out, format="PNG")
        return CleanFile(f"bijlage-{index}.png", "image/png", out.getvalue())
    pixels.save(out, format="JPEG", quality=90)
    return CleanFile(f"bijlage-{index}.jpg", "image/jpeg", out.getvalue())
