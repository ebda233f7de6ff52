"""Results -> plain text, Markdown or JSON (see :mod:`.render`)."""

from .render import FORMATS, render, render_check, render_digest, render_timeline

__all__ = ["FORMATS", "render", "render_check", "render_digest", "render_timeline"]
