"""The local web server: the page, its JSON API, and the guards that keep it local and safe."""

from __future__ import annotations

import errno
import json
import logging
import socket
import threading
from importlib import resources

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers, MutableHeaders
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from reviewer.config import Config
from reviewer.documents import InputError
from reviewer.errors import ReviewNoteError
from reviewer.web.glue import read_upload, review_entry, rule_list

LOCAL_HOSTS = ("127.0.0.1", "localhost", "[::1]")
WILDCARD_HOSTS = ("0.0.0.0", "::", "")
STATIC = {
    "index.html": "text/html; charset=utf-8",
    "app.js": "text/javascript; charset=utf-8",
    "style.css": "text/css; charset=utf-8",
    "icon.svg": "image/svg+xml",
}
SECURITY_HEADERS = {
    "content-security-policy": "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
    "cache-control": "no-store",
}
log = logging.getLogger("reviewer.web")


class LocalGuard:
    """ASGI middleware: security headers on every response; cross-origin requests that change things refused."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers[name] = value
            await send(message)

        if scope["method"] not in ("GET", "HEAD") and _cross_origin(Headers(scope=scope)):
            response = JSONResponse({"error": "cross-origin requests are not accepted"}, status_code=403)
            await response(scope, receive, send_with_headers)
            return
        await self.app(scope, receive, send_with_headers)


def _cross_origin(headers: Headers) -> bool:
    """Whether a browser says the request comes from another site (Sec-Fetch-Site, Origin)."""
    site = headers.get("sec-fetch-site")
    if site is not None and site not in ("same-origin", "none"):
        return True
    origin = headers.get("origin")
    return origin is not None and origin != f"http://{headers.get('host', '')}"


def create_app(config: Config = Config(), hosts: tuple[str, ...] = LOCAL_HOSTS) -> Starlette:
    """RETURNS (Starlette): the page and its API, with the review pipeline loaded and warm.

    config (Config): review settings; `config.max_bytes` caps request bodies.
    hosts (tuple): Host-header names accepted (DNS-rebinding guard).
    """
    folder = resources.files("reviewer.web") / "static"
    assets = {name: (folder / name).read_bytes() for name in STATIC}
    lock = threading.Lock()  # one pipeline, one review at a time; each takes milliseconds

    def locked(function, *args):
        with lock:
            return function(*args)

    locked(review_entry, "Thank you for meeting with me today.", True, None, None, config)  # load and warm up once

    async def page(request: Request) -> Response:
        return Response(assets["index.html"], media_type=STATIC["index.html"])

    async def static(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in STATIC or name == "index.html":
            raise HTTPException(404, "not found")
        return Response(assets[name], media_type=STATIC[name])

    async def review(request: Request) -> Response:
        payload = await _json_object(request, config.max_bytes)
        text = payload.get("text")
        if not isinstance(text, str):
            raise HTTPException(422, '"text" must be a string: the draft')
        suggest = payload.get("suggest", False)
        if not isinstance(suggest, bool):
            raise HTTPException(422, '"suggest" must be true or false')
        job, add = payload.get("job"), payload.get("add")
        if not all(value is None or isinstance(value, str) for value in (job, add)):
            raise HTTPException(422, '"job" and "add" must be strings')
        return await _answer(locked, review_entry, text, suggest, job or None, add or None, config)

    async def rules(request: Request) -> Response:
        return JSONResponse(rule_list(config))

    async def upload(request: Request) -> Response:
        if _media_type(request) != "application/octet-stream":
            raise HTTPException(415, "send the file's bytes with Content-Type: application/octet-stream")
        name = request.query_params.get("name", "draft.txt")
        data = await _body(request, config.max_bytes)
        return await _answer(read_upload, name, data, config)

    async def http_error(request: Request, exc: HTTPException) -> Response:
        return JSONResponse({"error": exc.detail}, status_code=exc.status_code, headers=exc.headers)

    routes = [
        Route("/", page, methods=["GET"]),
        Route("/static/{name}", static, methods=["GET"]),
        Route("/api/review", review, methods=["POST"]),
        Route("/api/rules", rules, methods=["GET"]),
        Route("/api/upload", upload, methods=["POST"]),
    ]
    middleware = [Middleware(LocalGuard), Middleware(TrustedHostMiddleware, allowed_hosts=list(hosts), www_redirect=False)]
    return Starlette(routes=routes, middleware=middleware, exception_handlers={HTTPException: http_error})


async def _answer(function, *args) -> Response:
    """Run the library in a worker thread; its errors become one-line JSON, never a traceback or the draft."""
    try:
        result = await run_in_threadpool(function, *args)
    except InputError as exc:
        return JSONResponse({"error": str(exc)}, status_code=422)
    except Exception as exc:  # noqa: BLE001 - a bug must not show a traceback or echo the draft
        log.error("review failed: %s", type(exc).__name__)
        return JSONResponse({"error": f"the review failed ({type(exc).__name__}); please report this"}, status_code=500)
    return JSONResponse(result)


def _media_type(request: Request) -> str:
    return request.headers.get("content-type", "").split(";")[0].strip().lower()


async def _body(request: Request, limit: int) -> bytes:
    """The request body, or 413 as soon as it passes `limit` bytes."""
    too_big = HTTPException(413, f"request is larger than the {limit:,}-byte limit (see --max-bytes)")
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise too_big
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise too_big
        chunks.append(chunk)
    return b"".join(chunks)


async def _json_object(request: Request, limit: int) -> dict:
    """The body as a JSON object, or a 4xx with a one-line reason."""
    if _media_type(request) != "application/json":
        raise HTTPException(415, "send JSON with Content-Type: application/json")
    data = await _body(request, limit)
    try:
        payload = json.loads(data)
    except (UnicodeDecodeError, ValueError):
        raise HTTPException(400, "the body is not valid JSON") from None
    if not isinstance(payload, dict):
        raise HTTPException(422, 'send a JSON object: {"text": "...", "suggest": true}')
    return payload


def page_url(host: str, port: int) -> str:
    """RETURNS (str): the page's address."""
    return f"http://{f'[{host}]' if ':' in host else host}:{port}/"


