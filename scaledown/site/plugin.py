"""The MkDocs plugin: the only module in scaledown that imports MkDocs.

It is glue. Before MkDocs reads a page it runs ``scaledown build-content``
(:func:`scaledown.site.content_build.build_content`): every content check
(aborting the build with the full list of problems, each with file:line; a
review's Try-it that has not run or failed stops only a strict build), every
generator, and the page edits (home highlights, cover images, meta
descriptions, the offline-zip link), written into the generated docs folder
``build/docs/`` (``build/offline-docs/`` for the offline copy), which it then
hands to MkDocs as ``docs_dir``. Engines without plugins (Zensical) render the
same folder after running the command themselves; the theme
(``overrides/main.html``) writes the descriptions and the feed links.

What is left here is MkDocs-specific: the site is written to a staging folder
that replaces ``site/`` only when the build succeeds
(:mod:`scaledown.site.atomic_build`); the blog converts only the excerpt of a
post for its lists (:func:`scaledown.site.excerpts.excerpt_source`), and an
excerpt that links only to its post only once
(:func:`scaledown.site.excerpts.post_link_template`; speed-ups with
byte-identical output); mkdocstrings' stylesheet is taken out of the
site-wide list and handed to the theme, which links it only on pages that show
documented objects (``overrides/main.html``); the feeds are repaired after the build
(:mod:`.feeds`); in offline builds it adds the script that lets search run from
``file://`` (``docs/assets/javascripts/iframe-worker.js``) and has the offline
tree built (:func:`scaledown.site.content_build.build_content` with ``offline=True``).
"""

from __future__ import annotations

import gc
import logging
import os
from pathlib import Path

import jinja2
from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files

from ..errors import ContentError, ScaleDownError
from . import (
    atomic_build,
    content_build,
    feeds,
    missing_extras,
)
from .excerpts import excerpt_source, only_post_links, post_link_template, with_post_link

log = logging.getLogger("mkdocs.plugins.scaledown")
# Our own stand-in for Web Workers on file:// pages (search runs in a worker). Material's
# offline plugin adds one from a CDN unless a polyfill with "iframe-worker" in its name is set.
FILE_WORKER_SCRIPT = "assets/javascripts/iframe-worker.js"
# mkdocstrings' MkDocs plugin lists its stylesheet for every page; the theme links it
# where documented objects are shown (overrides/main.html reads config.extra[...]).
MKDOCSTRINGS_CSS = "assets/_mkdocstrings.css"
MKDOCSTRINGS_CSS_KEY = "mkdocstrings_css"
TEMPLATE_CACHE = "templates"  # .scaledown-cache/templates: compiled theme templates
CONTENT_SWITCH = "SCALEDOWN_BUILD_CONTENT"  # "false": the caller ran build-content itself
YOUNG_GC_THRESHOLD = 10_000  # allocations between collections of the young generation (700)
MIDDLE_GC_THRESHOLD = 50  # young collections between collections of the middle one (10)
SERVE_BUILD_DELAY_S = 0.02  # make serve: quiet time on build/docs before MkDocs rebuilds


class ScaleDownConfig(Config):
    """Options of the ``scaledown`` plugin in ``mkdocs.yml``."""

    content = config_options.Type(bool, default=True)
    """Run ``scaledown build-content`` first. The environment variable
    ``SCALEDOWN_BUILD_CONTENT=false`` turns it off: its caller ran the command itself
    (``make build``, and the watcher of ``make serve``, which also watches the inputs)."""
    checks = config_options.Type(bool, default=True)
    """Run ``scaledown check`` before the build and abort on errors."""
    generate = config_options.Type(bool, default=True)
    """Add the pages and data files of the registered generators (off: only docs/)."""
    short_excerpts = config_options.Type(bool, default=True)
    """Let the blog convert only a post's excerpt for its lists where the HTML stays the same."""


