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