def bind(host: str, port: int) -> socket.socket:
    """RETURNS (socket): a listening socket on host:port; raises ReviewNoteError with a plain reason."""
    if host in WILDCARD_HOSTS:
        raise ReviewNoteError(f"--host {host or repr('')} would listen on every network; give one address, such as "
                              "this computer's address on a network you trust")
    try:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        return socket.create_server((host.strip("[]"), port), family=family)
    except OSError as exc:
        hint = " (try another --port, or --port 0 for any free one)" if exc.errno == errno.EADDRINUSE else ""
        raise ReviewNoteError(f"cannot listen on {host}:{port}: {exc.strerror or exc}{hint}") from None


def serve(config: Config = Config(), host: str = "127.0.0.1", port: int = 8765, open_browser: bool = True, echo=print) -> None:
    """Serve the page on host:port until interrupted (Ctrl+C); print its address and open a browser."""
    import uvicorn

    name = host.strip("[]").lower()
    local = f"[{name}]" if ":" in name else name
    hosts = LOCAL_HOSTS if local in LOCAL_HOSTS else (*LOCAL_HOSTS, local)
    app = create_app(config, hosts)
    sock = bind(host, port)
    url = page_url(name, sock.getsockname()[1])
    echo(f"review-note: the page is at {url}  (Ctrl+C to stop)")
    if open_browser:
        import webbrowser

        threading.Timer(0.5, webbrowser.open, (url,)).start()
    settings = uvicorn.Config(app, access_log=False, log_level="warning", server_header=False, lifespan="off")
    uvicorn.Server(settings).run(sockets=[sock])
