"""The command line: `python -m bot` runs the bot; the subcommands maintain it."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import signal
import sys
from collections.abc import Sequence
from pathlib import Path

from bot.config import ConfigError, ServiceUnreachable, Settings, load_settings
from bot.data_dir import PRIVATE_UMASK, secure_data_dir
from bot.database_check import check_database
from bot.keys import add_generated_key, key_file, load_keys
from bot.logs import configure_logging

log = logging.getLogger("bot")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bot",
        description=(
            "Data Deletion Assistant: a Telegram bot that finds who holds your data and asks them "
            "to delete it. "
            "Configuration comes from environment variables (and .env); see .env.example."
        ),
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.add_parser("run", help="migrate the database, then run the bot (the default)")
    commands.add_parser("migrate", help="bring the database schema up to date and exit")
    rotate = commands.add_parser("rotate-keys", help="re-encrypt every stored secret with the newest key")
    rotate.add_argument(
        "--generate",
        action="store_true",
        help="first add a new key to the generated key file (when ENCRYPTION_KEYS is unset)",
    )
    sandbox = commands.add_parser(
        "sandbox", help="try the bot in your browser: local Telegram and Google, nothing leaves this computer"
    )
    sandbox.add_argument(
        "--port", type=_port, default=8000, help="the page's port on 127.0.0.1 (default 8000)"
    )
    backup = commands.add_parser(
        "backup", help="copy the SQLite database to PATH, consistently, even while the bot runs"
    )
    backup.add_argument("path", metavar="PATH", help="the new file to write (must not exist)")
    from bot.cli_brokers import add_broker_commands

    add_broker_commands(commands)
    return parser


async def _run(settings: Settings) -> None:
    settings.bot_token()
    await check_database(settings)
    from bot.app import run

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    await run(settings, stop)


def _port(value: str) -> int:
    if not value.isdigit() or not 0 <= int(value) <= 65535:
        raise argparse.ArgumentTypeError("a port number from 0 to 65535")
    return int(value)


async def _sandbox(port: int) -> None:
    from bot.sandbox.runner import run_sandbox

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)

    def announce(url: str) -> None:
        print(f"Sandbox running: open {url} in your browser (Ctrl-C stops it)", flush=True)

    await run_sandbox(port, stop, announce)


async def _migrate(settings: Settings) -> None:
    from storage.migrate import upgrade

    await check_database(settings)
    done = await upgrade(settings.effective_database_url)
    for revision in done.applied:
        print(f"applied {revision.id}: {revision.title}")
    if done.applied:
        print(f"the database is now at the latest revision {done.current}")
    else:
        print(f"already at the latest revision {done.current}")
    log.info("database is up to date", extra={"revision": done.current, "applied": len(done.applied)})


async def _rotate(settings: Settings, generate: bool) -> None:
    from storage.crypto import FernetCipher
    from storage.engine import create_engine
    from storage.migrate import upgrade
    from storage.rotation import rotate_secrets

    if generate:
        if settings.encryption_keys:
            raise ConfigError("ENCRYPTION_KEYS is set: put the new key first in it instead of --generate")
        await check_database(settings)  # before the key file changes, so a failed run changes nothing
        held = add_generated_key(settings)
        print(f"added a new key to {key_file(settings)}; it now holds {held} keys, the new one first")
    await check_database(settings)
    await upgrade(settings.effective_database_url)
    engine = create_engine(settings.effective_database_url)
    try:
        keys = load_keys(settings)
        count = await rotate_secrets(engine, FernetCipher(keys))
    finally:
        await engine.dispose()
    print(f"re-encrypted {count} stored secrets with the newest key")
    if len(keys) > 1:
        where = "ENCRYPTION_KEYS" if settings.encryption_keys else str(key_file(settings))
        print(
            f"to retire the old keys: restart the bot so it uses the new key, then keep only the first key "
            f"in {where}; keep a copy of the old ones as long as you keep backups made before now"
        )


def _run_bot(settings: Settings) -> int:
    from telegram.error import InvalidToken, NetworkError

    try:
        asyncio.run(_run(settings))
    except InvalidToken:
        raise ConfigError(
            "TELEGRAM_BOT_TOKEN was refused by Telegram: copy it again from @BotFather"
        ) from None
    except NetworkError as exc:  # after start, whose retries cover getMe
        raise ServiceUnreachable(
            f"Telegram is unreachable at {settings.telegram_api_url} ({exc.message}): check the network "
            "or TELEGRAM_API_URL"
        ) from None
    return 0


def _backup(settings: Settings, target: Path) -> int:
    from storage.backup import BackupError, backup_sqlite

    try:
        size = backup_sqlite(settings.effective_database_url, target)
    except BackupError as exc:
        print(f"backup failed: {exc}", file=sys.stderr)
        return 1
    log.info("database copied", extra={"bytes": size})
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "sandbox":
        # The sandbox configures its own bot; the user's settings are for the real one.
        configure_logging("WARNING")
        from bot.sandbox.runner import PortUnavailable

        try:
            asyncio.run(_sandbox(args.port))
        except PortUnavailable as exc:
            print(f"sandbox: {exc}", file=sys.stderr)
            return 1
        return 0
    try:
        code = _maintain(args)
        sys.stdout.flush()  # here, not at exit, so a reader gone by now ends quietly too
        return code
    except BrokenPipeError:
        # The reader went away (`brokers list | head`): end quietly, as `cat` does, with SIGPIPE's status.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 128 + signal.SIGPIPE


def _maintain(args: argparse.Namespace) -> int:
    """Every command but the sandbox: they read the operator's settings."""
    try:
        settings = load_settings()
        os.umask(PRIVATE_UMASK)
        secure_data_dir(settings)
        configure_logging(settings.log_level, libraries_debug=settings.log_libraries_debug)
        if args.command in (None, "run"):
            return _run_bot(settings)
        elif args.command == "migrate":
            asyncio.run(_migrate(settings))
        elif args.command == "rotate-keys":
            asyncio.run(_rotate(settings, args.generate))
        elif args.command == "backup":
            return _backup(settings, Path(args.path))
        else:
            from bot.cli_brokers import run_broker_command

            return run_broker_command(args, settings)
    except ConfigError as exc:
        print(f"configuration error: {exc}", file=sys.stderr)
        return 2
    except ServiceUnreachable as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
