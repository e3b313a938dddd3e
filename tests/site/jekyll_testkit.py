"""A small Jekyll site for the import tests, written into a temp folder.

It has what a real community blog moving over has: authors in ``_config.yml``
and in ``_data/authors.yml`` (one of them clashing with an author this site
already has), covers and inline images in nested ``assets/`` folders (tiny
PNGs made here), categories outside this site's list, a post linking to
another by a wrong date and by its old URL, an empty post, a post in a
sub-folder of ``_posts/``, a post with its own ``.html`` permalink, and
``permalink: /:title/`` with a ``baseurl``.
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

CATEGORY_MAP = ["--category-map", "TinyML=Research",
                "--category-map", "machine learning=Research",
                "--category-map", "Edge devices=Hardware"]


def png(rgb: tuple[int, int, int] = (0, 121, 107)) -> bytes:
    """A valid 1x1 PNG of one colour (different colours give different files)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00" + bytes(rgb))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels)
            + chunk(b"IEND", b""))


CONFIG = """\
title: TinyML Circle
description: "Notes from our study group: boards, sensors & models"
baseurl: /circle
permalink: /:title/
authors:
  lin:
    name: Lin Wei
    bio: "Builds sensor boards: 'cheap', open & documented"
    avatar: /assets/img/authors/lin.png
    site: https://example.org/lin
  kofi:
    name: Kofi Mensah
    bio: Teaches embedded C
    avatar: https://avatars.example.org/kofi.png
"""

DATA_AUTHORS = """\
maria:
  name: María José
  bio: Runs the study group
  avatar: assets/img/authors/maria.png
ada:
  name: Ada Byron
  bio: Not the Ada this site knows
"""

WELCOME = """\
---
layout: post
title: "Welcome to the circle: a start"
author: lin
categories: [TinyML, Machine Learning]
tags: [tinyml]
image: /assets/img/covers/welcome.png
---
We meet every month to learn TinyML together.

<!--more-->

![A board on the desk]({{ site.baseurl }}/assets/img/posts/2019/board.png)

Read about [the sensors]({% post_url 2019-06-01-sensors %}) next
(or [here]({{ site.baseurl }}/sensors/)).
"""

SENSORS = """\
---
layout: post
title: Sensors we like
author: kofi
categories: Hardware edge-devices
tags: featured
---
Three sensors that work well on small boards.

<!--more-->

<img src="{{ "/assets/img/posts/2019/sensor.png" | relative_url }}" alt="A sensor">

Back to [the welcome post](/welcome/).
"""

STUDY = """\
---
layout: post
title: Study group
author: maria
category: Meetups
sticky: true
permalink: /2019/07/10/study-group.html
---
The study group meets on Tuesdays.

<!--more-->

Bring a board if you have one.
"""

NEW_YEAR = """\
---
layout: post
title: A new year
author: [lin, kofi]
categories: community
image: "{{ site.baseurl }}/assets/img/covers/2020/new-year.png"
---
Plans for the year.

<!--more-->

![Plans](/assets/img/posts/2020/plans.png "our plans")
"""


def make_jekyll_site(folder: Path) -> Path:
    """Write the test site into ``folder`` and return it."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "_config.yml").write_text(CONFIG, encoding="utf-8")
    (folder / "_data").mkdir()
    (folder / "_data" / "authors.yml").write_text(DATA_AUTHORS, encoding="utf-8")
    posts = folder / "_posts"
    (posts / "2020").mkdir(parents=True)
    (posts / "2019-05-04-welcome.md").write_text(WELCOME, encoding="utf-8")
    (posts / "2019-06-02-sensors.md").write_text(SENSORS, encoding="utf-8")
    (posts / "2019-07-10-study-group.markdown").write_text(STUDY, encoding="utf-8")
    (posts / "2019-08-01-empty.md").write_text("", encoding="utf-8")
    (posts / "2020" / "2020-01-15-new-year.md").write_text(NEW_YEAR, encoding="utf-8")
    images = {
        "assets/img/authors/lin.png": (200, 0, 0),
        "assets/img/authors/maria.png": (0, 200, 0),
        "assets/img/covers/welcome.png": (0, 0, 200),
        "assets/img/covers/2020/new-year.png": (200, 200, 0),
        "assets/img/posts/2019/board.png": (0, 200, 200),
        "assets/img/posts/2019/sensor.png": (200, 0, 200),
        "assets/img/posts/2020/plans.png": (50, 50, 50),
    }
    for rel, colour in images.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(png(colour))
    (folder / "about.md").write_text("---\nlayout: page\ntitle: About\n---\nAbout us.\n")
    return folder