class ScaleDownPlugin(BasePlugin[ScaleDownConfig]):
    """Checks content, adds generated files, fills the home page."""

    def __init__(self) -> None:
        self.root = Path.cwd()
        self.command = ""
        self.dirty = False
        self.site_dir: str | None = None  # where the finished site goes
        self.staging: Path | None = None  # where MkDocs writes it meanwhile
        self.offline = False
        self.strict = False
        self.writers_build = False  # some generator's optional packages are missing
        self.content_built_outside = False  # SCALEDOWN_BUILD_CONTENT=false: the caller ran it

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command = command
        self.dirty = dirty

    @event_priority(100)  # first: every other plugin must see the staging folder as site_dir
    def on_config(self, config):
        self.root = Path(config.config_file_path).resolve().parent
        self.strict = bool(config.strict)  # a Try-it that did not run only fails a strict build
        offline = config.plugins.get("material/offline")
        self.offline = offline is not None and bool(offline.config.enabled)
        self._build_content(config)  # the offline copy has a tree of its own
        if self.offline:
            polyfills = config.extra.get("polyfills") or []
            if FILE_WORKER_SCRIPT not in polyfills:
                config.extra["polyfills"] = [*polyfills, FILE_WORKER_SCRIPT]
        self._freeze_heap()
        # A one-off build writes to a staging folder, swapped in only on success
        # (see atomic_build.py); 'serve' builds into its own temporary folder already,
        # and a --dirty build updates the existing site on purpose.
        self.staging = None
        if self.command in ("build", "gh-deploy") and not self.dirty:
            self.site_dir = config.site_dir
            self.staging = atomic_build.start(config.site_dir)
            config.site_dir = str(self.staging)
        return config

    def _build_content(self, config) -> None:
        # Check and generate before MkDocs reads a page, cleans or writes site/;
        # then MkDocs renders the generated folder instead of docs/.
        docs = Path(config.docs_dir).resolve()
        out = (content_build.default_out(self.root, offline=self.offline)
               if docs == self.root / "docs" else docs)
        config.docs_dir = str(out)
        self.content_built_outside = not content_wanted(self.config.content) and out.is_dir()
        if self.content_built_outside:
            # the caller keeps build/docs/ up to date and watches the inputs itself
            config.watch = [w for w in config.watch if Path(w).resolve() == out]
            return
        sources = str(self.root / content_build.SOURCE_DIR)
        if sources not in config.watch:  # 'mkdocs serve' watches build/docs; edits land in docs/
            config.watch.append(sources)
        try:
            report = content_build.build_content(
                self.root, out, strict=self.strict, checks=self.config.checks,
                generators=None if self.config.generate else (), offline=self.offline)
        except ContentError as exc:
            listing = "\n".join(str(p) for p in exc.problems)
            raise PluginError(
                f"scaledown check found {len(exc.problems)} error(s); nothing was built:\n"
                f"{listing}\nRun 'scaledown check' to see them again after fixing.") from None
        except ScaleDownError as exc:  # a generator's own clear message, without a traceback
            raise PluginError(f"generating pages failed; nothing was built:\n{exc}") from None
        self.writers_build = bool(report.skipped)
        if report.skipped:  # a writer's build: one line for the whole build
            log.info(missing_extras.summary(report.skipped))
        for problem in report.warnings:
            log.info(str(problem))

    @event_priority(-100)  # last: after search, rss and the blog wrote their files
    def on_post_build(self, config) -> None:
        feeds.repair_feeds(Path(config.site_dir), config.site_url or "")  # written by now
        if self.staging is None:
            return
        work, self.staging = self.staging, None
        config.site_dir = self.site_dir
        if config.strict and _strict_warnings():
            # MkDocs aborts right after this event; keep the previous site as it was.
            atomic_build.discard(work)
            return
        try:
            atomic_build.publish(work, self.site_dir)
        except ScaleDownError as exc:
            raise PluginError(str(exc)) from None

    def on_build_error(self, *, error: Exception) -> None:
        atomic_build.discard(self.staging)
        self.staging = None

    def on_shutdown(self) -> None:
        # Reached also when the build was interrupted (Ctrl-C is no build error).
        atomic_build.discard(self.staging)
        self.staging = None

    def on_files(self, files: Files, config) -> Files:
        sources = self.root / content_build.SOURCE_DIR
        for file in files:
            if not (sources / file.src_uri).is_file():
                file.edit_uri = None  # a generated page has no docs/ file to edit on GitHub
        return files

    def on_serve(self, server, config, builder):
        if self.content_built_outside:
            _watch_natively(server, [config.docs_dir, config.config_file_path])
            # MkDocs waits for 0.1 s without events before it rebuilds; build-content
            # renames its changed files into place back to back, so less is enough
            server.build_delay = SERVE_BUILD_DELAY_S
        return server

    def on_env(self, env, config, files):
        # Keep the theme's compiled templates between builds (jinja2 checks each one's
        # source): compiling them is about half of a --dirty rebuild in 'mkdocs serve'
        # (a new template environment for each rebuild) and a part of every build.
        env.bytecode_cache = jinja2.FileSystemBytecodeCache(
            str(_cache_folder(self.root, TEMPLATE_CACHE)))
        if MKDOCSTRINGS_CSS in config.extra_css:  # added by mkdocstrings' on_config
            config.extra_css.remove(MKDOCSTRINGS_CSS)
            config.extra[MKDOCSTRINGS_CSS_KEY] = MKDOCSTRINGS_CSS
        if self.config.short_excerpts:
            _shorten_excerpts(config, files)
        self._freeze_heap()  # every page is read and converted by now
        return env

    def _freeze_heap(self) -> None:
        # What is alive after the config is loaded (modules, config) and again
        # once every page is converted (pages, their HTML) lives until the
        # one-off build ends. Freezing it spares Python's cycle collector from
        # walking it again on each full pass; with the modules this site loads
        # (griffe, GitPython, Pygments, ...) that walk cost about 0.6 s of a
        # 7 s build of 300 posts (bench/site_build.py). Only for 'mkdocs build':
        # 'mkdocs serve' rebuilds in one long process, where frozen leftovers of
        # earlier builds would never be freed.
        if self.command == "build":
            gc.freeze()
            # Collect the young generations less often: converting a page makes
            # thousands of short-lived element-tree nodes, and each collection
            # also walks what survived the last ones (about 0.15 s of CPU less on
            # 300 posts, for a little more memory until the process ends).
            young, middle, oldest = gc.get_threshold()
            gc.set_threshold(max(YOUNG_GC_THRESHOLD, young), max(MIDDLE_GC_THRESHOLD, middle),
                             oldest)


