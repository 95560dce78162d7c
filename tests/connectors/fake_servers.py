"""Tiny real HTTP servers speaking just enough of the X API v2 and the Telegram Bot API for
the pollers' tests. They run on a loopback port in a thread and record every request."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable
from urllib.parse import parse_qs, urlsplit

Route = Callable[[str, dict[str, list[str]], bytes], tuple[int, dict[str, str], Any]]


@dataclass
class FakeServer:
    routes: dict[str, Route]
    requests: list[tuple[str, str, dict[str, list[str]], dict[str, str]]] = field(default_factory=list)
    httpd: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        assert self.httpd is not None
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def start(self) -> "FakeServer":
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def _serve(self) -> None:
                parts = urlsplit(self.path)
                length = int(self.headers.get("content-length") or 0)
                body = self.rfile.read(length) if length else b""
                query = parse_qs(parts.query)
                if body and "json" in (self.headers.get("content-type") or ""):
                    query.update({k: [v if isinstance(v, str) else json.dumps(v)] for k, v in json.loads(body).items()})
                elif body:
                    query.update(parse_qs(body.decode()))
                server.requests.append((self.command, parts.path, query, dict(self.headers)))
                for prefix, route in server.routes.items():
                    if parts.path.startswith(prefix) or parts.path.endswith(prefix):
                        status, headers, payload = route(parts.path, query, body)
                        break
                else:
                    status, headers, payload = 404, {}, {"error": f"no route {parts.path}"}
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for k, v in headers.items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(data)

            do_GET = _serve
            do_POST = _serve

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self.httpd is not None:
            self.httpd.shutdown()
            self.httpd.server_close()

    def calls(self, path_part: str) -> list[dict[str, list[str]]]:
        return [q for _, path, q, _ in self.requests if path_part in path]
