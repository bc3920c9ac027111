"""A fake fiscal provider, run as its own process: ``python -m tests.sales.fake_kkm PORT LOG
TOKEN``. Each receipt it gets is appended to LOG (one JSON line); it answers at once, then
calls the receipt's callback_url with the partner TOKEN: success."""

from __future__ import annotations

import json
import sys
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def _call_back(receipt: dict[str, object], token: str) -> None:
    time.sleep(0.2)
    body = json.dumps({"id": receipt["id"], "status": "success", "code": 0, "message": "OK"})
    request = urllib.request.Request(
        str(receipt["callback_url"]),
        data=body.encode(),
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10) as answer:
        answer.read()


def main() -> None:
    port, log, token = int(sys.argv[1]), sys.argv[2], sys.argv[3]

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # readiness probe
            self.send_response(200)
            self.end_headers()

        def do_POST(self) -> None:
            size = int(self.headers.get("Content-Length") or 0)
            receipt = json.loads(self.rfile.read(size))
            with open(log, "a") as out:
                out.write(json.dumps(receipt) + "\n")
            body = json.dumps({"id": receipt["id"], "status": "success", "code": 0}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            threading.Thread(target=_call_back, args=(receipt, token), daemon=True).start()

        def log_message(self, *args: object) -> None:
            pass

    ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()


if __name__ == "__main__":
    main()