def _shorten_excerpts(config, files: Files) -> None:
    # Material's blog renders a post's excerpt for each list by converting the
    # post's whole Markdown (Excerpt.render reads post.markdown) and cutting the
    # HTML at the separator. Where excerpt_source says the part before the
    # separator converts to the same HTML on its own, hand only that part to
    # the renderer, and give the excerpt the rest of the post's HTML as 'more'
    # (the templates only ask whether it is there, for "Continue reading").
    blog = config.plugins.get("material/blog")
    if blog is None or blog.config.blog_toc:  # the view's TOC lists every heading of a post
        return
    separator = blog.config.post_excerpt_separator
    for file in files.documentation_pages():
        post = file.page
        excerpt = getattr(post, "excerpt", None)
        if excerpt is None or not isinstance(post.markdown, str) or not post.content:
            continue
        head = excerpt_source(post.markdown, separator)
        if head is None or separator not in post.content:
            continue
        excerpt.render = _short_render(excerpt, post, head, post.content.split(separator, 1)[1])


def _short_render(excerpt, post, head: str, more: str):
    # After two lists, an excerpt that links only to its post is not converted
    # again: its HTML is the first one with this list's address of the post
    # (excerpts.post_link_template). The second list still converts it, and the
    # template is kept only if it predicts that HTML exactly: the blog converts
    # without resetting the parser, so an extension that counts (content tabs
    # number their ids across conversions) would otherwise be frozen. The TOC
    # is read from the same parser as a conversion leaves it.
    from mkdocs.structure.toc import get_toc
    from mkdocs.utils import get_relative_url

    full_render = excerpt.render
    first: dict[str, str | None] = {}  # the first render's template and Markdown
    confirmed = False

    def render(page, separator: str) -> None:
        nonlocal confirmed
        link = get_relative_url(post.url, page.url)
        template = first.get("template")
        if confirmed and template is not None:
            html = with_post_link(template, link)
            if html is not None:
                excerpt.markdown, excerpt.content, excerpt.more = first["markdown"], html, more
                excerpt.toc = get_toc(getattr(excerpt.md, "toc_tokens", []))
                return
        whole = post.markdown
        post.markdown = head
        try:
            full_render(page, separator)
        finally:
            post.markdown = whole
        excerpt.more = more
        if not first:
            first["markdown"] = excerpt.markdown
            first["template"] = (post_link_template(excerpt.content, link)
                                 if only_post_links(excerpt.markdown, separator) else None)
        elif template is not None and not confirmed:
            confirmed = (excerpt.markdown == first["markdown"]
                         and with_post_link(template, link) == excerpt.content)
            if not confirmed:
                first["template"] = None  # convert it for every list, as the blog does

    return render


