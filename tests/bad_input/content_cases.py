"""Broken site content, each checked with ``scaledown check`` on a temp copy of the project.

A case edits one file of the copy (replacing ``old`` with ``new``, or writing a
new file) and names the checker that must report it. ``scaledown check`` must
exit 1 (0 for the few rules that only warn) and name the file, with its line
where there is one, and a fix.
"""

from __future__ import annotations

from dataclasses import dataclass

POST = "docs/blog/posts/2026-11-02-why-tinyml-is-hard-to-learn.md"
REVIEW = "paper_reviews/mobilenets.md"
TUTORIAL = "tutorials/01-first-model.py"
DEVICE = "hardware_catalog/devices/raspberry-pi-pico.yaml"
BRANCH = "hardware_catalog/branches/example-accra-makerspace.yaml"
SENSOR = "hardware_catalog/sensors/bmi270.yaml"
GROUP = "study_groups/2026-12-09-quantization.yml"


@dataclass(frozen=True)
class Edit:
    """One broken piece of content."""

    id: str
    checker: str
    path: str
    old: str | None  # None: ``new`` is the whole (new) file
    new: str
    names: tuple[str, ...] = ()
    exit_code: int = 1  # 0 for a warning: reported with a fix, but the build goes on

    def apply(self, root) -> None:
        target = root / self.path
        if self.old is None:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(self.new, encoding="utf-8")
            return
        text = target.read_text(encoding="utf-8")
        assert self.old in text, f"{self.id}: {self.old!r} not in {self.path}"
        target.write_text(text.replace(self.old, self.new, 1), encoding="utf-8")

    @property
    def file_names(self) -> tuple[str, ...]:
        return (self.path.rsplit("/", 1)[-1], *self.names)


def _post(front: str, body: str = "# A post\n\nText.\n\n<!-- more -->\n\nMore.\n") -> str:
    return f"---\n{front}---\n{body}"


GOOD_FRONT = (
    "title: A new post\ndate: 2026-11-20\nauthors: [scaledown-team]\n"
    "categories: [Announcements]\ndescription: A post for the corpus.\n"
)
NEW_POST = "docs/blog/posts/2026-11-20-a-new-post.md"

BLOG = [
    Edit("post-no-front-matter", "blog", NEW_POST, None, "# Just a title\n\nText.\n"),
    Edit("post-unclosed-front-matter", "blog", NEW_POST, None,
         "---\ntitle: A new post\ndate: 2026-11-20\n# no closing line\n"),
    Edit("post-front-matter-not-yaml", "blog", NEW_POST, None,
         _post("title: [unclosed\ndate: 2026-11-20\n")),
    Edit("post-front-matter-a-list", "blog", NEW_POST, None, _post("- a\n- b\n")),
    Edit("post-missing-title", "blog", POST,
         "title: Why TinyML is hard to learn, and how ScaleDown helps\n", ""),
    Edit("post-missing-date", "blog", POST, "date: 2026-11-02\n", ""),
    Edit("post-bad-date", "blog", POST, "date: 2026-11-02", "date: 2026-13-45"),
    Edit("post-date-text", "blog", POST, "date: 2026-11-02", "date: last tuesday"),
    Edit("post-unknown-author", "blog", POST, "authors: [scaledown-team]",
         "authors: [nobody-we-know]", ("nobody-we-know",)),
    Edit("post-authors-not-list", "blog", POST, "authors: [scaledown-team]", "authors: 42"),
    Edit("post-no-authors", "blog", POST, "authors: [scaledown-team]\n", ""),
    Edit("post-unknown-category", "blog", POST, "categories: [Announcements]",
         "categories: [Gossip]", ("Gossip",)),
    Edit("post-categories-not-list", "blog", POST, "categories: [Announcements]",
         "categories: 7"),
    Edit("post-missing-image", "blog", POST, "image: assets/images/blog/tinyml-hard.svg",
         "image: assets/images/blog/no-such-picture.svg", ("no-such-picture.svg",)),
    Edit("post-file-name-not-dated", "blog", "docs/blog/posts/undated-post.md", None,
         _post(GOOD_FRONT), ("undated-post.md",), exit_code=0),
    Edit("post-unknown-key", "blog", NEW_POST, None, _post(GOOD_FRONT + "tittle: typo\n"),
         ("tittle",), exit_code=0),
]

