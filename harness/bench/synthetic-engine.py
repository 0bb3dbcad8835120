#!/usr/bin/env python3
"""A SYNTHETIC Docker Engine API for measuring Crosshost's own costs: it runs nothing.

It answers, on one or more Unix sockets, exactly the calls that `crosshost run` makes for a host and a cell, at
once and in memory: ping, version, info, image inspect (and pull), container create, attach, start, wait,
inspect, kill, stats, list, delete, and exec create/start/inspect for `isolation: shared` scenarios. Each socket
is a host of its own: its own containers, so one host's clean-up never sees another's.

A "container" prints what its command says, without running it: a tiny, deterministic reading of the shell
script (see `synthetic_run`), so that a scenario's expectations can pass or fail on purpose. The image facts probe
of the harness gets plausible facts. Anything else is answered 404 and logged on stderr, so a harness that starts
calling something new is seen at once.

Python 3 standard library only. Usage:
    synthetic-engine.py --socket /tmp/x/h1.sock [--socket /tmp/x/h2.sock ...]
SIGTERM or SIGINT stops it; it then prints how many requests of each kind it served.
"""

import argparse
import hashlib
import json
import os
import re
import shlex
import signal
import socketserver
import struct
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qs, unquote, urlsplit

LABEL = "SYNTHETIC"
API_VERSION = "1.41"
ENGINE_VERSION = "24.0.0-synthetic"
# How long an attach waits for its container's start before it gives up: the harness starts a container right
# after attaching, so this only matters when a client dies between the two.
START_WAIT_S = 60
# What the harness's image facts probe prints on a small Debian image, minus what a fake image cannot have.
IMAGE_FACTS = "os=SYNTHETIC Linux 1 (no containers)\nlibc=glibc 2.36\npm=dpkg\nselinux=3.4-1+b6\n"
STREAM_STDOUT = 1
STREAM_STDERR = 2


def synthetic_run(argv):
    """(exit code, stdout bytes, stderr bytes, keeps running) for a command, without running anything.

    `sh -c SCRIPT` is read as commands separated by newlines, `;` and `&&`: `echo WORDS` prints them (`>&2` sends
    them to stderr), `exit N` ends with N, `true` and `false` are themselves, `sleep` takes no time. Anything
    else is "not found" (127), as a shell would say, so a scenario written for a real engine fails here visibly
    instead of passing on nothing. The harness's keep-alive command (`while :; do sleep 3600; done`) keeps the
    container running until it is killed or removed.
    """
    if len(argv) >= 3 and argv[0] == "sh" and argv[1] == "-c":
        script = argv[2]
    elif argv:
        script = " ".join(shlex.quote(a) for a in argv)
    else:
        return 0, b"", b"", False
    if "GNU_LIBC_VERSION" in script and "os-release" in script:
        return 0, IMAGE_FACTS.encode(), b"", False
    if script.startswith("while :; do sleep"):
        return 0, b"", b"", True
    out, err = [], []
    for command in re.split(r"\n|;|&&", script):
        try:
            words = shlex.split(command)
        except ValueError:
            return 2, b"".join(out), b"".join(err) + b"sh: syntax error (" + LABEL.encode() + b" engine)\n", False
        if not words:
            continue
        to_stderr = words[-1] == ">&2" or (words and words[0] == ">&2")
        words = [w for w in words if w != ">&2"]
        name, args = words[0], words[1:]
        if name == "echo":
            (err if to_stderr else out).append((" ".join(args) + "\n").encode())
        elif name == "exit":
            code = int(args[0]) if args and args[0].isdigit() else 0
            return code, b"".join(out), b"".join(err), False
        elif name in ("true", "sleep", ":"):
            continue
        elif name == "false":
            return 1, b"".join(out), b"".join(err), False
        else:
            err.append(("sh: " + name + ": not found (the " + LABEL + " engine runs only echo, exit, true, false)\n").encode())
            return 127, b"".join(out), b"".join(err), False
    return 0, b"".join(out), b"".join(err), False


