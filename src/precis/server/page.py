"""The web page at ``/`` and the API docs at ``/docs``, served from files inside the package (no CDN).

Only the files named in :data:`ASSETS` are served; a request never names a
path on disk. The Swagger UI files for ``/docs`` come from the
``swagger-ui-bundle`` package (part of the ``[server]`` extra); without it
``/docs`` links to ``/openapi.json``.
"""

from __future__ import annotations

import importlib.util
from functools import cache
from importlib.resources import files
from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, Response

from .problems import Problem

__all__ = ["ASSETS", "router"]

ASSETS = {
    "app.css": "text/css; charset=utf-8",
    "app.js": "text/javascript; charset=utf-8",
    "views.js": "text/javascript; charset=utf-8",
    "docs.js": "text/javascript; charset=utf-8",
}
_SWAGGER = {
    "swagger-ui.css": "text/css; charset=utf-8",
    "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
}
_DOCS = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>precis API</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/docs/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/docs/swagger-ui-bundle.js"></script><script src="/static/docs.js"></script></body></html>
"""
_NO_SWAGGER = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>precis API</title></head>
<body><p>The API is described by <a href="/openapi.json">/openapi.json</a>.
Install <code>precis[server]</code> for the interactive page.</p></body></html>
"""
_CACHE = {"Cache-Control": "no-cache"}

router = APIRouter(include_in_schema=False)


@cache
def _asset(name: str) -> bytes:
    return files("precis.server").joinpath("static", name).read_bytes()


@cache
def _swagger_dir() -> Path | None:
    if importlib.util.find_spec("swagger_ui_bundle") is None:
        return None
    import swagger_ui_bundle

    return Path(swagger_ui_bundle.swagger_ui_path)


def _not_found(name: str) -> Problem:
    return Problem(404, "not-found", "Not Found", f"There is no file {name!r} here.")


@router.get("/")
async def index() -> HTMLResponse:
    """The briefing page."""
    return HTMLResponse(_asset("index.html"), headers=_CACHE)


@router.get("/static/{name}")
async def asset(name: str) -> Response:
    """One of the page's own files."""
    if name not in ASSETS:
        raise _not_found(name)
    return Response(_asset(name), media_type=ASSETS[name], headers=_CACHE)


@router.get("/docs")
async def docs() -> HTMLResponse:
    """Swagger UI for ``/openapi.json``, from local files."""
    return HTMLResponse(_DOCS if _swagger_dir() else _NO_SWAGGER)


@router.get("/docs/{name}")
async def swagger_asset(name: str) -> Response:
    """A Swagger UI file from the ``swagger-ui-bundle`` package."""
    folder = _swagger_dir()
    if folder is None or name not in _SWAGGER:
        raise _not_found(name)
    return Response((folder / name).read_bytes(), media_type=_SWAGGER[name], headers={"Cache-Control": "max-age=86400"})
