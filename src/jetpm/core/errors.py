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