def frames(stream, payload):
    """Docker's multiplexed stream: an 8-byte header (stream, 0, 0, 0, big-endian length), then the payload."""
    return struct.pack(">BxxxI", stream, len(payload)) + payload if payload else b""


class Container:
    def __init__(self, cid, name, image, cmd, labels):
        self.id = cid
        self.name = name
        self.image = image
        self.cmd = cmd
        self.labels = labels
        self.created = time.time()
        self.started = threading.Event()
        self.exited = threading.Event()
        self.exit_code = 0
        self.stdout = b""
        self.stderr = b""
        self.keeps_running = False

    def start(self):
        code, out, err, forever = synthetic_run(self.cmd)
        self.exit_code, self.stdout, self.stderr, self.keeps_running = code, out, err, forever
        self.started.set()
        if not forever:
            self.exited.set()

    def stop(self, code):
        if not self.exited.is_set():
            self.exit_code = code
        self.started.set()
        self.exited.set()

    def state(self):
        running = self.started.is_set() and not self.exited.is_set()
        status = "running" if running else ("exited" if self.started.is_set() else "created")
        return {"Status": status, "Running": running, "Paused": False, "Restarting": False, "OOMKilled": False,
                "Dead": False, "Pid": 4242 if running else 0, "ExitCode": self.exit_code if self.exited.is_set() else 0,
                "Error": "", "StartedAt": "2025-01-01T00:00:00Z", "FinishedAt": "2025-01-01T00:00:00Z"}


class Host:
    """One socket's engine: its containers and execs."""

    def __init__(self, socket_path):
        self.socket = socket_path
        self.lock = threading.Lock()
        self.containers = {}
        self.execs = {}
        self.serial = 0

    def new_id(self):
        with self.lock:
            self.serial += 1
            return hashlib.sha256(("%s#%d" % (self.socket, self.serial)).encode()).hexdigest()


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.counts = {}

    def count(self, key):
        with self.lock:
            self.counts[key] = self.counts.get(key, 0) + 1


