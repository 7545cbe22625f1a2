"""Checks every upload of the product shares: images are bounded in pixels before anything decodes
them, and their content must be the image type the name says.

Pillow reads only the header when an image is opened; the pixel count is checked on that header
before any pixel is decoded. Pillow's own decompression-bomb guard (an error above twice
`Image.MAX_IMAGE_PIXELS`, a warning above it) is turned into the same clear message, so a small
file that claims a huge picture never reaches `load()` and never ends in a server error.
"""

import io
import struct
import warnings

from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

MAX_IMAGE_PIXELS = 40_000_000
IMAGE_FORMATS = {"jpg": "JPEG", "jpeg": "JPEG", "png": "PNG"}
# What a broken or hostile image file can raise while its header is read or decoded.
IMAGE_READ_ERRORS = (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError, struct.error,
                     IndexError, TypeError)


class UploadError(ValueError):
    """An upload refused with a Dutch message for the form."""


def too_large_message(width: int | None = None, height: int | None = None) -> str:
    if width and height:
        return _("De afbeelding is te groot (%(w)d × %(h)d pixels); het maximum is %(max)d miljoen pixels. "
                 "Verklein de afbeelding en kies haar opnieuw.") % {"w": width, "h": height,
                                                                   "max": MAX_IMAGE_PIXELS // 1_000_000}
    return _("De afbeelding is te groot; het maximum is %(max)d miljoen pixels. Verklein de afbeelding en kies "
             "haar opnieuw.") % {"max": MAX_IMAGE_PIXELS // 1_000_000}


def open_image(source, suffix: str) -> Image.Image:
    """Open an image (header only) and check its type and pixel count; raise UploadError. The
    caller decodes the pixels afterwards, within `IMAGE_READ_ERRORS`."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(source)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise UploadError(too_large_message()) from error
    except IMAGE_READ_ERRORS as error:
        raise UploadError(_("Deze afbeelding kan niet worden gelezen.")) from error
    if image.format != IMAGE_FORMATS.get(suffix):
        image.close()
        raise UploadError(_("Dit bestand is geen %(type)s-afbeelding, al eindigt de naam op .%(suffix)s.")
                          % {"type": IMAGE_FORMATS.get(suffix, suffix.upper()), "suffix": suffix})
    width, height = image.size
    if width * height > MAX_IMAGE_PIXELS:
        image.close()
        raise UploadError(too_large_message(width, height))
    return image


def suffix_of(name: str | None) -> str:
    name = name or ""
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def check_image_upload(upload) -> str | None:
    """For an uploaded file named as an image: the problem with it (Dutch), or None. Reads only the
    header and rewinds the file, so it can still be stored."""
    suffix = suffix_of(upload.name)
    if suffix not in IMAGE_FORMATS:
        return None
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    try:
        open_image(io.BytesIO(data), suffix).close()
    except UploadError as error:
        return str(error)
    return None


def ask_files_again(form, request, field: str = "attachments") -> None:
    """After a refused form with files: the typed text is shown again, but browsers cannot refill a
    file input, so say that the files must be chosen again."""
    if request.FILES and form.errors and field in form.fields:
        form.add_error(field, _("Uw ingevulde tekst is bewaard, maar bestanden onthoudt het formulier niet: "
                                "kies de bijlage(n) opnieuw."))
