"""Shared by the tests of `xjdata serve` (tests/serve/*.py): a server started on a free loopback port
(or a Unix socket) in a temporary directory, plain HTTP clients on the standard library, and the
"ok / FAIL" lines with the closing "N passed, N failed" every test of this project prints.

The server is started with --port 0 and its port read from the line it prints on standard error;
every request goes to 127.0.0.1 (or ::1, or the Unix socket). Every wait is bounded."""
import atexit
import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

X = os.environ.get("XJDATA") or sys.exit("XJDATA must name the built tool")
ROOT = os.environ.get("XJD_SOURCE_ROOT") or sys.exit("XJD_SOURCE_ROOT must name the source tree")
EX = os.path.join(ROOT, "examples")


class Checks:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, what, cond, detail=""):
        if cond:
            self.passed += 1
            print("ok   - " + what, flush=True)
        else:
            self.failed += 1
            print("FAIL - " + what + (("\n       " + str(detail)[:600]) if detail != "" else ""), flush=True)
        return bool(cond)

    def finish(self):
        print("%d passed, %d failed" % (self.passed, self.failed), flush=True)
        return 0 if self.failed == 0 else 1


class Workdir:
    """A temporary HOME, keys and files; removed at the end."""

    def __init__(self):
        self.path = tempfile.mkdtemp(prefix="xjdata-serve-")
        self.env = dict(os.environ, HOME=os.path.join(self.path, "home"), XDG_CONFIG_HOME=os.path.join(self.path, "cfg"))
        self.env.pop("NO_COLOR", None)
        os.makedirs(self.env["HOME"])

    def file(self, name, data=None, mode=None):
        p = os.path.join(self.path, name)
        if data is not None:
            with open(p, "wb" if isinstance(data, bytes) else "w") as f:
                f.write(data)
        if mode is not None:
            os.chmod(p, mode)
        return p

    def xjdata(self, *args, stdin=None):
        return subprocess.run([X] + list(args), input=stdin, capture_output=True, env=self.env, timeout=120)

    def keygen(self, name):
        p = self.file(name)
        r = self.xjdata("keygen", "--out", p)
        assert r.returncode == 0, r.stderr
        pub = self.xjdata("key", "public", p).stdout.decode().strip()
        return p, pub

    def cleanup(self):
        shutil.rmtree(self.path, ignore_errors=True)


_started = []


@atexit.register
def _kill_leftovers():
    """A test that stops on an exception leaves no server behind."""
    for p in _started:
        if p.poll() is None:
            p.kill()
            p.wait()


class Server:
    """`xjdata serve ARGS` (with --port 0 unless --unix is given), started and waited for."""

    def __init__(self, work, *args, wrap=None, start_timeout=20):
        self.work = work
        argv = [X, "serve"] + list(args)
        if "--unix" not in args and "--port" not in args:
            argv += ["--port", "0"]
        if wrap:
            argv = wrap + argv
        self.errpath = work.file("serve-%d.err" % id(self))
        self.errf = open(self.errpath, "wb")
        self.proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=self.errf,
                                     env=work.env)
        _started.append(self.proc)
        self.port = None
        self.scheme = "http"
        deadline = time.monotonic() + start_timeout
        while time.monotonic() < deadline:
            text = self.stderr()
            m = re.search(r"listening on (https?)://\[?([0-9a-f.:]+)\]?:(\d+)", text)
            if m:
                self.scheme, self.host, self.port = m.group(1), m.group(2), int(m.group(3))
                break
            if "listening on unix:" in text:
                break
            if self.proc.poll() is not None:
                break
            time.sleep(0.02)

    def stderr(self):
        with open(self.errpath, "rb") as f:
            return f.read().decode("utf-8", "replace")

    def alive(self):
        return self.proc.poll() is None

    def conn(self, timeout=10):
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)

    def request(self, method, path, body=None, headers=None, conn=None, timeout=10):
        """(status, headers dict lower-cased, body bytes); a new connection unless one is given."""
        c = conn or self.conn(timeout)
        h = {"Content-Type": "application/json"} if body is not None else {}
        h.update(headers or {})
        if isinstance(body, str):
            body = body.encode("utf-8")
        c.request(method, path, body=body, headers=h)
        r = c.getresponse()
        data = r.read()
        hd = {k.lower(): v for k, v in r.getheaders()}
        if conn is None:
            c.close()
        return r.status, hd, data

    def json(self, method, path, body=None, headers=None, conn=None):
        s, h, d = self.request(method, path, body, headers, conn)
        try:
            return s, json.loads(d)
        except ValueError:
            return s, d

    def signal(self, sig):
        if self.alive():
            os.kill(self.proc.pid, sig)

    def stop(self, timeout=60):
        """SIGTERM; the exit status (None if it had to be killed)."""
        self.signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            return None
        finally:
            self.errf.close()


def example(name):
    with open(os.path.join(EX, "requests", name + ".json"), encoding="utf-8") as f:
        return f.read()


def examples():
    d = os.path.join(EX, "requests")
    return sorted(f[:-5] for f in os.listdir(d) if f.endswith(".json"))


def raw_send(port, data, read_timeout=3.0, host="127.0.0.1"):
    """Sends bytes on a new connection and reads until the server closes it or the time is up."""
    s = socket.create_connection((host, port), timeout=5)
    s.sendall(data)
    s.settimeout(read_timeout)
    out = b""
    try:
        while True:
            b = s.recv(65536)
            if not b:
                break
            out += b
    except (socket.timeout, ConnectionResetError):
        pass
    s.close()
    return out


def metrics(server):
    """The /metrics samples as {'name{labels}': value}."""
    s, h, d = server.request("GET", "/metrics")
    out = {}
    for line in d.decode().splitlines():
        if line and not line.startswith("#"):
            k, v = line.rsplit(" ", 1)
            out[k] = float(v)
    return out