STATS = Stats()
PREFIX = re.compile(r"^/v\d+(\.\d+)?(?=/)")
IMAGE_PATH = re.compile(r"^/images/(.+)/json$")
CONTAINER_PATH = re.compile(r"^/containers/([^/]+)(?:/([a-z]+))?$")
EXEC_PATH = re.compile(r"^/exec/([^/]+)/(start|json|resize)$")


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as docker-java's pooled connections expect
    server_version = "Docker/" + ENGINE_VERSION
    sys_version = ""

    def version_string(self):
        return self.server_version

    def log_message(self, fmt, *args):  # one line per request would cost more than the request
        pass

    def address_string(self):  # a Unix socket has no peer address
        return self.server.host.socket

    @property
    def host(self):
        return self.server.host

    # --- plumbing -------------------------------------------------------------------------------------------

    def body(self):
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            data = b""
            while True:
                size = int(self.rfile.readline().strip().split(b";")[0], 16)
                if size == 0:
                    self.rfile.readline()
                    return data
                data += self.rfile.read(size)
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def send(self, status, payload=None, content_type="application/json", head=False):
        data = b"" if payload is None else (payload if isinstance(payload, bytes) else json.dumps(payload).encode())
        self.send_response(status)
        self.send_header("Api-Version", API_VERSION)
        self.send_header("Ostype", "linux")
        if status != 204:
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if data and not head:
            self.wfile.write(data)

    def error(self, status, message):
        self.send(status, {"message": message})

    def hijack(self):
        """Takes the connection over for a raw stream, as dockerd does for attach and exec start."""
        if self.headers.get("Upgrade", "").lower() == "tcp":
            head = ("HTTP/1.1 101 UPGRADED\r\nContent-Type: application/vnd.docker.raw-stream\r\n"
                    "Connection: Upgrade\r\nUpgrade: tcp\r\nApi-Version: " + API_VERSION + "\r\n\r\n")
        else:
            head = "HTTP/1.1 200 OK\r\nContent-Type: application/vnd.docker.raw-stream\r\nApi-Version: " + API_VERSION + "\r\n\r\n"
        self.wfile.write(head.encode())
        self.wfile.flush()
        # The stream ends when the connection closes: this connection is never reused.
        self.close_connection = True

    # --- routing --------------------------------------------------------------------------------------------

    def do_HEAD(self):
        self.route("HEAD")

    def do_GET(self):
        self.route("GET")

    def do_POST(self):
        self.route("POST")

    def do_DELETE(self):
        self.route("DELETE")

    def route(self, method):
        url = urlsplit(self.path)
        path = PREFIX.sub("", url.path)
        query = parse_qs(url.query)
        body = self.body() if method in ("POST", "DELETE") else b""
        if path == "/_ping":
            STATS.count("ping")
            return self.send(200, b"OK", "text/plain; charset=utf-8", head=(method == "HEAD"))
        if method == "GET" and path == "/version":
            STATS.count("version")
            return self.send(200, version())
        if method == "GET" and path == "/info":
            STATS.count("info")
            return self.send(200, info(len(self.host.containers)))
        if method == "POST" and path == "/images/create":
            STATS.count("image pull")
            ref = (query.get("fromImage") or ["?"])[0]
            return self.send(200, json.dumps({"status": "%s: image is up to date (%s)" % (ref, LABEL)}).encode() + b"\n")
        m = IMAGE_PATH.match(path)
        if m and method == "GET":
            STATS.count("image inspect")
            return self.send(200, image(unquote(m.group(1))))
        if method == "GET" and path == "/containers/json":
            STATS.count("container list")
            return self.send(200, self.list_containers(query))
        if method == "POST" and path == "/containers/create":
            STATS.count("container create")
            return self.create(query, body)
        m = CONTAINER_PATH.match(path)
        if m:
            return self.container(method, unquote(m.group(1)), m.group(2), query, body)
        m = EXEC_PATH.match(path)
        if m:
            return self.exec_call(method, m.group(1), m.group(2))
        self.unknown(method)

    def unknown(self, method):
        STATS.count("unknown")
        sys.stderr.write("%s engine: no such API: %s %s (answered 404)\n" % (LABEL, method, self.path))
        sys.stderr.flush()
        self.error(404, "%s engine: no such API: %s %s" % (LABEL, method, self.path))

    # --- containers -----------------------------------------------------------------------------------------

    def create(self, query, body):
        spec = json.loads(body or b"{}")
        cid = self.host.new_id()
        name = (query.get("name") or ["synthetic_" + cid[:12]])[0]
        c = Container(cid, name, spec.get("Image", ""), spec.get("Cmd") or [], spec.get("Labels") or {})
        with self.host.lock:
            self.host.containers[cid] = c
        self.send(201, {"Id": cid, "Warnings": []})

    def find(self, ref):
        with self.host.lock:
            c = self.host.containers.get(ref)
            if c is None:
                matches = [x for x in self.host.containers.values() if x.id.startswith(ref) or x.name == ref]
                c = matches[0] if len(matches) == 1 else None
        return c

    def container(self, method, ref, action, query, body):
        c = self.find(ref)
        key = "container " + {"json": "inspect", None: "delete" if method == "DELETE" else method}.get(action, action)
        STATS.count(key)
        if c is None:
            return self.error(404, "No such container: " + ref)
        if method == "GET" and action == "json":
            return self.send(200, inspect(c))
        if method == "DELETE" and action is None:
            if c.started.is_set() and not c.exited.is_set() and (query.get("force") or ["0"])[0] not in ("1", "true"):
                return self.error(409, "You cannot remove a running container %s. Stop the container before attempting "
                                       "removal or force remove" % c.id)
            with self.host.lock:
                self.host.containers.pop(c.id, None)
            c.stop(137)  # ends an attach or wait still pending on it
            return self.send(204)
        if method == "POST" and action == "start":
            if c.started.is_set():
                return self.send(304)
            c.start()
            return self.send(204)
        if method == "POST" and action == "attach":
            return self.attach(c)
        if method == "POST" and action == "wait":
            c.exited.wait()
            return self.send(200, {"StatusCode": c.exit_code, "Error": None})
        if method == "POST" and action in ("kill", "stop"):
            c.stop(137)
            return self.send(204)
        if method == "GET" and action == "stats":
            return self.send(200, {"read": "2025-01-01T00:00:00Z", "pids_stats": {"current": 1, "limit": 1024},
                                   "memory_stats": {"usage": 1 << 20}, "cpu_stats": {}, "precpu_stats": {}})
        if method == "POST" and action == "exec":
            spec = json.loads(body or b"{}")
            eid = self.host.new_id()
            with self.host.lock:
                self.host.execs[eid] = {"container": c.id, "cmd": spec.get("Cmd") or [], "exit": None}
            return self.send(201, {"Id": eid})
        self.unknown(method)

    def attach(self, c):
        self.hijack()
        # Output exists only once the container has started: the harness attaches first, then starts.
        if not c.started.wait(START_WAIT_S):
            return
        if c.keeps_running:
            c.exited.wait()
            return
        self.wfile.write(frames(STREAM_STDOUT, c.stdout) + frames(STREAM_STDERR, c.stderr))
        self.wfile.flush()

    def exec_call(self, method, eid, action):
        STATS.count("exec " + action)
        with self.host.lock:
            e = self.host.execs.get(eid)
        if e is None:
            return self.error(404, "No such exec instance: " + eid)
        if method == "POST" and action == "start":
            code, out, err, _ = synthetic_run(e["cmd"])
            e["exit"] = code
            self.hijack()
            self.wfile.write(frames(STREAM_STDOUT, out) + frames(STREAM_STDERR, err))
            self.wfile.flush()
            return
        if method == "GET" and action == "json":
            done = e["exit"] is not None
            return self.send(200, {"ID": eid, "Running": False, "ExitCode": e["exit"] if done else 0,
                                   "ContainerID": e["container"], "ProcessConfig": {"entrypoint": "sh", "arguments": []}})
        if method == "POST" and action == "resize":
            return self.send(200)
        self.unknown(method)

    def list_containers(self, query):
        wanted = label_filters(query)
        show_all = (query.get("all") or ["0"])[0] in ("1", "true")
        with self.host.lock:
            containers = list(self.host.containers.values())
        listed = []
        for c in containers:
            if not show_all and not (c.started.is_set() and not c.exited.is_set()):
                continue
            if not all((k in c.labels) if v is None else c.labels.get(k) == v for k, v in wanted):
                continue
            listed.append({"Id": c.id, "Names": ["/" + c.name], "Image": c.image, "ImageID": image_id(c.image),
                           "Command": " ".join(c.cmd), "Created": int(c.created), "Labels": c.labels,
                           "State": c.state()["Status"], "Status": LABEL})
        return listed


