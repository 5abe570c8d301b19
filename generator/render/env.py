"""The Jinja2 environment the templates run in: Markdown-escaping by default, strict, with our filters.

Every ``{{ value }}`` is escaped for Markdown (see ``escape.py``) unless the value is ``Markup``: the
links and paths the generator computes are passed as ``Markup``; article text never is.  So a template
author cannot forget to escape, and article text can never become markup or template code (templates
are rendered once; their output is never rendered again).
"""

from __future__ import annotations

import functools
import hashlib
import html
import traceback
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemBytecodeCache,
    FileSystemLoader,
    StrictUndefined,
    TemplateError,
    TemplateNotFound,
    TemplateSyntaxError,
)
from jinja2.compiler import CodeGenerator
from markupsafe import Markup

from generator.render.escape import escape_markdown, safe_url

PACKAGE_TEMPLATES = Path(__file__).parent / "templates"
TEMPLATE_NAMES = (
    "brief.md.j2", "topic.md.j2", "topics.md.j2", "home.md.j2", "entity.md.j2", "entities.md.j2", "timeline.md.j2",
    "period.md.j2", "source.md.j2",
)
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")  # fmt: skip


class RenderError(Exception):
    """A template failed; the message names the template file and line."""


def md(value: Any) -> Markup:
    """Escape for Markdown (the default for every ``{{ }}``; explicit use is harmless)."""
    if isinstance(value, Markup):
        return value
    if value is None:
        return Markup("")
    if type(value) is str:
        return _md_text(value)
    return Markup(escape_markdown(str(value)))


@functools.lru_cache(maxsize=1 << 16)
def _md_text(text: str) -> Markup:
    """``md`` of a string, remembered: the listing pages of one build show the same titles, sources and
    dates again and again (the ten largest entity pages of 10,000 briefings: 18,000 rows), and
    escaping was half of their rendering time."""
    return Markup(escape_markdown(text))


def _finalize(value: Any) -> Markup:
    """Every ``{{ value }}``, escaped for Markdown: always ``Markup`` (``_CodeGenerator`` relies on it)."""
    return md(value)


def _join(values: Iterable[Any], sep: str = ", ", attribute: str | None = None) -> Markup:
    """``join`` that escapes each item for Markdown (Jinja's own only escapes HTML)."""
    items = [v[attribute] if attribute is not None and isinstance(v, dict) else v for v in values]
    return Markup(md(sep).join(md(v) for v in items))


def _url(value: Any) -> Markup:
    """An http(s) URL made safe as a Markdown link target; empty for anything else."""
    return Markup(safe_url(value) or "")


def href(value: Any) -> Markup:
    """A link target (a computed path or a ``safe_url``) made safe inside a double-quoted HTML attribute."""
    return Markup(html.escape(str(value or ""), quote=True))


def human_date(value: Any) -> Markup:
    """ISO ``2023``, ``2023-01`` or ``2023-01-31`` as ``2023``, ``January 2023``, ``31 January 2023``."""
    return _human_date(str(value)) if value else Markup("")


@functools.lru_cache(maxsize=1 << 12)  # a few hundred dates, each shown on many pages of a build
def _human_date(value: str) -> Markup:
    parts = value.split("-")
    try:
        if len(parts) >= 2:
            month = _MONTHS[int(parts[1]) - 1]
            day = f"{int(parts[2][:2])} " if len(parts) >= 3 else ""
            return md(f"{day}{month} {parts[0]}")
    except (ValueError, IndexError):
        pass
    return md(value)


class _CodeGenerator(CodeGenerator):
    """Jinja's code generator, without the autoescape wrapper around what ``_finalize`` returns.

    With autoescape on, Jinja writes every ``{{ value }}`` as ``escape(finalize(value))``.  Our
    ``finalize`` (``md``) always returns ``Markup``, which ``escape`` gives back unchanged, only as a new
    ``Markup`` made in Python: four million calls in a re-render of 10,000 briefings, 12% of its time.
    Dropped there, and only there (a block with ``{% autoescape false %}``, or whose autoescaping is
    only known when it runs, is compiled as Jinja does); the pages are the same (tests/test_render.py).
    """

    def _output_child_pre(self, node: Any, frame: Any, finalize: Any) -> None:
        if finalize.src is not None and frame.eval_ctx.autoescape and not frame.eval_ctx.volatile:
            self.write("(" + finalize.src)  # closed by ``_output_child_post``'s two parentheses
            return
        super()._output_child_pre(node, frame, finalize)


