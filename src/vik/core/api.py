"""Shared API plumbing: domain errors become clear Dutch HTTP answers."""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from .errors import ConcurrentEditError, DomainError, PermissionDeniedError


def call_service(fn, *args, **kwargs):
    """Run a service; translate its exceptions into DRF answers."""
    try:
        return fn(*args, **kwargs), None
    except DjangoValidationError as error:
        detail = error.message_dict if hasattr(error, "error_dict") else {"detail": error.messages}
        raise ValidationError(detail) from error
    except PermissionDeniedError as error:
        return None, Response({"detail": error.message}, status=status.HTTP_403_FORBIDDEN)
    except ConcurrentEditError as error:
        return None, Response({"detail": error.message}, status=status.HTTP_409_CONFLICT)
    except DomainError as error:
        return None, Response({"detail": error.message}, status=status.HTTP_409_CONFLICT)


# A list endpoint of sensitive records writes one audit event per record it returns, as the detail
# endpoint does for one: reading 50 signals through a page of the list is 50 reads (issue 14,
# finding 2: nine list pages returned 423 full signals and wrote no audit row). Only the records
# actually returned (this page) are recorded. (A comment, not a docstring: the API description
# would take a docstring as the endpoints' own.)
class AuditedListMixin:

    audit_summary = "API-lijst"

    def paginate_queryset(self, queryset):
        from django.db import transaction

        from vik.audit import services as audit

        page = super().paginate_queryset(queryset)
        shown = page if page is not None else list(queryset)
        with transaction.atomic():
            for obj in shown:
                audit.record_view(self.request.user, obj, summary=self.audit_summary)
        return page if page is not None else shown