def _cache_folder(root: Path, name: str) -> Path:
    folder = root / ".scaledown-cache" / name
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _watch_natively(server, paths: list[str | None]) -> None:
    # MkDocs' live-reload server polls every 0.5 s. When build-content runs outside
    # (make serve), build/docs changes only when it writes, so an inotify-style
    # watcher shows an edit up to half a second sooner; MkDocs starts it in serve().
    watched = [p for p in paths if p]
    for path in watched:
        server.unwatch(path)
    server.observer = change_observer()
    for path in watched:
        server.watch(path, recursive=Path(path).is_dir())


def change_observer():  # -> a watchdog Observer, not started
    """A native file watcher that reports changes only, never a file being read.

    An inotify watcher also reports files being opened and closed unwritten;
    MkDocs' live-reload server rebuilds on any event, and each rebuild reads
    the pages, so with such a watcher one edit started rebuilds without end.
    This one asks for created, modified, deleted, moved and written-and-closed
    files only.

    Example:
        >>> import tempfile, time
        >>> from watchdog.events import FileSystemEventHandler
        >>> folder = Path(tempfile.mkdtemp()); page = folder / "a.md"
        >>> _ = page.write_text("# A")
        >>> seen = []
        >>> handler = FileSystemEventHandler(); handler.on_any_event = seen.append
        >>> observer = change_observer()
        >>> _ = observer.schedule(handler, str(folder), recursive=True); observer.start()
        >>> _ = page.read_text(); time.sleep(0.3)
        >>> seen
        []
        >>> observer.stop(); observer.join()
    """
    from watchdog import events
    from watchdog.observers import Observer

    changes = [events.FileCreatedEvent, events.FileModifiedEvent, events.FileDeletedEvent,
               events.FileMovedEvent, events.FileClosedEvent, events.DirCreatedEvent,
               events.DirModifiedEvent, events.DirDeletedEvent, events.DirMovedEvent]

    class ChangeObserver(Observer):
        def schedule(self, event_handler, path, *, recursive=False, event_filter=None,
                     follow_symlink=False):
            return super().schedule(event_handler, path, recursive=recursive,
                                    event_filter=event_filter or changes,
                                    follow_symlink=follow_symlink)

    return ChangeObserver()


def content_wanted(option: bool, environ: dict[str, str] | None = None) -> bool:
    """Whether the plugin runs build-content: its option, unless the environment says no.

    Example:
        >>> content_wanted(True, {"SCALEDOWN_BUILD_CONTENT": "false"})
        False
        >>> content_wanted(True, {})
        True
    """
    value = (os.environ if environ is None else environ).get(CONTENT_SWITCH, "")
    return option and value.strip().lower() not in ("0", "false", "no", "off")


def _strict_warnings() -> bool:
    # MkDocs counts warnings for --strict with a handler on its logger, and
    # aborts only after on_post_build.
    from mkdocs.utils import CountHandler

    handlers = logging.getLogger("mkdocs").handlers
    return any(isinstance(h, CountHandler) and h.get_counts() for h in handlers)
