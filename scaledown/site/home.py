"""The blog's part of the home page, built from post metadata.

``docs/index.md`` holds the marker ``<!-- scaledown:highlights -->`` on a
line of its own; the plugin replaces it there (on the home page only, never
in code) with :func:`highlights_markdown`: the newest ``sticky``
post as a hero, then the ``featured`` posts, then the latest posts. Drafts
never appear.

Example:
    >>> import datetime as dt
    >>> from scaledown.site.frontmatter import Document
    >>> doc = Document(Path("/r/docs/blog/posts/2024-01-01-a.md"), {},
    ...                "Intro.\\n<!-- more -->\\nRest")
    >>> post = Post(doc, "docs/blog/posts/2024-01-01-a.md", "A", dt.date(2024, 1, 1), (), (),
    ...             ("sticky",), False, True, None, None)
    >>> "[A](blog/posts/2024-01-01-a.md)" in render_highlights([post], "index.md")
    True
"""

from __future__ import annotations

import posixpath
from pathlib import Path

from .blog import Post, load_posts, published
from .escape import markdown_text, markdown_url

MARKER = "<!-- scaledown:highlights -->"


def excerpt(post: Post, separator: str = "<!-- more -->", limit: int = 300) -> str:
    """Markdown for the post's summary: its ``description``, else the text above the separator.

    The description is front-matter text and is escaped (it shows as written);
    the text from the body is the author's Markdown and stays Markdown.

    Example:
        >>> from scaledown.site.frontmatter import Document
        >>> doc = Document(Path("a.md"), {}, "# Title\\n\\nFirst words.\\n<!-- more -->\\nLater")
        >>> p = Post(doc, "a.md", "T", None, (), (), (), False, False, None, None)
        >>> excerpt(p)
        'First words.'
    """
    if post.description:
        return markdown_text(post.description)
    head = post.doc.body.split(separator, 1)[0]
    lines = [line.strip() for line in head.splitlines()]
    text = " ".join(line for line in lines if line and not line.startswith(("#", "!", "<")))
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _link(post: Post, page: str) -> str:
    return markdown_url(posixpath.relpath(post.docs_path, posixpath.dirname(page) or "."))


def render_highlights(posts: list[Post], page: str = "index.md", latest: int = 3) -> str:
    """Markdown for the hero, featured and latest posts.

    Args:
        posts: Posts newest first (drafts are skipped here).
        page: The page the Markdown goes into, relative to ``docs/`` (for links).
        latest: How many recent posts to list besides the hero and featured ones.
    """
    visible = published(posts)
    hero = next((p for p in visible if p.sticky), None) or next((p for p in visible if p.pin), None)
    parts: list[str] = []
    if hero:
        parts.append('<div class="sd-hero" markdown>')
        if hero.image:
            cover = posixpath.relpath(hero.image.lstrip("/"), posixpath.dirname(page) or ".")
            parts.append(f"![]({markdown_url(cover)}){{ .sd-cover loading=lazy }}\n")
        parts.append(f"### [{markdown_text(hero.title)}]({_link(hero, page)})\n")
        parts.append(f"{excerpt(hero)}\n")
        parts.append(f"[Read on]({_link(hero, page)}){{ .md-button .md-button--primary }}\n")
        parts.append("</div>\n")
    featured = [p for p in visible if p.featured and p is not hero]
    if featured:
        parts.append("### Featured\n")
        parts.extend(f"- [{markdown_text(p.title)}]({_link(p, page)}): {excerpt(p)}"
                     for p in featured)
        parts.append("")
    shown = {id(hero), *map(id, featured)}
    recent = [p for p in visible if id(p) not in shown][:latest]
    if recent:
        parts.append("### Latest posts\n")
        parts.extend(
            f"- [{markdown_text(p.title)}]({_link(p, page)})"
            + (f" · {p.date:%d %B %Y}" if p.date else "")
            for p in recent
        )
        parts.append("")
    return "\n".join(parts)


def highlights_markdown(root: Path, page: str = "index.md") -> str:
    """:func:`render_highlights` for the posts of the project at ``root``.

    Example:
        >>> highlights_markdown(Path("/nonexistent"))
        ''
    """
    posts, _ = load_posts(root)
    return render_highlights(posts, page)


HOME_PAGE = "index.md"


def fill_marker(markdown: str, highlights: str) -> str:
    """Replace the highlights marker where it stands alone on a line, outside code.

    A page that quotes the marker (in inline code, or in a fenced code block)
    keeps the quote as written; only a line holding nothing but the marker is
    the place for the highlights.

    Example:
        >>> fill_marker("Hi\\n<!-- scaledown:highlights -->\\n", "X")
        'Hi\\nX\\n'
        >>> fill_marker("The `<!-- scaledown:highlights -->` marker\\n", "X")
        'The `<!-- scaledown:highlights -->` marker\\n'
        >>> fill_marker("```\\n<!-- scaledown:highlights -->\\n```\\n", "X")
        '```\\n<!-- scaledown:highlights -->\\n```\\n'
    """
    lines = markdown.split("\n")
    fence = ""  # the opening fence while inside a fenced code block
    for index, line in enumerate(lines):
        stripped = line.strip()
        if fence:
            if len(stripped) >= len(fence) and not stripped.strip(fence[0]):
                fence = ""
            continue
        opening = _fence_opening(stripped)
        if opening:
            fence = opening
        elif stripped == MARKER and not line.startswith(("    ", "\t")):
            lines[index] = highlights
    return "\n".join(lines)


def _fence_opening(stripped: str) -> str:
    for char in "`~":
        if stripped.startswith(char * 3):
            return char * (len(stripped) - len(stripped.lstrip(char)))
    return ""


def cover_markdown(image: str, page: str, alt: str = "") -> str:
    """Markdown for a post's cover image, linked relative to the post page.

    Example:
        >>> cover_markdown("assets/images/c.svg", "blog/posts/a.md", "Cover")
        '![Cover](../../assets/images/c.svg){ .sd-cover }\\n\\n'
    """
    target = posixpath.relpath(image.lstrip("/"), posixpath.dirname(page) or ".")
    return f"![{markdown_text(alt)}]({markdown_url(target)}){{ .sd-cover }}\n\n"


def insert_cover(markdown: str, image: str, page: str, alt: str = "") -> str:
    """Put the cover image right after the post's ``# Title`` (or first, without one).

    Keeping the title first lets the blog use it as the post title in
    excerpts instead of adding a second one above the image.

    Example:
        >>> insert_cover("# T\\n\\nText", "c.svg", "blog/posts/a.md")
        '# T\\n\\n![](../../c.svg){ .sd-cover }\\n\\nText'
    """
    cover = cover_markdown(image, page, alt)
    lines = markdown.split("\n")
    for index, line in enumerate(lines):
        if not line.strip():
            continue
        if line.startswith("# "):
            rest = "\n".join(lines[index + 1 :]).lstrip("\n")
            return "\n".join(lines[: index + 1]) + "\n\n" + cover + rest
        break
    return cover + markdown
