"""The one exception hierarchy of hybrid-router.

Every error a caller can see is a ``RouterError``; each carries the HTTP status, OpenAI error ``type``
and ``code`` that the proxy puts in OpenAI's error body ``{"error": {"message", "type", "code"}}``.
Third-party errors (httpx, redis, llama.cpp, pydantic) are translated once, at the boundary that calls
them, with ``raise ... from exc``.

    RouterError
    ├── ConfigurationError           bad settings or configuration file (raised at start-up)
    ├── InvalidRequest               400 invalid_request_error
    │   ├── ContextLengthExceeded    400 context_length_exceeded
    │   └── ContentBlocked           400 content_blocked (privacy policy "block")
    ├── UnprocessableRequest         422 invalid_request_error (well-formed JSON, wrong fields)
    ├── PayloadTooLarge              413
    ├── AuthenticationFailed         401
    ├── NotFound                     404 (unknown model, unknown request id)
    ├── RateLimited                  429 (upstream 429); may carry Retry-After
    │   └── BudgetExhausted          429 budget_exhausted (a remote spend limit is reached)
    └── BackendError                 a model could not answer
        ├── UpstreamError            502 the remote answered badly (5xx, malformed body)
        ├── UpstreamTimeout          504 the remote did not answer in time
        └── BackendUnavailable       503 no backend may serve this request (e.g. local model missing
                                         for a sensitive request, remote not configured when forced)

Messages never contain prompt text, API keys or upstream response bodies verbatim beyond a short,
sanitised excerpt.
"""

from __future__ import annotations

from typing import Any, ClassVar

__all__ = [
    "AuthenticationFailed",
    "BackendError",
    "BackendUnavailable",
    "BudgetExhausted",
    "ConfigurationError",
    "ContentBlocked",
    "ContextLengthExceeded",
    "InvalidRequest",
    "NotFound",
    "PayloadTooLarge",
    "RateLimited",
    "RouterError",
    "UnprocessableRequest",
    "UpstreamError",
    "UpstreamTimeout",
]


class RouterError(Exception):
    """Base of every error hybrid-router raises on purpose."""

    status: ClassVar[int] = 500
    type: ClassVar[str] = "server_error"
    default_code: ClassVar[str | None] = None

    def __init__(self, message: str, *, code: str | None = None, param: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.code = code if code is not None else self.default_code
        self.param = param
        self.request_id: str | None = None  # set once the request was routed (and recorded)

    def to_body(self) -> dict[str, Any]:
        """OpenAI's error body for this error."""
        return {"error": {"message": self.message, "type": self.type, "param": self.param, "code": self.code}}

    def headers(self) -> dict[str, str]:
        """Extra response headers this error asks for (e.g. Retry-After), and the request id."""
        return {"x-router-request-id": self.request_id} if self.request_id else {}


class ConfigurationError(RouterError):
    type = "configuration_error"


class InvalidRequest(RouterError):
    status = 400
    type = "invalid_request_error"


class ContextLengthExceeded(InvalidRequest):
    default_code = "context_length_exceeded"


class ContentBlocked(InvalidRequest):
    default_code = "content_blocked"


class UnprocessableRequest(RouterError):
    status = 422
    type = "invalid_request_error"


class PayloadTooLarge(RouterError):
    status = 413
    type = "invalid_request_error"
    default_code = "payload_too_large"


class AuthenticationFailed(RouterError):
    status = 401
    type = "authentication_error"
    default_code = "invalid_api_key"


class NotFound(RouterError):
    status = 404
    type = "invalid_request_error"
    default_code = "not_found"


class RateLimited(RouterError):
    status = 429
    type = "rate_limit_error"
    default_code = "rate_limit_exceeded"

    def __init__(self, message: str, *, code: str | None = None, retry_after: str | None = None) -> None:
        super().__init__(message, code=code)
        self.retry_after = retry_after

    def headers(self) -> dict[str, str]:
        extra = {"retry-after": self.retry_after} if self.retry_after else {}
        return super().headers() | extra


class BudgetExhausted(RateLimited):
    default_code = "budget_exhausted"


class BackendError(RouterError):
    status = 502
    type = "api_error"


class UpstreamError(BackendError):
    status = 502
    default_code = "upstream_error"


class UpstreamTimeout(BackendError):
    status = 504
    default_code = "upstream_timeout"


class BackendUnavailable(BackendError):
    status = 503
    default_code = "backend_unavailable"
