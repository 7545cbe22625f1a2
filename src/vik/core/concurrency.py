"""Optimistic locking: a form carries the version it was loaded with; a write succeeds only when
nobody changed the record in the meantime."""

import hashlib
import hmac
import json

from django.conf import settings
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


# Records without a version column (the advisors' register, the knowledge editors' content) carry
# a token of their stored state instead: a keyed hash of every column, many-to-many link and named
# child rows. Any change by someone else changes the token; no migration is needed, and the token
# reveals nothing of the (encrypted) content it covers.


def _rows(queryset) -> list:
    model = queryset.model
    names = [f.attname for f in model._meta.concrete_fields]
    return [[str(row[n]) for n in names] for row in queryset.order_by("pk").values(*names)]


def state_token(obj, related: tuple[str, ...] = ()) -> str:
    """The token of `obj`'s stored state, with its many-to-many links and the child rows reached
    through the reverse accessors named in `related`. Empty for an unsaved object."""
    if obj.pk is None:
        return ""
    model = type(obj)
    parts: list = [_rows(model._base_manager.filter(pk=obj.pk))]
    for field in model._meta.many_to_many:
        through = getattr(model, field.name).through
        parts.append(sorted(str(pk) for pk in through.objects.filter(
            **{field.m2m_field_name(): obj.pk}).values_list(field.m2m_reverse_name(), flat=True)))
    for name in related:
        parts.append(_rows(getattr(obj, name).all()))
    message = json.dumps(parts, sort_keys=True).encode()
    key = f"vik.concurrency.{model._meta.label_lower}:{settings.SECRET_KEY}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:32]


def check_state(obj, expected: str | None, related: tuple[str, ...] = ()) -> None:
    """Raise ConcurrentEditError when `obj` was changed since the form carrying `expected` was
    loaded. Call inside the transaction of the save, before it: the row is locked (PostgreSQL) so
    two saves cannot both pass. `expected` empty means no form round trip (nothing to compare)."""
    if not expected or obj.pk is None:
        return
    list(type(obj)._base_manager.select_for_update().filter(pk=obj.pk).values_list("pk"))
    # As bytes: a forged token with non-ASCII characters makes compare_digest raise TypeError on
    # str (found by the fuzz test of the scope confirmation form: a 500).
    if not hmac.compare_digest(state_token(obj, related).encode(), expected.encode()):
        raise ConcurrentEditError(
            _(
                "Dit is intussen gewijzigd en opgeslagen, door iemand anders of in een ander tabblad. "
                "Uw wijziging is niet opgeslagen; uw invoer staat hieronder nog. Bekijk de nieuwe versie "
                "in een ander tabblad; slaat u dit formulier opnieuw op, dan vervangt uw invoer die versie."
            )
        )