AUTHORS = "docs/blog/.authors.yml"
# text the theme would print as markup (checked since the escaping work landed)
UNTRUSTED = [
    Edit("post-title-with-markup", "blog", POST,
         "title: Why TinyML is hard to learn, and how ScaleDown helps",
         "title: Why <script>alert(1)</script> TinyML", ("title",)),
    Edit("post-tag-with-markup", "blog", POST, "tags: [sticky, learning, framework]",
         'tags: [sticky, "<b>bold</b>", framework]', ("tags",)),
    Edit("author-name-with-markdown", "blog", AUTHORS, "    name: ScaleDown team",
         "    name: ScaleDown *team*", ("scaledown-team",)),
    Edit("author-url-not-a-web-address", "blog", AUTHORS,
         "    url: https://github.com/ScaleDown-Team", "    url: javascript:alert(1)",
         ("javascript:alert(1)",)),
]

REVIEWS = [
    Edit("review-missing-arxiv", "reviews", REVIEW, 'arxiv: "1704.04861"\n', ""),
    Edit("review-bad-arxiv", "reviews", REVIEW, 'arxiv: "1704.04861"', 'arxiv: "not-an-id"',
         ("not-an-id",)),
    Edit("review-bad-year", "reviews", REVIEW, "year: 2017", "year: seventeen"),
    Edit("review-unknown-difficulty", "reviews", REVIEW, "difficulty: beginner",
         "difficulty: wizard", ("wizard",)),
    Edit("review-unknown-topic", "reviews", REVIEW, "topics: [architecture]",
         "topics: [astrology]", ("astrology",)),
    Edit("review-unknown-reviewer", "reviews", REVIEW, "reviewer: scaledown-team",
         "reviewer: a-stranger", ("a-stranger",)),
    Edit("review-misspelt-summary", "reviews", REVIEW, "summary: >-", "sumary: >-",
         ("sumary",), exit_code=0),
    Edit("review-no-front-matter", "reviews", "paper_reviews/new-paper.md", None,
         "# A review without front matter\n"),
    Edit("review-front-matter-broken", "reviews", "paper_reviews/new-paper.md", None,
         "---\ntitle: [unclosed\n---\n# Review\n"),
    Edit("review-authors-not-list", "reviews", REVIEW, "authors:\n  - Andrew G. Howard",
         "authors: 12\nformer_authors:\n  - Andrew G. Howard"),
]

TUTORIALS = [
    Edit("tutorial-unknown-level", "tutorials", TUTORIAL, "#     level: beginner",
         "#     level: expert", ("expert",)),
    Edit("tutorial-minutes-not-number", "tutorials", TUTORIAL, "#     minutes: 20",
         "#     minutes: twenty", ("minutes",)),
    Edit("tutorial-negative-minutes", "tutorials", TUTORIAL, "#     minutes: 20",
         "#     minutes: -5", ("minutes",)),
    Edit("tutorial-unknown-track", "tutorials", TUTORIAL,
         "#     tracks: [ml-practitioner, embedded-engineer, newcomer]",
         "#     tracks: [astronaut]", ("astronaut",)),
    Edit("tutorial-unknown-board", "tutorials", TUTORIAL,
         "#     boards: [arduino-nano-33-ble-sense-rev2, raspberry-pi-pico]",
         "#     boards: [arduino-nano-34]", ("arduino-nano-34",)),
    Edit("tutorial-board-part-of-an-id", "tutorials", TUTORIAL,
         "#     boards: [arduino-nano-33-ble-sense-rev2, raspberry-pi-pico]",
         "#     boards: [pico2]", ("raspberry-pi-pico-2",)),
    Edit("tutorial-missing-title", "tutorials", TUTORIAL,
         "#     title: Your first TinyML model\n", ""),
    Edit("tutorial-unknown-prerequisite", "tutorials", TUTORIAL, "#     prerequisites: []",
         "#     prerequisites: [99-no-such-tutorial]", ("99-no-such-tutorial",)),
    Edit("tutorial-no-metadata", "tutorials", "tutorials/07-new.py", None,
         "# %% [markdown]\n# # A tutorial without a header\n"),
    Edit("tutorial-header-not-yaml", "tutorials", TUTORIAL, "#     level: beginner",
         "#     level: [beginner"),
]

