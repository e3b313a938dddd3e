"""Edit-to-served timing shared by the site benches (a helper: it has no ``main``).

``bench/site_build.py``, ``bench/site_content.py`` and ``bench/zensical_build.py``
each start a live-reload server, wait until it serves a post, then change that
post and time how long it takes until the page served over HTTP shows the
change. The pieces they share live here:

* :func:`free_port`: a free localhost port for the server;
* :func:`fetch`: one page over HTTP, ``None`` while nothing answers;
* :func:`live_server`: the server process, stopped on leaving the block;
* :func:`wait_until_up`: seconds until the first build is served;
* :func:`edit_until_served`: seconds from writing a marker into the post until
  the served page contains it.
"""

from __future__ import annotations

import socket
import subprocess
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now.

    Example:
        >>> 0 < free_port() < 65536
        True
    """
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fetch(url: str) -> str | None:
    """The page at ``url`` (a localhost URL) as text, or ``None`` if nothing answers.

    Example:
        >>> fetch(f"http://127.0.0.1:{free_port()}/") is None
        True
    """
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # a localhost URL
            return response.read().decode("utf-8", "replace")
    except OSError:
        return None


@contextmanager
def live_server(command: list[str], cwd: Path, env: dict[str, str],
                output: Path | None = None) -> Iterator[subprocess.Popen]:
    """Run ``command`` (a serving process) for the ``with`` block.

    Its output is discarded, or written to the file ``output`` (stdout and
    stderr together) for the caller to read. On leaving the block the process
    is asked to stop, and killed if it has not stopped within 30 seconds.

    Example:
        >>> import sys
        >>> with live_server([sys.executable, "-c", "pass"], Path("."), {}) as proc:
        ...     proc.wait(timeout=30)
        0
    """
    sink = open(output, "wb") if output is not None else subprocess.DEVNULL  # noqa: SIM115
    try:
        proc = subprocess.Popen(command, cwd=cwd, env=env, stdout=sink,
                                stderr=subprocess.STDOUT if output is not None else sink)
        try:
            yield proc
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
    finally:
        if output is not None:
            sink.close()


def _answers(page: str | None) -> bool:
    return page is not None


def wait_until_up(url: str, proc: subprocess.Popen, timeout: float = 600, name: str = "serve",
                  ready: Callable[[str | None], bool] = _answers) -> float:
    """Seconds until ``url`` serves a page that ``ready`` accepts (default: any page).

    Raises:
        RuntimeError: ``proc`` ended, or ``timeout`` seconds passed, first.

    Example:
        >>> import sys
        >>> with live_server([sys.executable, "-c", "pass"], Path("."), {}) as proc:
        ...     _ = proc.wait(timeout=30)
        ...     try:
        ...         wait_until_up(f"http://127.0.0.1:{free_port()}/", proc, name="demo")
        ...     except RuntimeError as error:
        ...         print(str(error).split(" at ")[0])
        demo did not come up
    """
    start = time.perf_counter()
    while not ready(fetch(url)):
        if time.perf_counter() - start > timeout or proc.poll() is not None:
            raise RuntimeError(f"{name} did not come up at {url}")
        time.sleep(0.2)
    return time.perf_counter() - start


def edit_until_served(path: Path, text: str, url: str, proc: subprocess.Popen,
                      timeout: float = 600, poll: float = 0.1) -> float:
    """Write ``text`` plus a fresh marker line to ``path``; seconds until ``url`` shows it.

    The caller puts the original text back when it is done.

    Raises:
        RuntimeError: ``proc`` ended, or ``timeout`` seconds passed, first.

    Example:
        >>> import sys, tempfile
        >>> post = Path(tempfile.mkdtemp()) / "post.md"
        >>> with live_server([sys.executable, "-c", "pass"], Path("."), {}) as proc:
        ...     _ = proc.wait(timeout=30)
        ...     try:
        ...         edit_until_served(post, "# Post\\n", f"http://127.0.0.1:{free_port()}/", proc)
        ...     except RuntimeError as error:
        ...         print(error)
        the change never appeared
        >>> post.read_text().startswith("# Post")
        True
    """
    marker = f"Changed-{time.time_ns()}"
    path.write_text(text + f"\n{marker}\n", encoding="utf-8")
    changed = time.perf_counter()
    while marker not in (fetch(url) or ""):
        if time.perf_counter() - changed > timeout or proc.poll() is not None:
            raise RuntimeError("the change never appeared")
        time.sleep(poll)
    return time.perf_counter() - changed
