"""Real nginx serving a built site with the server block the build wrote (site/.hipback/nginx.conf).

Only what a test run must differ in is changed: ``listen`` (a free port on 127.0.0.1) and
``root`` (the built site). The wrapper around the block runs nginx in the foreground as the
current user, with its pid file, logs and temporary folders in a temporary folder, so no
system nginx, port 80 or root is needed. Everything else (headers, caching, ``gzip_static``,
the 404 page) is exactly what a host would run.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from hb_testlib import stop_process

NGINX = "/usr/sbin/nginx"
MIME_TYPES = Path("/etc/nginx/mime.types")
INSTALL = "`apt-get install -y nginx` (make browser-deps installs it)"

_LISTEN = re.compile(r"^(\s*)listen [^;]*;\n", re.MULTILINE)
_ROOT = re.compile(r"^(\s*)root [^;]*;$", re.MULTILINE)


def nginx_missing() -> str | None:
    """Why nginx cannot run here, with the install step (``None`` when it can)."""
    if not Path(NGINX).is_file() or shutil.which(NGINX) is None:
        return f"nginx ({NGINX}) is not installed: {INSTALL}"
    if not MIME_TYPES.is_file():
        return f"{MIME_TYPES} is missing (package nginx-common): {INSTALL}"
    return None


def local_server_block(block: str, *, port: int, root: Path) -> str:
    """The generated block with only ``listen`` and ``root`` changed."""
    listens = _LISTEN.findall(block)
    assert listens, "the generated server block has no listen line"
    out = _LISTEN.sub("", block, count=len(listens) - 1)
    out = _LISTEN.sub(lambda m: f"{m.group(1)}listen 127.0.0.1:{port};\n", out, count=1)
    out, n = _ROOT.subn(lambda m: f"{m.group(1)}root {root};", out)
    assert n == 1, "the generated server block has no single root line"
    return out


def wrapper_conf(work: Path, server_block: Path) -> str:
    """An nginx.conf that runs unprivileged in ``work`` and includes ``server_block``."""
    temp = "\n".join(f"    {kind}_temp_path {work / kind};"
                     for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    return (
        "daemon off;\n"
        "master_process off;\n"  # one process, as the current user (no worker user switch)
        f"pid {work / 'nginx.pid'};\n"
        f"error_log {work / 'error.log'} warn;\n"
        "events { worker_connections 64; }\n"
        "http {\n"
        f"    include {MIME_TYPES};\n"
        "    default_type application/octet-stream;\n"
        "    access_log off;\n"
        f"{temp}\n"
        f"    include {server_block};\n"
        "}\n"
    )


@contextmanager
def serve_with_nginx(site: Path, work: Path, port: int) -> Iterator[str]:
    """Run nginx on ``127.0.0.1:port`` for ``site``; yield its base URL; stop it afterwards."""
    block = (site / ".hipback" / "nginx.conf").read_text(encoding="utf-8")
    work.mkdir(parents=True, exist_ok=True)
    server = work / "server.conf"
    server.write_text(local_server_block(block, port=port, root=site.resolve()), encoding="utf-8")
    conf = work / "nginx.conf"
    conf.write_text(wrapper_conf(work, server), encoding="utf-8")
    log = work / "error.log"
    test = subprocess.run([NGINX, "-t", "-p", str(work), "-e", str(log), "-c", str(conf)],
                          capture_output=True, text=True, check=False)
    assert test.returncode == 0, f"nginx refused the generated server block:\n{test.stderr}"
    proc = subprocess.Popen([NGINX, "-p", str(work), "-e", str(log), "-c", str(conf)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(url, proc, log)
        yield url
    finally:
        stop_process(proc)


def _wait_until_up(url: str, proc: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 15
    while True:
        try:
            with urllib.request.urlopen(url + "/", timeout=1) as r:
                if r.status == 200:
                    return
        except urllib.error.HTTPError as exc:
            raise AssertionError(f"nginx answered {exc.code} for / ({log})") from exc
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            text = log.read_text(encoding="utf-8") if log.is_file() else ""
            raise AssertionError(f"nginx did not start on {url}:\n{text}")
        time.sleep(0.1)
