"""One error shape for every error the HTTP API returns.

    {"error": {"status": 404, "code": "not_found", "message": "no article 12ab", "details": []}}

`status` repeats the HTTP status, `code` is a stable machine-readable word, `message` is
for people and `details` (possibly empty) lists per-field problems of a bad request. Pages
outside `/api/` answer with an HTML page carrying the same status and message.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from newsgraph.errors import ConfigError, InputError

log = logging.getLogger(__name__)

CODES = {
    301: "moved_permanently",
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "invalid_request",
    429: "too_many_requests",
    500: "internal_error",
    503: "unavailable",
}


class ApiError(Exception):
    """An error to answer with: a status, a code and a message for people."""

    def __init__(
        self, status: int, message: str, code: str | None = None, details: list[Any] | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code or CODES.get(status, "error")
        self.message = message
        self.details = details or []


class Moved(ApiError):
    """What the URL named is now at `location` (a relative URL is read against the
    request's): a corpus event folded into another."""

    def __init__(self, location: str, message: str) -> None:
        super().__init__(301, message)
        self.location = location


def error_body(err: ApiError) -> dict[str, Any]:
    """The JSON body of an error."""
    return {
        "error": {
            "status": err.status,
            "code": err.code,
            "message": err.message,
            "details": err.details,
        }
    }


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/openapi.json"


def respond(request: Request, err: ApiError) -> Response:
    """JSON under /api/, a small HTML page elsewhere."""
    headers = {"WWW-Authenticate": "Bearer"} if err.status == 401 else None
    if err.status == 429:
        headers = {"Retry-After": "5"}
    if isinstance(err, Moved):
        headers = {"Location": err.location}
    if _is_api(request):
        return JSONResponse(error_body(err), status_code=err.status, headers=headers)
    templates = request.app.state.templates
    return templates.TemplateResponse(  # type: ignore[no-any-return]
        request, "error.html", {"error": err}, status_code=err.status, headers=headers
    )


def _validation_details(exc: RequestValidationError) -> list[dict[str, Any]]:
    return [
        {"field": ".".join(str(p) for p in e.get("loc", ())), "message": e.get("msg", "")}
        for e in exc.errors()
    ]


def install(app: FastAPI) -> None:
    """Route every kind of error through `respond`."""

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> Response:
        return respond(request, exc)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else CODES.get(exc.status_code, "")
        if exc.status_code == 404 and message == "Not Found":
            message = f"nothing at {request.url.path}"
        return respond(request, ApiError(exc.status_code, message))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        details = _validation_details(exc)
        first = details[0] if details else {"field": "", "message": "invalid request"}
        message = f"{first['field']}: {first['message']}" if first["field"] else first["message"]
        return respond(request, ApiError(422, message, details=details))

    @app.exception_handler(InputError)
    async def _unreadable(request: Request, exc: InputError) -> Response:
        code = "unreadable_" + exc.stage
        return respond(request, ApiError(422, str(exc), code=code))

    @app.exception_handler(ConfigError)
    async def _bad_query(request: Request, exc: ConfigError) -> Response:
        return respond(request, ApiError(400, str(exc)))

    @app.exception_handler(Exception)
    async def _bug(request: Request, exc: Exception) -> Response:
        log.exception("unhandled error on %s", request.url.path)
        return respond(request, ApiError(500, "internal error (logged on the server)"))

