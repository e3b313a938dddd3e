"""`scaledown import jekyll`: conversion, reports, refusals, nothing half-written."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from site_testkit import make_project

from scaledown.cli import main
from scaledown.site.blog_checks import check_blog
from scaledown.site.frontmatter import read_markdown
from scaledown.site.links import check_links

WELCOME = """\
---
layout: post
title:  "Welcome to ScaleDown!"
author: ada
categories: hardware announcement
tags: [sticky, tinyml]
image: /assets/ada.svg
comments: true
---
We are starting a study group.

<!--more-->

Read [the next post]({% post_url 2019-05-10-second %}), see
![logo]({{ site.baseurl }}/assets/ada.svg) and [again]({{ "/assets/ada.svg" | relative_url }}).
Old links: [md](/_posts/2019-05-10-second.md), [permalink](/hardware/2019/05/10/second.html).
{% highlight python %}
print("hi")
{% endhighlight %}
{% raw %}{{ kept }}{% endraw %}
"""

SECOND = """\
---
layout: post
title: Second
author: [grace]
tags: featured
---
A short one without an excerpt marker.

Second paragraph.
"""


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    root = make_project(tmp_path / "site")
    return root


@pytest.fixture()
def jekyll(tmp_path: Path) -> Path:
    folder = tmp_path / "_posts"
    folder.mkdir()
    (folder / "2019-05-04-welcome.markdown").write_text(WELCOME)
    (folder / "2019-05-10-second.md").write_text(SECOND)
    return folder


def imported(project: Path) -> Path:
    return project / "docs" / "blog" / "posts"


def run(project: Path, *args: str) -> int:
    return main(["import", "jekyll", *args, "--root", str(project)])


def test_converts_posts_in_one_command(project: Path, jekyll: Path) -> None:
    assert run(project, *map(str, sorted(jekyll.iterdir()))) == 0
    welcome = read_markdown(imported(project) / "2019-05-04-welcome.md")
    assert welcome.meta == {
        "title": "Welcome to ScaleDown!", "date": dt.date(2019, 5, 4), "authors": ["ada"],
        "categories": ["Hardware", "Announcements"], "tags": ["sticky", "tinyml"],
        "image": "assets/ada.svg", "pin": True, "comments": True, "slug": "welcome",
    }
    body = welcome.body
    assert "<!-- more -->" in body and "<!--more-->" not in body
    assert "[the next post](2019-05-10-second.md)" in body
    assert "![logo](../../assets/ada.svg)" in body and "[again](../../assets/ada.svg)" in body
    assert "[md](2019-05-10-second.md)" in body and "[permalink](2019-05-10-second.md)" in body
    assert '```python\nprint("hi")\n```' in body
    assert "{{ kept }}" in body and "{%" not in body
    second = read_markdown(imported(project) / "2019-05-10-second.md")
    assert second.meta["authors"] == ["grace"] and second.meta["tags"] == ["featured"]
    assert second.meta["categories"] == ["Community"]
    assert "<!-- more -->" in second.body  # inserted after the first paragraph
    # the imported posts pass the same checks as the build
    problems = check_blog(project) + check_links(project, generated=set())
    assert [str(p) for p in problems if p.severity == "error"] == []


def test_missing_date_is_refused(project: Path, tmp_path: Path,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    undated = tmp_path / "about-us.md"
    undated.write_text("---\ntitle: About\n---\nHi\n")
    before = set(imported(project).iterdir())
    assert run(project, str(undated)) == 1
    err = capsys.readouterr().err
    assert f"{undated}:1: error: no date found" in err and "--date" in err
    assert set(imported(project).iterdir()) == before
    assert run(project, str(undated), "--date", "2020-01-02") == 0
    assert (imported(project) / "2020-01-02-about.md").is_file()


def test_unknown_liquid_is_reported_and_nothing_written(project: Path, jekyll: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    odd = jekyll / "2019-06-01-odd.md"
    odd.write_text("---\ntitle: Odd\nauthor: ada\n---\nIntro\n<!--more-->\n"
                   "{% include youtube.html id=\"x\" %}\nText {{ page.custom_thing }}\n")
    before = set(imported(project).iterdir())
    assert run(project, *map(str, sorted(jekyll.iterdir()))) == 1
    err = capsys.readouterr().err
    assert f"{odd}:7: error: unknown Liquid tag {{% include youtube.html" in err
    assert f"{odd}:8: error: unknown Liquid output {{{{ page.custom_thing }}}}" in err
    assert "nothing imported" in err
    assert set(imported(project).iterdir()) == before  # not even the good posts
    # accepted on request: kept as text, still reported
    assert run(project, str(odd), "--allow-unknown") == 0
    assert "{% include youtube.html" in (imported(project) / "2019-06-01-odd.md").read_text()
    assert "warning: unknown Liquid tag" in capsys.readouterr().err


def test_existing_target_needs_force(project: Path, jekyll: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    src = str(jekyll / "2019-05-10-second.md")
    assert run(project, src) == 0
    assert run(project, src) == 1
    assert "already exists" in capsys.readouterr().err
    assert run(project, src, "--force") == 0


def test_json_report_and_out_folder(project: Path, jekyll: Path, tmp_path: Path,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    assert run(project, str(jekyll / "2019-05-10-second.md"), "--out", str(out), "--json") == 0
    report = json.loads(capsys.readouterr().out)
    assert report["written"] == [str(out / "2019-05-10-second.md")]
    assert any("no <!--more--> marker" in p["message"] for p in report["problems"])


def test_malformed_front_matter_is_located(project: Path, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "2019-01-01-bad.md"
    bad.write_text("---\ntitle: [oops\n---\nx\n")
    assert run(project, str(bad)) == 1
    assert f"{bad}:3: error: malformed YAML" in capsys.readouterr().err


def test_date_option_only_fills_missing_dates(project: Path, jekyll: Path, tmp_path: Path) -> None:
    undated = tmp_path / "notes.md"
    undated.write_text("---\ntitle: Notes\nauthor: ada\n---\nHi\n")
    dated_in_field = tmp_path / "field.md"
    dated_in_field.write_text(
        "---\ntitle: Field\nauthor: ada\ndate: 2018-03-04 10:00:00\n---\nHi\n")
    args = [str(jekyll / "2019-05-10-second.md"), str(undated), str(dated_in_field)]
    assert run(project, *args, "--date", "2021-07-08") == 0
    names = {p.name for p in imported(project).iterdir()}
    assert {"2019-05-10-second.md", "2021-07-08-notes.md", "2018-03-04-field.md"} <= names
