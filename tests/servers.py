"""Real servers for tests, on 127.0.0.1 only, started and stopped by the tests themselves.

- :class:`OxigraphServer`: the Oxigraph SPARQL server from PyPI (``oxigraph``), loaded with a
  file before it serves (the server locks its database).
- :class:`ScriptedHTTPServer`: a small HTTP server answering from a script of responses, for
  testing how clients behave when an endpoint refuses, fails, is slow or rate-limits.
- :class:`DroppingProxy`: a TCP proxy in front of a real server that cuts chosen connections
  half-way through the request, as a failing network would.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from tests.conftest import require

START_TIMEOUT = 30.0


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def oxigraph_binary() -> str | None:
    beside = Path(sys.executable).parent / "oxigraph"
    return str(beside) if beside.exists() else shutil.which("oxigraph")


def stop_process(process: subprocess.Popen[bytes] | None, grace: float) -> None:
    """Terminate a server we started; kill it if it has not stopped within ``grace`` seconds."""
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


class OxigraphServer:
    """``oxigraph serve-read-only`` over a store loaded from ``data`` files (TriG, Turtle, ...).

    A rightsgraph build is served from ``graph.trig`` (the named graphs) and ``graph.ttl`` (the
    union, into the default graph), exactly as the local store holds it.
    """

    def __init__(self, data: list[Path] | None, workdir: Path, *, writable: bool = False, union_default_graph: bool = False) -> None:
        binary = oxigraph_binary()
        require(binary is not None, "the Oxigraph server (pip install oxigraph) is not installed")
        assert binary is not None
        self.binary = binary
        self.location = workdir / "oxigraph-db"
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None
        if data:
            files = [arg for path in data for arg in ("--file", str(path))]
            subprocess.run([binary, "load", "--location", str(self.location), *files], check=True, capture_output=True, timeout=120)
        command = [binary, "serve" if writable else "serve-read-only", "--location", str(self.location), "--bind", f"127.0.0.1:{self.port}"]
        if union_default_graph:
            command.append("--union-default-graph")
        self.command = command

    @property
    def query_url(self) -> str:
        return f"{self.base}/query"

    @property
    def update_url(self) -> str:
        return f"{self.base}/update"

    @property
    def store_url(self) -> str:
        return f"{self.base}/store"

    def __enter__(self) -> OxigraphServer:
        self.process = subprocess.Popen(self.command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"oxigraph exited: {self.process.stderr.read().decode() if self.process.stderr else ''}")
            try:
                urllib.request.urlopen(f"{self.query_url}?query=ASK%7B%7D", timeout=2).read()
                return self
            except OSError:
                time.sleep(0.1)
        self.__exit__()
        raise RuntimeError("oxigraph did not start in time")

    def __exit__(self, *exc: object) -> None:
        stop_process(self.process, grace=10)


@dataclass
class Reply:
    """One scripted HTTP answer."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    drop: bool = False
    """Close the connection after sending part of the body."""
    trickle: float = 0.0
    """Send the body one byte at a time, this many seconds apart."""
    trickle_headers: float = 0.0
    """Send the status line and headers one byte at a time, this many seconds apart."""


@dataclass
class Seen:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


