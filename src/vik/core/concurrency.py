"""Optimistic locking: a form carries the version it was loaded with; a write succeeds only when
nobody changed the record in the meantime."""

from django.db.models import F
from django.utils.translation import gettext as _

from .errors import ConcurrentEditError


def bump_version(obj, expected: int | None) -> None:
    """Raise ConcurrentEditError when the stored version differs from `expected`, else bump it.
    `expected=None` means the caller works on a freshly loaded object (no form round trip)."""
    model = type(obj)
    version = obj.version if expected is None else expected
    updated = model.objects.filter(pk=obj.pk, version=version).update(version=F("version") + 1)
    if not updated:
        raise ConcurrentEditError(
            _(
                "Iemand anders heeft dit dossier intussen gewijzigd. Uw wijziging is niet "
                "opgeslagen; laad de pagina opnieuw en voer haar opnieuw in."
            )
        )
    obj.version = version + 1
