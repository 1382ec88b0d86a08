"""Measure the bot process's memory while someone posts a huge body to each of its web routes.

    python bench/big_post.py [--megabytes 300]

Starts the real bot (`python -m bot`, webhook mode, SQLite in a temporary folder) against the fake
Telegram and Google servers, then streams the body (chunked, no Content-Length, as an attacker would)
to /oauth/finish, /telegram (with the right secret), /oauth/callback and /healthz, and reads the
process's resident memory from /proc before and at its peak. The last line printed is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.sandbox.google import FakeGoogle
from bot.sandbox.telegram import FakeTelegram
from storage.crypto import generate_key

TOKEN = "123456:BENCH-token"
SECRET = "bench-webhook-secret"
CHUNK = b"a" * (1 << 20)


def memory_kib(pid: int) -> dict[str, int]:
    fields = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines())
    return {name: int(fields[name].split()[0]) for name in ("VmRSS", "VmHWM")}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def body(megabytes: int) -> Iterator[bytes]:
    for _ in range(megabytes):
        yield CHUNK


def post(url: str, megabytes: int, headers: dict[str, str]) -> str:
    try:
        response = httpx.post(url, content=body(megabytes), headers=headers, timeout=120)
    except httpx.HTTPError as error:  # the server may close the connection once it has answered
        return type(error).__name__
    return str(response.status_code)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=int, default=300)
    args = parser.parse_args()
    port = free_port()
    telegram, google = (
        FakeTelegram(token=TOKEN),
        FakeGoogle(redirect_uris=(f"http://127.0.0.1:{port}/oauth/callback",)),
    )
    telegram.start()
    google.start()
    web = google.client_config()["web"]
    with tempfile.TemporaryDirectory() as data:
        env = {
            **os.environ,
            "TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_URL": telegram.url, "DATA_DIR": data,
            "ENCRYPTION_KEYS": generate_key(), "WEB_HOST": "127.0.0.1", "WEB_PORT": str(port),
            "PUBLIC_URL": f"http://127.0.0.1:{port}", "BOT_MODE": "webhook", "WEBHOOK_SECRET": SECRET,
            "GOOGLE_CLIENT_ID": str(web["client_id"]), "GOOGLE_CLIENT_SECRET": str(web["client_secret"]),
            "GOOGLE_AUTH_URI": google.auth_uri, "GOOGLE_TOKEN_URI": google.token_uri,
            "GOOGLE_REVOKE_URI": google.revoke_uri, "GMAIL_API_URL": google.gmail_api_url,
        }  # fmt: skip
        process = subprocess.Popen([sys.executable, "-m", "bot"], cwd=data, env=env)
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(300):
                try:
                    if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                time.sleep(0.1)
            before = memory_kib(process.pid)
            answers = {
                route: post(f"{base}{route}", args.megabytes, headers)
                for route, headers in (
                    ("/oauth/finish", {"content-type": "application/x-www-form-urlencoded"}),
                    ("/telegram", {"x-telegram-bot-api-secret-token": SECRET}),
                    ("/oauth/callback", {}),
                    ("/healthz", {}),
                )
            }
            after = memory_kib(process.pid)
        finally:
            process.terminate()
            process.wait(30)
            telegram.stop()
            google.stop()
    print(json.dumps({
        "megabytes_per_post": args.megabytes, "answers": answers, "rss_before_mib": before["VmRSS"] // 1024,
        "rss_after_mib": after["VmRSS"] // 1024, "peak_rss_mib": after["VmHWM"] // 1024,
    }))  # fmt: skip


if __name__ == "__main__":
    main()