class _Environment(Environment):
    """Jinja's environment, with ``x.name`` on a plain dict looking the key up first.

    Jinja tries the attribute first and the key after an AttributeError; the generator's variables
    are dicts, so every ``b.title`` in a list of 10,000 briefings paid for an exception (a third of
    the timeline's rendering time).  No key of the variables is also the name of a dict method, so
    templates see the same values either way.
    """

    code_generator_class = _CodeGenerator

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict:
            try:
                return obj[attribute]
            except KeyError:
                pass
        return super().getattr(obj, attribute)


def make_env(templates_dir: Path | None, bytecode_dir: Path | None = None) -> Environment:
    """Templates from ``templates_dir`` (when given) first, then the package's own; compiled templates
    kept in ``bytecode_dir`` (Jinja's own cache, by name, file and a checksum of the source, written
    atomically): compiling the nine templates is a tenth of a second of every build that renders."""
    loaders = [FileSystemLoader(str(templates_dir))] if templates_dir else []
    loaders.append(FileSystemLoader(str(PACKAGE_TEMPLATES)))
    cache = None
    if bytecode_dir is not None:
        try:
            bytecode_dir.mkdir(parents=True, exist_ok=True)
            # (named for the code generator: templates compiled by Jinja's own would render the same, slower)
            cache = FileSystemBytecodeCache(str(bytecode_dir), "briefings-1-%s.cache")
        except OSError:  # a read-only checkout compiles them each time
            cache = None
    env = _Environment(
        loader=ChoiceLoader(loaders),
        bytecode_cache=cache,
        autoescape=True,
        finalize=_finalize,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    env.filters.update(md=md, escape=md, e=md, forceescape=md, join=_join, url=_url, date=human_date, href=href)
    return env


def template_files(templates_dir: Path | None) -> list[Path]:
    """Every file a template may use: the user's folder and the package's, sorted."""
    files: list[Path] = []
    for d in ([templates_dir] if templates_dir else []) + [PACKAGE_TEMPLATES]:
        if d.is_dir():
            files.extend(sorted(p for p in d.rglob("*") if p.is_file() and not p.name.startswith(".")))
    return files


def templates_fingerprint(templates_dir: Path | None) -> str:
    """A hash of every template file in effect (names and contents)."""
    h = hashlib.sha256()
    for p in template_files(templates_dir):
        h.update(p.name.encode() + b"\0" + p.read_bytes() + b"\0")
    return h.hexdigest()


class Renderer:
    """Loads the templates once; ``render(name, context)`` returns text or raises ``RenderError``."""

    def __init__(self, templates_dir: Path | None, bytecode_dir: Path | None = None) -> None:
        if templates_dir is not None and not templates_dir.is_dir():
            raise RenderError(f"templates folder {templates_dir} does not exist")
        self.env = make_env(templates_dir, bytecode_dir)
        self.dirs = tuple(str(d) for d in ([templates_dir] if templates_dir else []) + [PACKAGE_TEMPLATES])
        self.templates = {}
        for name in TEMPLATE_NAMES:
            try:
                self.templates[name] = self.env.get_template(name)
            except TemplateSyntaxError as exc:
                raise RenderError(f"{exc.filename or name}, line {exc.lineno}: {exc.message}") from None
            except TemplateNotFound as exc:
                raise RenderError(f"template {exc.name} not found") from None

    def render(self, name: str, context: dict[str, Any]) -> str:
        template = self.templates[name]
        try:
            return template.render(context)
        except TemplateError as exc:
            raise RenderError(
                _where(exc, template.filename or name, self.dirs) + f": {type(exc).__name__}: {exc}"
            ) from None
        except Exception as exc:  # a filter or test raised: still a template problem to point at
            raise RenderError(
                _where(exc, template.filename or name, self.dirs) + f": {type(exc).__name__}: {exc}"
            ) from None


def _where(exc: BaseException, default: str, dirs: tuple[str, ...]) -> str:
    """``file, line N`` of the innermost template frame of ``exc`` (Jinja maps frames to template lines)."""
    if isinstance(exc, TemplateSyntaxError):
        return f"{exc.filename or default}, line {exc.lineno}"
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.startswith(dirs)]
    if frames:
        return f"{frames[-1].filename}, line {frames[-1].lineno}"
    return default