def label_filters(query):
    """[(key, value or None)] from ?filters={"label": [...]} (or the older {"label": {"k=v": true}})."""
    raw = (query.get("filters") or ["{}"])[0]
    labels = json.loads(raw).get("label", [])
    if isinstance(labels, dict):
        labels = [k for k, v in labels.items() if v]
    return [tuple(item.split("=", 1)) if "=" in item else (item, None) for item in labels]


def image_id(ref):
    return "sha256:" + hashlib.sha256(ref.encode()).hexdigest()


def image(ref):
    return {"Id": image_id(ref), "RepoTags": [ref], "RepoDigests": [], "Created": "2025-01-01T00:00:00Z",
            "Os": "linux", "Architecture": "amd64", "Size": 1 << 20, "VirtualSize": 1 << 20,
            "Config": {"Cmd": ["sh"], "Env": ["PATH=/usr/bin:/bin"], "Labels": {"synthetic": "true"}},
            "RootFS": {"Type": "layers", "Layers": []}, "Comment": LABEL + " image: no content"}


def inspect(c):
    return {"Id": c.id, "Name": "/" + c.name, "Image": image_id(c.image), "Created": "2025-01-01T00:00:00Z",
            "Path": c.cmd[0] if c.cmd else "", "Args": c.cmd[1:], "State": c.state(), "RestartCount": 0,
            "Config": {"Image": c.image, "Cmd": c.cmd, "Labels": c.labels, "Env": []},
            "HostConfig": {"NetworkMode": "none", "LogConfig": {"Type": "none", "Config": {}}},
            "Mounts": [], "NetworkSettings": {"Networks": {}}}


