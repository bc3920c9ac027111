"""A webhook receiver in its own process, for tests and the bench.

``python -m tests.webhooks.receiver PORT LOG`` answers by path, counting per ``webhook-id``:
``/ok`` 200; ``/failN`` 500 for the first N requests of an event, then 200; ``/down`` 503;
``/slow`` answers after 3 s; ``/hang1`` holds the first request of an event for 20 s, then
answers 200 at once. Once the file RECEIVER_SECRET_FILE holds a secret, every request's
signature is checked with the Standard Webhooks library (a bad one is answered 401). Each
request is one JSON line in LOG.
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from standardwebhooks.webhooks import Webhook, WebhookVerificationError

SECRET_FILE = os.environ.get("RECEIVER_SECRET_FILE")
_seen: Counter[tuple[str, str]] = Counter()
_lock = threading.Lock()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        return

    def do_POST(self) -> None:
        length = int(self.headers.get("content-length") or 0)
        body = self.rfile.read(length)
        msg_id = self.headers.get("webhook-id") or ""
        with _lock:
            _seen[(self.path, msg_id)] += 1
            n = _seen[(self.path, msg_id)]
        verified: bool | None = None
        secret = _secret()
        if secret:
            try:
                Webhook(secret).verify(body, dict(self.headers.items()))
                verified = True
            except WebhookVerificationError:
                verified = False
        status = 200
        path = self.path
        if path.startswith("/fail") and n <= int(path.removeprefix("/fail") or 1):
            status = 500
        elif path == "/down":
            status = 503
        elif path == "/slow":
            time.sleep(3)
        elif path == "/hang1" and n == 1:
            _log({"path": path, "id": msg_id, "n": n, "status": None, "arrived": True})
            time.sleep(20)
        if verified is False:
            status = 401
        _log(
            {
                "path": path,
                "id": msg_id,
                "n": n,
                "status": status,
                "verified": verified,
                "timestamp": self.headers.get("webhook-timestamp"),
                "body": json.loads(body or b"null"),
                "at": time.time(),
            }
        )
        self.send_response(status)
        self.send_header("content-length", "2")
        self.end_headers()
        self.wfile.write(b"ok")


def _secret() -> str | None:
    if SECRET_FILE and os.path.exists(SECRET_FILE):
        return open(SECRET_FILE).read().strip() or None
    return None


def _log(entry: dict[str, object]) -> None:
    line = json.dumps(entry) + "\n"
    with _lock, open(LOG, "a") as out:
        out.write(line)
        out.flush()


if __name__ == "__main__":
    PORT, LOG = int(sys.argv[1]), sys.argv[2]
    server = ThreadingHTTPServer(("127.0.0.1", PORT), Handler)
    server.daemon_threads = True
    print("ready", flush=True)
    server.serve_forever()
else:
    LOG = os.devnull
