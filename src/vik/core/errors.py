"""Domain exceptions: each carries a Dutch message that can be shown to the user as is."""

from django.core.exceptions import ValidationError


class DomainError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class PermissionDeniedError(DomainError):
    pass


class ConcurrentEditError(DomainError):
    pass


__all__ = ["ConcurrentEditError", "DomainError", "PermissionDeniedError", "ValidationError"]