def version():
    return {"Platform": {"Name": "Docker Engine - " + LABEL}, "Version": ENGINE_VERSION, "ApiVersion": API_VERSION,
            "MinAPIVersion": "1.12", "GitCommit": "synthetic", "GoVersion": "none", "Os": "linux", "Arch": "amd64",
            "KernelVersion": "0.0.0-" + LABEL, "BuildTime": "2025-01-01T00:00:00Z",
            "Components": [
                {"Name": "Engine", "Version": ENGINE_VERSION, "Details": {"ApiVersion": API_VERSION, "Os": "linux"}},
                {"Name": "runc", "Version": "1.1.12-" + LABEL, "Details": {"GitCommit": "synthetic"}}]}


def info(containers):
    return {"ID": LABEL, "Containers": containers, "ContainersRunning": 0, "Images": 1, "Driver": "synthetic",
            "OperatingSystem": LABEL + " engine (harness costs only, no containers)", "OSType": "linux",
            "KernelVersion": "0.0.0-" + LABEL, "Architecture": "x86_64", "NCPU": os.cpu_count(), "MemTotal": 1 << 30,
            "Name": "synthetic", "ServerVersion": ENGINE_VERSION, "CgroupDriver": "none", "CgroupVersion": "2",
            "DefaultRuntime": "runc", "Runtimes": {"runc": {"path": "runc"}},
            "SecurityOptions": ["name=seccomp,profile=default", "name=cgroupns"], "Labels": ["synthetic=true"]}


class Server(socketserver.ThreadingUnixStreamServer):
    daemon_threads = True  # a stop must not wait for pooled keep-alive connections
    request_queue_size = 128

    def __init__(self, path):
        if os.path.exists(path):
            os.unlink(path)
        self.host = Host(path)
        super().__init__(path, Handler)


def main():
    parser = argparse.ArgumentParser(description="A " + LABEL + " Docker Engine API that runs no container.")
    parser.add_argument("--socket", action="append", required=True, help="a Unix socket to serve (repeatable)")
    parser.add_argument("--stats", help="where to write, at exit, the count of requests served by kind (JSON)")
    args = parser.parse_args()
    servers = [Server(path) for path in args.socket]
    for s in servers:
        threading.Thread(target=s.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True).start()
    sys.stderr.write("%s Docker Engine API (runs no container) on %s\n" % (LABEL, ", ".join(args.socket)))
    sys.stderr.flush()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    while not stop.wait(1):
        pass
    for s in servers:
        s.shutdown()
        s.server_close()
        if os.path.exists(s.server_address):
            os.unlink(s.server_address)
    served = dict(sorted(STATS.counts.items()))
    if args.stats:
        with open(args.stats, "w") as f:
            json.dump({"synthetic": True, "requests": served}, f)
    sys.stderr.write("%s engine served: %s\n" % (LABEL, json.dumps(served)))
    sys.stderr.flush()


if __name__ == "__main__":
    main()