GROUPS = [
    Edit("group-bad-start", "tutorials", GROUP, 'start: "2026-12-09T18:00:00+01:00"',
         'start: "next week"', ("start",)),
    Edit("group-unknown-timezone", "tutorials", GROUP, "timezone: Europe/Berlin",
         "timezone: Mars/Olympus", ("Mars/Olympus",)),
    Edit("group-negative-duration", "tutorials", GROUP, "duration_minutes: 75",
         "duration_minutes: -75", ("duration_minutes",)),
    Edit("group-missing-title", "tutorials", GROUP, "title: Quantization, hands on\n", ""),
    Edit("group-not-yaml", "tutorials", GROUP, "title: Quantization, hands on",
         "title: [Quantization"),
    Edit("group-material-without-url", "tutorials", GROUP,
         "{title: \"Tutorial: Quantization\", url: tutorials/quantization.md}",
         "{title: \"Tutorial: Quantization\"}", ("material",)),
    Edit("group-slides-not-a-link", "tutorials", GROUP, "slides: null", "slides: my slides",
         ("slides",)),
    Edit("group-example-not-bool", "tutorials", GROUP, "example: true", "example: maybe",
         ("example",)),
    Edit("group-a-list-not-a-mapping", "tutorials", "study_groups/2027-02-01-list.yml", None,
         "- title: a\n- start: b\n"),
    Edit("group-agenda-not-list", "tutorials", GROUP,
         "agenda:\n  - Scale and zero point on paper",
         "agenda: 5\nold_agenda:\n  - Scale and zero point on paper"),
]

CATALOGUE = [
    Edit("device-unknown-core", "catalogue", DEVICE, "class: cortex-m0+", "class: cortex-m0++",
         ("cortex-m0++",)),
    Edit("device-id-not-file-name", "catalogue", DEVICE, "id: raspberry-pi-pico\n",
         "id: raspberry-pi-pico-x\n", ("raspberry-pi-pico-x",)),
    Edit("device-sram-text", "catalogue", DEVICE, "sram_kb: {value: 264",
         "sram_kb: {value: lots", ("sram_kb",)),
    Edit("device-unknown-category", "catalogue", DEVICE, "category: mcu", "category: toaster",
         ("toaster",)),
    Edit("device-unknown-key", "catalogue", DEVICE, "vendor:", "vendr:", ("vendr",)),
    Edit("device-not-yaml", "catalogue", DEVICE, "category: mcu", "category: [mcu"),
    Edit("device-missing-name", "catalogue", DEVICE, "name: Raspberry Pi Pico\n", ""),
    Edit("device-unknown-sensor", "catalogue", "hardware_catalog/devices/"
         "arduino-nano-33-ble-sense-rev2.yaml", "bmi270", "bmi9999", ("bmi9999",)),
    Edit("device-bad-support-level", "catalogue", DEVICE, "tflite-micro: {support: community",
         "tflite-micro: {support: maybe", ("maybe",)),
    Edit("branch-unknown-device", "catalogue", BRANCH,
         "    device: arduino-nano-33-ble-sense-rev2\n    kit: [USB cable, breadboard",
         "    device: arduino-nano-99\n    kit: [USB cable, breadboard", ("arduino-nano-99",)),
    Edit("branch-device-part-of-an-id", "catalogue", BRANCH,
         "    device: arduino-nano-33-ble-sense-rev2\n    kit: [USB cable, breadboard",
         "    device: nano-33\n    kit: [USB cable, breadboard",
         ("did you mean arduino-nano-33-ble-sense-rev2",)),
    Edit("branch-bad-country", "catalogue", BRANCH, "country: GH", "country: Ghana",
         ("Ghana",)),
    Edit("branch-latitude-out-of-range", "catalogue", BRANCH, "lat: 5.60", "lat: 95.60",
         ("95.6",)),
    Edit("branch-unknown-status", "catalogue", BRANCH, "status: available",
         "status: lost-in-space", ("lost-in-space",)),
    Edit("branch-duplicate-asset", "catalogue", BRANCH, "asset: ACC-0002", "asset: ACC-0001",
         ("ACC-0001",)),
    Edit("branch-bad-verified-date", "catalogue", BRANCH, 'last_verified: "2026-11-01"',
         'last_verified: "yesterday"', ("yesterday",)),
    Edit("sensor-unknown-key", "catalogue", SENSOR, "name:", "nmae:", ("nmae",)),
]

CONTENT_CASES: list[Edit] = [*BLOG, *UNTRUSTED, *REVIEWS, *TUTORIALS, *GROUPS, *CATALOGUE]
