"""Where the engines publish a page: its URL from its path, and a blog post's from its slug.

MkDocs and Zensical name a Markdown page's URL after its path
(``use_directory_urls``: ``about.md`` -> ``about/``, else ``about.html``;
``index.md`` and ``README.md`` stand for their folder). The blog plugin puts
a post at its ``post_url_format`` below the blog's folder, filled with the
post's slug, file name and date; ``build-content`` writes an explicit
``slug:`` into every post (:mod:`scaledown.site.post_slugs`), so with this
site's ``post_url_format: "{slug}"`` a post's URL is ``blog/<slug>/`` on both
engines. Read from ``mkdocs.yml`` without MkDocs (:func:`url_rules`), for
links that must reach a page without the engine's help: the redirect pages
(:mod:`scaledown.site.redirects`). The offline copy (``make offline``) is
rendered with Material's offline plugin, which turns ``use_directory_urls``
off: inside :func:`offline_copy` (``build_content(..., offline=True)``), and
when ``mkdocs.yml`` enables that plugin outright, pages end in ``.html``.

Example:
    >>> rules = UrlRules(posts_dir="blog/posts", post_url_format="{slug}")
    >>> page_url("learn/index.md", rules), post_url("blog/posts/2024-05-01-hi.md",
    ...                                             {"title": "Hi"}, rules)
    ('learn/', 'blog/hi/')
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import posixpath
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .siteconfig import plugin_options, read_site_config


@dataclass(frozen=True)
class UrlRules:
    """How the engines turn a page's path into its URL (read from ``mkdocs.yml``).

    Attributes:
        directory_urls: ``use_directory_urls`` (``about.md`` -> ``about/``, else
            ``about.html``).
        posts_dir: The blog's posts folder relative to ``docs/`` (``None``: no blog).
        blog_dir: The blog's folder relative to ``docs/``.
        post_url_format: The blog's ``post_url_format``.
        post_url_date_format: The blog's ``post_url_date_format`` (for ``{date}``).
        language: ``theme.language``, for dates in URLs.
        drafts_published: The blog's ``draft`` option (drafts are published too).
        drafts_if_future_date: The blog's ``draft_if_future_date`` option.
        view_dirs: Folders of the blog's own pages (archive, categories, ...) below
            ``blog_dir``; the blog plugin writes pages there.

    Example:
        >>> UrlRules().posts_dir is None
        True
    """

    directory_urls: bool = True
    posts_dir: str | None = None
    blog_dir: str = "blog"
    post_url_format: str = "{date}/{slug}"
    post_url_date_format: str = "yyyy/MM/dd"
    language: str = "en"
    drafts_published: bool = False
    drafts_if_future_date: bool = False
    view_dirs: tuple[str, ...] = ()


_offline: contextvars.ContextVar[bool] = contextvars.ContextVar("offline_urls", default=False)


@contextlib.contextmanager
def offline_copy() -> Iterator[None]:
    """Within the block, :func:`url_rules` gives the offline copy's URLs (``.html`` pages).

    Example:
        >>> with offline_copy():
        ...     url_rules(Path("/nonexistent")).directory_urls
        False
        >>> url_rules(Path("/nonexistent")).directory_urls
        True
    """
    token = _offline.set(True)
    try:
        yield
    finally:
        _offline.reset(token)


# The blog plugin's own pages, as (option, default): their first folder is reserved.
_VIEW_FORMATS = (("archive_url_format", "archive/{date}"),
                 ("categories_url_format", "category/{slug}"),
                 ("pagination_url_format", "page/{page}"),
                 ("authors_profiles_url_format", "author/{slug}"))


def url_rules(root: Path) -> UrlRules:
    """The URL rules of the project at ``root`` (MkDocs' and the blog's defaults if unset).

    Example:
        >>> url_rules(Path("/nonexistent")).directory_urls
        True
    """
    config = read_site_config(Path(root))
    blog = plugin_options(config, "blog")
    if blog is None:
        blog = plugin_options(config, "material/blog")
    theme = config.get("theme") if isinstance(config.get("theme"), dict) else {}
    offline = plugin_options(config, "offline")
    if offline is None:
        offline = plugin_options(config, "material/offline")
    # Material's offline plugin turns use_directory_urls off when it is enabled: in the
    # offline copy's tree, or for good with 'enabled: true' (an !ENV switch reads as unset)
    offline_on = _offline.get() or (offline is not None and offline.get("enabled", True) is True)
    base = UrlRules(directory_urls=config.get("use_directory_urls", True) is not False
                    and not offline_on, language=str(theme.get("language") or "en"))
    if blog is None or blog.get("enabled", True) is False:
        return base
    blog_dir = str(blog.get("blog_dir", "blog")).strip("/") or "."
    posts = posixpath.normpath(str(blog.get("post_dir", "{blog}/posts")).format(blog=blog_dir))
    views = []
    for option, default in _VIEW_FORMATS:
        head = str(blog.get(option, default)).strip("/").split("/", 1)[0]
        if head and "{" not in head:
            views.append(head)
    return UrlRules(
        directory_urls=base.directory_urls, language=base.language,
        posts_dir=posts.strip("/"), blog_dir=blog_dir,
        post_url_format=str(blog.get("post_url_format", "{date}/{slug}")),
        post_url_date_format=str(blog.get("post_url_date_format", "yyyy/MM/dd")),
        drafts_published=blog.get("draft") is True,
        drafts_if_future_date=blog.get("draft_if_future_date") is True,
        view_dirs=tuple(views))


def page_url(path: str, rules: UrlRules = UrlRules()) -> str:
    """The URL (relative to the site) of the Markdown page at ``path`` (relative to docs).

    As MkDocs and Zensical name it: ``index.md`` and ``README.md`` stand for their folder.

    Example:
        >>> page_url("about.md"), page_url("learn/index.md"), page_url("index.md")
        ('about/', 'learn/', '')
        >>> page_url("about.md", UrlRules(directory_urls=False))
        'about.html'
    """
    stem = posixpath.splitext(path)[0]
    folder, name = posixpath.split(stem)
    if name in ("index", "README"):
        if rules.directory_urls:
            return f"{folder}/" if folder else ""
        return posixpath.join(folder, "index.html")
    return f"{stem}/" if rules.directory_urls else f"{stem}.html"


def output_file(url: str) -> str:
    """The file an engine writes for a page URL.

    Example:
        >>> output_file("about/"), output_file(""), output_file("about.html")
        ('about/index.html', 'index.html', 'about.html')
    """
    if not url or url.endswith("/"):
        return f"{url}index.html"
    return url


def is_post(path: str, rules: UrlRules) -> bool:
    """Whether ``path`` (relative to docs) is a blog post under the rules' posts folder.

    Example:
        >>> is_post("blog/posts/a.md", UrlRules(posts_dir="blog/posts"))
        True
        >>> is_post("blog/index.md", UrlRules(posts_dir="blog/posts"))
        False
    """
    return rules.posts_dir is not None and path.endswith(".md") and (
        rules.posts_dir == "." or path.startswith(f"{rules.posts_dir}/"))


def post_url(path: str, meta: Mapping[str, Any], rules: UrlRules) -> str:
    """The URL of the blog post at ``path`` with front matter ``meta``, as the blog names it.

    The blog plugin puts a post at ``post_url_format`` below its folder, filled
    with the post's slug (its ``slug:``, which ``build-content`` writes into every
    post), its file name and its date; then the page rule of :func:`page_url`.

    Raises:
        ValueError: the post has no title or date the format needs, or the
            format names ``{categories}`` (its slug function is Python code in
            ``mkdocs.yml``, which is not run here).

    Example:
        >>> rules = UrlRules(posts_dir="blog/posts", post_url_format="{slug}")
        >>> post_url("blog/posts/2024-05-01-hi.md", {"title": "Hi"}, rules)
        'blog/hi/'
        >>> dated = UrlRules(posts_dir="blog/posts")
        >>> post_url("blog/posts/a.md", {"title": "Hi", "date": dt.date(2024, 5, 1)}, dated)
        'blog/2024/05/01/hi/'
    """
    from .post_slugs import published_slug

    fields: dict[str, str] = {}
    form = rules.post_url_format
    if "{slug}" in form:
        slug = published_slug(dict(meta))
        if slug is None:
            raise ValueError("it has no title to make its slug from")
        fields["slug"] = slug
    if "{file}" in form:
        fields["file"] = posixpath.splitext(posixpath.basename(path))[0]
    if "{date}" in form:
        fields["date"] = _url_date(meta.get("date"), rules)
    try:
        made = form.format(**fields)
    except (KeyError, IndexError, ValueError):
        raise ValueError(f"its blog's post_url_format '{form}' names a field other than "
                         "{slug}, {file} and {date}") from None
    made = posixpath.normpath(made.strip("/"))
    return page_url(posixpath.normpath(posixpath.join(rules.blog_dir, f"{made}.md")), rules)


def _url_date(value: Any, rules: UrlRules) -> str:
    from .blog import post_date

    day = post_date(value)
    if day is None:
        raise ValueError("it has no date for the {date} in post_url_format")
    from babel.dates import format_datetime  # the blog plugin formats it with Babel too

    when = dt.datetime(day.year, day.month, day.day)
    return format_datetime(when, format=rules.post_url_date_format,
                           locale=rules.language.replace("-", "_"))


def is_unpublished_draft(meta: Mapping[str, Any], rules: UrlRules) -> bool:
    """Whether a post with front matter ``meta`` is a draft the site leaves out.

    Example:
        >>> is_unpublished_draft({"draft": True}, UrlRules())
        True
        >>> is_unpublished_draft({"draft": True}, UrlRules(drafts_published=True))
        False
    """
    if rules.drafts_published:
        return False
    draft = meta.get("draft")
    if not isinstance(draft, bool) and rules.drafts_if_future_date:
        from .blog import post_date

        day = post_date(meta.get("date"))
        return day is not None and day > dt.date.today()
    return draft is True
