"""Serve a folder on 127.0.0.1: nginx when installed, else Python's http.server.

The server must cost far less than the crawler it feeds, or the benchmark measures the
server. nginx (``apt-get install nginx``) serves a static file in microseconds with
sendfile; Python's threaded server is a fallback that the report names.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

NGINX_CONF = """\
{user}
daemon off;
master_process on;
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    types {{
        text/html html;
        application/xml xml;
        application/json json;
        text/plain txt;
    }}
    default_type application/octet-stream;
    charset utf-8;
    charset_types text/html application/xml text/plain application/json;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 1000000;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    server {{
        listen 127.0.0.1:{port};
        root {root};
        index index.html;
    }}
}}
"""


@dataclass
class Server:
    kind: str  # "nginx" or "python http.server"
    base_url: str
    pids: list[int]  # processes to leave out of the variants' accounting


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def find_nginx() -> str | None:
    return shutil.which("nginx") or next(
        (p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if Path(p).is_file()), None
    )


def _wait_until_up(url: str, proc: subprocess.Popen[bytes], timeout: float = 30.0) -> None:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never a proxy
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"static server exited with status {proc.returncode}")
        try:
            with opener.open(url, timeout=2) as response:
                response.read()
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"static server did not answer on {url}")


@contextmanager
def serve(root: Path, port: int) -> Iterator[Server]:
    """Serve ``root`` on ``port`` until the block ends; the server is stopped either way."""
    nginx = find_nginx()
    with tempfile.TemporaryDirectory(prefix="bench-nginx-") as tmp:
        if nginx:
            conf = Path(tmp, "nginx.conf")
            # As root, nginx would drop its workers to "nobody", who may not read the site.
            user = "user root;" if os.geteuid() == 0 else ""
            conf.write_text(NGINX_CONF.format(user=user, tmp=tmp, port=port, root=root.resolve()))
            command = [nginx, "-p", tmp, "-c", str(conf)]
            kind = "nginx"
        else:
            command = [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"]
            command += ["--directory", str(root)]
            kind = "python http.server (nginx not found: apt-get install nginx)"
        log = Path(tmp, "server.log")
        with log.open("wb") as out:
            proc = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
        try:
            base_url = f"http://127.0.0.1:{port}"
            try:
                _wait_until_up(f"{base_url}/robots.txt", proc)
            except RuntimeError as exc:
                errors = Path(tmp, "error.log")
                detail = log.read_text() + (errors.read_text() if errors.exists() else "")
                raise RuntimeError(f"{exc}\n{detail[-2000:]}") from exc
            yield Server(kind=kind, base_url=base_url, pids=[proc.pid])
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
