"""Reading an untrusted document in a worker process bounded in time and memory.

pypdf, python-docx, openpyxl and LibreOffice can each be made to work for minutes or to take gigabytes
by a small file (a page drawing one form 10,000 times; a 60 MB document.xml packed into 0.8 MB). So the
reading runs in a process of its own, which the server kills once it passes ``Limits.seconds``, and whose
address space is capped at ``Limits.memory`` bytes (a soft RLIMIT_AS: past it an allocation fails, and
the worker answers or dies; the server's own memory does not grow). The caller reads nothing from the
database meanwhile, so no write lock is held (app/transactions.py ``end_read_only_transaction``).

A worker is forked from the server (a few milliseconds, copy-on-write, the readers already imported),
and its memory cap is what the server's address space already was plus ``Limits.memory``. It touches
nothing of the server's (no database connection, no socket) and leaves with ``os._exit``. Not a
forkserver or a spawned interpreter: both import the parent's ``__main__`` again in the worker (the
server's start script). Where there is no fork (Windows), the reading runs in the request's thread,
unbounded: a known limit of a Windows install.

``run(function, *args, limits=...)`` returns what ``function(*args)`` returned, raises the
``DocumentRefused`` it raised, and raises ``OverLimit`` (a ``DocumentRefused`` saying so in Vietnamese)
when the worker ran out of time or memory, or died. ``function`` and its arguments must be picklable:
module-level functions over bytes and plain data.
"""
import multiprocessing
import os
import signal
from dataclasses import dataclass

from . import DocumentRefused

try:
    import resource
except ImportError:  # Windows: no fork either (see the docstring)
    resource = None

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """How long (seconds) and how much memory (bytes of address space) one reading may take."""

    seconds: float = 10.0
    memory: int = 1024 * MB


class OverLimit(DocumentRefused):
    """The worker did not finish within its limits (``reason``: "time" or "memory")."""

    def __init__(self, reason: str):
        self.reason = reason
        what = "quá thời gian cho phép" if reason == "time" else "vượt quá bộ nhớ cho phép"
        super().__init__(f"Không đọc được nội dung tệp trong giới hạn cho phép ({what}).")


def limits_from(config) -> Limits:
    """The limits set in the app's configuration (DOCUMENT_READ_SECONDS, DOCUMENT_READ_MEMORY_MB)."""
    return Limits(seconds=float(config.get("DOCUMENT_READ_SECONDS", 10)),
                  memory=int(float(config.get("DOCUMENT_READ_MEMORY_MB", 1024)) * MB))


CAN_FORK = hasattr(os, "fork")


def _address_space() -> int:
    """The bytes of address space this process uses now (Linux; 0 elsewhere)."""
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _peak_address_space() -> int:
    """The most address space this process has used (Linux; 0 elsewhere)."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmPeak:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


def _cap_memory(memory: int) -> int:
    """A soft limit (a program it starts, LibreOffice, may set its own) ``memory`` above what the
    worker, a copy of the server, already maps; returns where it started from."""
    start = _address_space()
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    soft = start + memory
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
    return start


def _ran_out_of_memory(start: int, memory: int) -> bool:
    """A reader failed after using more than half of its allowance: the cap stopped it (lxml, for
    one, reports a failed allocation as a syntax error, not as MemoryError)."""
    return _peak_address_space() - start > memory // 2


def _work(connection, memory: int, function, args) -> None:
    """In the worker: its own process group (killed with whatever it started), capped, then the reading."""
    os.setsid()
    start = _cap_memory(memory)
    try:
        answer = ("done", function(*args))
    except MemoryError:
        answer = ("memory", None)
    except BaseException as exc:  # noqa: BLE001 - reported to the server, which decides
        if _ran_out_of_memory(start, memory):
            answer = ("memory", None)
        elif isinstance(exc, DocumentRefused):
            answer = ("refused", exc.messages)
        else:
            answer = ("failed", f"{type(exc).__name__}: {exc}")
    try:
        connection.send(answer)
    except MemoryError:
        connection.send(("memory", None))
    connection.close()


def _kill(process) -> None:
    if process.pid is None:
        return
    try:
        os.killpg(process.pid, signal.SIGKILL)  # the worker and what it started (LibreOffice)
    except (ProcessLookupError, PermissionError):
        process.kill()
    process.join(5)


class WorkerFailed(Exception):
    """The reading raised something other than DocumentRefused (a reader's bug on an odd file)."""


def run(function, *args, limits: Limits):
    """``function(*args)`` in a worker within ``limits``; see the module docstring."""
    if not CAN_FORK:
        return function(*args)
    context = multiprocessing.get_context("fork")
    receiving, sending = context.Pipe(duplex=False)
    process = context.Process(target=_work, args=(sending, limits.memory, function, args), daemon=True)
    process.start()
    sending.close()
    try:
        if not receiving.poll(limits.seconds):
            _kill(process)
            raise OverLimit("time")
        try:
            status, value = receiving.recv()
        except (EOFError, OSError):  # it died without answering: killed by the kernel, or crashed
            raise OverLimit("memory") from None
    finally:
        receiving.close()
        process.join(1)
        if process.is_alive():
            _kill(process)
    if status == "done":
        return value
    if status == "memory":
        raise OverLimit("memory")
    if status == "refused":
        raise DocumentRefused(*value)
    raise WorkerFailed(value)
