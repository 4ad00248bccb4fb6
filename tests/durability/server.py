"""The app on an instance folder of a durability test, under waitress (as Windows serves it) or under
one gunicorn gthread worker (a process of those scripts/run.sh starts on Linux, one per core).

    python -m tests.durability.server INSTANCE_FOLDER PORT|fd:N [waitress|gunicorn]

``fd:N``: serve the listening socket inherited as file descriptor N (tests/durability/harness.py binds it,
so no other process can take the port between its choice and the server's start).

The folder holds ``app.db`` and ``uploads/``; the SQLite pragmas are production's
(WAL, synchronous=FULL, the busy timeout). Run as a subprocess, so a test can
kill it with SIGKILL like a power cut would.
"""
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, ROOT)

THREADS = 8  # threads per process, as scripts/run.sh


def instance_config(folder: str) -> dict:
    return {
        "SECRET_KEY": "durability-test",
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{os.path.join(folder, 'app.db')}",
        "UPLOAD_FOLDER": os.path.join(folder, "uploads"),
        "SQLITE_SYNCHRONOUS": "FULL",
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
    }


def make_app(folder: str):
    from app import create_app

    app = create_app(instance_config(folder))
    app.instance_path = folder
    return app


def serve_gunicorn(folder: str, address: str) -> None:
    """One gunicorn worker (gthread) behind its master, the app made in the worker after the fork."""
    from gunicorn.app.base import BaseApplication

    bind = f"fd://{address[3:]}" if address.startswith("fd:") else f"127.0.0.1:{address}"

    class Single(BaseApplication):
        def load_config(self):
            for key, value in {"bind": bind, "workers": 1, "worker_class": "gthread",
                               "threads": THREADS, "graceful_timeout": 5, "loglevel": "warning",
                               "control_socket_disable": True}.items():
                self.cfg.set(key, value)

        def load(self):
            return make_app(folder)

    Single().run()


def main(folder: str, address: str, kind: str = "waitress") -> None:
    import logging
    import socket

    if kind == "gunicorn":
        serve_gunicorn(folder, address)
        return
    from waitress import serve

    logging.getLogger("waitress.queue").setLevel(logging.ERROR)  # "Task queue depth is N": busy, by design
    where = {"sockets": [socket.socket(fileno=int(address[3:]))]} if address.startswith("fd:") else \
        {"host": "127.0.0.1", "port": int(address)}
    serve(make_app(folder), threads=THREADS, _quiet=True, **where)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], *sys.argv[3:4])