class ScriptedHTTPServer:
    """Answers requests with the next :class:`Reply` of a script (the last one repeats)."""

    def __init__(self, script: list[Reply] | Callable[[Seen], Reply]) -> None:
        self.script = script
        self.requests: list[Seen] = []
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/sparql"
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def _answer(self) -> None:
                try:
                    self._reply()
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up first (timeouts are tested on purpose)

            def _reply(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                seen = Seen(self.command, self.path, dict(self.headers), self.rfile.read(length) if length else b"")
                server.requests.append(seen)
                if callable(server.script):
                    reply = server.script(seen)
                else:
                    reply = server.script[min(len(server.requests), len(server.script)) - 1]
                if reply.delay:
                    time.sleep(reply.delay)
                if reply.trickle_headers:
                    fields = {**reply.headers, "Content-Length": str(len(reply.body))}
                    head = f"HTTP/1.0 {reply.status} Slow\r\n" + "".join(f"{k}: {v}\r\n" for k, v in fields.items()) + "\r\n"
                    for byte in head.encode("ascii"):
                        self.wfile.write(bytes([byte]))
                        self.wfile.flush()
                        time.sleep(reply.trickle_headers)
                    self.wfile.write(reply.body)
                    return
                self.send_response(reply.status)
                for key, value in reply.headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(reply.body)))
                self.end_headers()
                if reply.drop:
                    self.wfile.write(reply.body[: len(reply.body) // 2])
                    self.wfile.flush()
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
                if reply.trickle:
                    for index in range(len(reply.body)):
                        self.wfile.write(reply.body[index : index + 1])
                        self.wfile.flush()
                        time.sleep(reply.trickle)
                    return
                self.wfile.write(reply.body)

            do_GET = do_POST = do_PUT = do_DELETE = _answer

        self.httpd = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        # a short poll: shutting down waits for it, and the quick tests start and stop many servers
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def __enter__(self) -> ScriptedHTTPServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class DroppingProxy:
    """Forwards TCP connections to ``port``; connection number N (from 1) is cut when ``cut(N)``.

    A cut connection forwards only the first ``keep`` bytes of the request (headers and part of
    the body) and is then closed on both sides, so the server sees a truncated upload and the
    client a broken connection.
    """

    def __init__(self, port: int, cut: Callable[[int], bool], keep: int = 2000) -> None:
        self.target = port
        self.cut = cut
        self.keep = keep
        self.connections = 0
        self.cuts = 0
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.listener = socket.create_server(("127.0.0.1", self.port))
        self.listener.settimeout(0.2)
        self.running = True
        self.thread = threading.Thread(target=self._accept, daemon=True)

    def _accept(self) -> None:
        while self.running:
            try:
                client, _ = self.listener.accept()
            except (TimeoutError, socket.timeout):
                continue
            except OSError:
                return
            self.connections += 1
            threading.Thread(target=self._serve, args=(client, self.cut(self.connections)), daemon=True).start()

    def _serve(self, client: socket.socket, cut: bool) -> None:
        upstream = socket.create_connection(("127.0.0.1", self.target), timeout=30)
        if cut:
            self.cuts += 1
            received = b""
            client.settimeout(0.5)
            try:
                while len(received) < self.keep:
                    part = client.recv(self.keep - len(received))
                    if not part:
                        break
                    received += part
            except (TimeoutError, socket.timeout):
                pass  # a request shorter than ``keep``: it is forwarded whole, the answer is cut
            try:
                upstream.sendall(received)
            finally:
                for end in (client, upstream):
                    try:
                        end.shutdown(socket.SHUT_RDWR)
                    except OSError:
                        pass
                    end.close()
            return

        def pipe(source: socket.socket, sink: socket.socket) -> None:
            try:
                while part := source.recv(65536):
                    sink.sendall(part)
            except OSError:
                pass
            finally:
                try:
                    sink.shutdown(socket.SHUT_WR)
                except OSError:
                    pass

        back = threading.Thread(target=pipe, args=(upstream, client), daemon=True)
        back.start()
        pipe(client, upstream)
        back.join(timeout=60)
        client.close()
        upstream.close()

    def __enter__(self) -> DroppingProxy:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.running = False
        self.thread.join(timeout=5)
        self.listener.close()


VIRTUOSO_INI = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0
[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
DisableTcpSocket = 0
MaxClientConnections = 10
CheckpointInterval = 60
CaseMode = 2
DirsAllowed = ., {dir}
NumberOfBuffers = {buffers}
MaxDirtyBuffers = {dirty_buffers}
ThreadsPerQuery = 2
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {dir}
MaxClientConnections = 10
ServerThreads = 10
Charset = UTF-8
[SPARQL]
ResultSetMaxRows = {max_rows}
MaxQueryExecutionTime = {max_seconds}
MaxQueryCostEstimationTime = 400
"""


def virtuoso_binaries() -> tuple[str | None, str | None]:
    return shutil.which("virtuoso-t"), shutil.which("isql-vt") or shutil.which("isql")


class VirtuosoServer:
    """Virtuoso (Debian ``virtuoso-opensource-7``) with its own config, on 127.0.0.1 only.

    Its SPARQL endpoint caps results at 10,000 rows (as a stock install does), and the test
    instance lets the anonymous SPARQL user write, so pushes need no credentials.
    """

    def __init__(self, workdir: Path, *, buffers: int = 10_000, max_rows: int = 10_000, max_seconds: int = 60, allowed: tuple[Path, ...] = ()) -> None:
        """``buffers``: 8 KiB pages of cache; ``max_rows``: the endpoint's silent row cap;
        ``max_seconds``: its query time limit (0: none); ``allowed``: folders its bulk loader may read."""
        server, isql = virtuoso_binaries()
        require(server is not None and isql is not None, "Virtuoso is not installed (Debian package 'virtuoso-opensource-7')")
        assert server is not None and isql is not None
        self.server, self.isql = server, isql
        self.dir = workdir / "virtuoso"
        self.dir.mkdir(parents=True, exist_ok=True)
        self.sql_port, self.http_port = free_port(), free_port()
        settings = VIRTUOSO_INI.format(
            dir=self.dir, sql_port=self.sql_port, http_port=self.http_port, buffers=buffers, dirty_buffers=buffers * 3 // 5,
            max_rows=max_rows, max_seconds=max_seconds,
        )
        settings = settings.replace(f"DirsAllowed = ., {self.dir}", ", ".join(["DirsAllowed = .", str(self.dir), *map(str, allowed)]))
        (self.dir / "virtuoso.ini").write_text(settings, encoding="utf-8")
        self.base = f"http://127.0.0.1:{self.http_port}"
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def query_url(self) -> str:
        return f"{self.base}/sparql"

    update_url = query_url

    @property
    def store_url(self) -> str:
        return f"{self.base}/sparql-graph-crud"

    def __enter__(self) -> VirtuosoServer:
        self.process = subprocess.Popen(
            [self.server, "+foreground", "+configfile", str(self.dir / "virtuoso.ini")],
            cwd=self.dir, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                log = (self.dir / "virtuoso.log").read_text(errors="replace")[-2000:] if (self.dir / "virtuoso.log").exists() else ""
                raise RuntimeError(f"virtuoso exited: {log}")
            try:
                urllib.request.urlopen(f"{self.query_url}?query=ASK%7B%7D", timeout=2).read()
                break
            except OSError:
                time.sleep(0.3)
        else:
            self.__exit__()
            raise RuntimeError("virtuoso did not start in time")
        self.sql('GRANT ALL PRIVILEGES TO "SPARQL"; DB.DBA.RDF_DEFAULT_USER_PERMS_SET (\'nobody\', 7);', timeout=60)
        return self

    def sql(self, statements: str, timeout: float = 3600) -> str:
        """Run SQL (and ``SPARQL ...`` statements) through isql; the output, or an error."""
        done = subprocess.run([self.isql, str(self.sql_port), "dba", "dba", f"exec={statements}"], capture_output=True, timeout=timeout, text=True)
        if done.returncode != 0 or "*** Error" in done.stdout + done.stderr:
            raise RuntimeError(f"virtuoso: {(done.stdout + done.stderr).strip()[-2000:]}")
        return done.stdout

    def __exit__(self, *exc: object) -> None:
        stop_process(self.process, grace=20)
