"""Page weight: what a reader's browser downloads to show our home page.

Both sides are measured in this run, the same way:

1. **ours**: the real site, built with ``mkdocs build --strict``;
2. **baseline**: a minimal default Material for MkDocs site (``theme: material``
   and the default search plugin, one short page), built with the same MkDocs.

Each is served from localhost by ``http.server`` and its home page is opened in
headless Chromium (Debian's, driven by Playwright) until the network is idle.
Every response is counted: its number, its bytes as served, and its bytes
gzip-compressed (what a typical static host sends). The search index is
counted apart, because Material may load it lazily. The target (issue 12):
without the search index, our home page transfers at most 1.1x what the default
Material page transfers (compared on gzip bytes). Requests to any other host
are listed, since the site must make none.

Run: ``python bench/page_weight.py`` (writes ``bench/results/page_weight.json``).
Exit code 1 when the target is missed or another host is contacted.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import json
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results" / "page_weight.json"
CHROMIUM = "/usr/bin/chromium"
TARGET = 1.1
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
BASELINE_PAGE = """# A default page

This is the home page of a default Material for MkDocs site: one heading and a
paragraph, the smallest page the theme draws.
"""


def _build(project: Path, out: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir",
                           str(out)], cwd=project, env=env, capture_output=True, text=True,
                          check=False)
    if done.returncode:
        raise SystemExit(f"build failed in {project}:\n{done.stdout}\n{done.stderr}")


def build_baseline(folder: Path) -> Path:
    """A default Material site with one page, built into ``folder/site``."""
    (folder / "docs").mkdir(parents=True)
    (folder / "docs" / "index.md").write_text(BASELINE_PAGE, encoding="utf-8")
    (folder / "mkdocs.yml").write_text("site_name: Baseline\ntheme:\n  name: material\n",
                                       encoding="utf-8")
    _build(folder, folder / "site")
    return folder / "site"


@contextlib.contextmanager
def serve(site: Path):
    """Serve ``site`` on a free localhost port; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:  # no request log in the bench output
        pass


def weigh(url: str, path: str) -> dict:
    """Open ``url + path`` in Chromium; count every response until the network is idle."""
    from playwright.sync_api import sync_playwright

    seen: list[dict] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        page = browser.new_page()

        def on_response(response) -> None:
            try:
                body = response.body()
            except Exception:  # redirects and aborted requests have no body
                body = b""
            seen.append({"url": response.url, "status": response.status,
                         "bytes": len(body), "gzip_bytes": len(gzip.compress(body, 6))})

        page.on("response", on_response)
        page.goto(url + path, wait_until="networkidle")
        page.wait_for_timeout(500)  # late, lazy requests (search worker, sitemap)
        browser.close()
    host = urlsplit(url).netloc
    foreign = sorted({r["url"] for r in seen if urlsplit(r["url"]).netloc not in ("", host)})
    index = [r for r in seen if "search_index" in urlsplit(r["url"]).path]  # .json or offline .js
    rest = [r for r in seen if r not in index]
    return {
        "requests": len(rest), "bytes": sum(r["bytes"] for r in rest),
        "gzip_bytes": sum(r["gzip_bytes"] for r in rest),
        "search_index_bytes": sum(r["bytes"] for r in index),
        "search_index_gzip_bytes": sum(r["gzip_bytes"] for r in index),
        "other_hosts": foreign,
        "responses": [{**r, "url": urlsplit(r["url"]).path} for r in seen],
    }


def main(argv: list[str] | None = None) -> int:
    if not Path(CHROMIUM).exists():
        print("Chromium not found at /usr/bin/chromium: run `make browser` first",
              file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="scaledown-weight-") as tmp:
        ours_site = Path(tmp) / "ours"
        _build(ROOT, ours_site)
        base_site = build_baseline(Path(tmp) / "baseline")
        results = {}
        for name, site, path in (("ours", ours_site, "/"), ("baseline", base_site, "/")):
            with serve(site) as url:
                results[name] = weigh(url, path)
    ours, base = results["ours"], results["baseline"]
    ratio = ours["gzip_bytes"] / base["gzip_bytes"]
    raw_ratio = ours["bytes"] / base["bytes"]
    print(f"{'home page':24} {'requests':>8} {'bytes':>10} {'gzip':>9} {'search index gzip':>18}")
    for name in ("ours", "baseline"):
        r = results[name]
        print(f"{name:24} {r['requests']:>8} {r['bytes']:>10,} {r['gzip_bytes']:>9,} "
              f"{r['search_index_gzip_bytes']:>18,}")
    print(f"ratio ours/baseline without the search index: {ratio:.2f} gzip, {raw_ratio:.2f} "
          f"as served (target <= {TARGET})")
    foreign = ours["other_hosts"] + base["other_hosts"]
    if foreign:
        print("requests to other hosts: " + ", ".join(foreign))
    ok = ratio <= TARGET and not ours["other_hosts"]
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({"ours": ours, "baseline": base, "gzip_ratio": ratio,
                                   "raw_ratio": raw_ratio, "target": TARGET, "ok": ok},
                                  indent=2) + "\n")
    print(f"wrote {RESULTS.relative_to(ROOT)}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
