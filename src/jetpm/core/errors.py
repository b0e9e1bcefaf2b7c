"""The domain errors every app raises; views turn them into messages, the API into status codes."""


class DomainError(Exception):
    """A rule of the programme refused the operation; the message says which and why."""

    status_code = 400

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class IllegalTransition(DomainError):
    status_code = 409


class PermissionDenied(DomainError):
    status_code = 403


class NotFound(DomainError):
    status_code = 404


class FieldErrors(DomainError):
    """Several rules refused the data at once: every ``(field, message)`` pair, so a form shows them all
    together instead of stopping at the first."""

    def __init__(self, errors: list[tuple[str | None, str]]) -> None:
        super().__init__(
            " ".join(message for _field, message in errors), field=errors[0][0] if errors else None
        )
        self.errors = errors


def raise_all(errors: list[tuple[str | None, str]]) -> None:
    """Raise ``FieldErrors`` when ``errors`` is not empty (the one error itself when there is only one)."""
    if len(errors) == 1:
        raise DomainError(errors[0][1], field=errors[0][0])
    if errors:
        raise FieldErrors(errors)
