"""Checks of the SYNTHETIC engine over a real socket, as the harness talks to it: python3 -m unittest harness/bench/test_synthetic_engine.py

Not part of CI (nothing under harness/bench is); run it after changing synthetic-engine.py.
"""

import http.client
import json
import os
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import time
import unittest
from urllib.parse import quote

ENGINE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "synthetic-engine.py")


class UnixConnection(http.client.HTTPConnection):
    def __init__(self, path):
        super().__init__("localhost", timeout=10)
        self.path = path

    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(10)
        self.sock.connect(self.path)


def read_all(sock):
    """Everything until the engine closes the connection (then closed here too)."""
    with sock:
        data = b""
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                return data
            data += chunk


def read_frames(sock):
    """[(stream, payload)] until the engine closes the stream."""
    data = read_all(sock)
    out = []
    while data:
        stream, length = struct.unpack(">BxxxI", data[:8])
        out.append((stream, data[8:8 + length]))
        data = data[8 + length:]
    return out


class SyntheticEngineTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="synth-test.")
        cls.sock = os.path.join(cls.dir, "e.sock")
        cls.proc = subprocess.Popen([sys.executable, ENGINE, "--socket", cls.sock, "--stats", cls.dir + "/stats.json"],
                                    stderr=subprocess.PIPE, text=True)
        for _ in range(100):
            if os.path.exists(cls.sock):
                break
            time.sleep(0.05)
        cls.conn = UnixConnection(cls.sock)  # one keep-alive connection for every plain call, as docker-java pools them

    @classmethod
    def tearDownClass(cls):
        cls.conn.close()
        cls.proc.terminate()
        cls.stderr = cls.proc.communicate(timeout=10)[1]
        shutil.rmtree(cls.dir, ignore_errors=True)

    def call(self, method, path, body=None):
        headers = {"Content-Type": "application/json"} if body is not None else {}
        self.conn.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
        r = self.conn.getresponse()
        data = r.read()
        return r.status, (json.loads(data) if data and r.getheader("Content-Type", "").startswith("application/json") else data)

    def create(self, cmd, labels=None):
        status, body = self.call("POST", "/v1.41/containers/create", {"Image": "synthetic.test/x:1", "Cmd": cmd,
                                                                       "Labels": labels or {}})
        self.assertEqual(201, status)
        return body["Id"]

    def attach(self, cid, upgrade=True):
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.settimeout(10)
        s.connect(self.sock)
        extra = "Upgrade: tcp\r\nConnection: Upgrade\r\n" if upgrade else ""
        s.sendall(("POST /v1.41/containers/%s/attach?stream=1&stdout=1&stderr=1 HTTP/1.1\r\nHost: docker\r\n"
                   "Content-Length: 0\r\n%s\r\n" % (cid, extra)).encode())
        head = b""
        while b"\r\n\r\n" not in head:
            head += s.recv(1)
        self.assertIn(b"101 UPGRADED" if upgrade else b"200 OK", head.split(b"\r\n")[0])
        return s

    def test_ping_version_and_info_answer_with_and_without_an_api_version(self):
        self.assertEqual((200, b"OK"), self.call("GET", "/_ping"))
        self.assertEqual(200, self.call("HEAD", "/v1.41/_ping")[0])
        status, version = self.call("GET", "/v1.43/version")
        self.assertEqual("1.41", version["ApiVersion"])
        self.assertIn("SYNTHETIC", self.call("GET", "/info")[1]["OperatingSystem"])

    def test_the_output_comes_after_start_then_the_stream_ends_and_inspect_or_wait_give_the_exit_code(self):
        cid = self.create(["sh", "-c", "echo hello; echo warn >&2; exit 3"])
        stream = self.attach(cid)
        stream.settimeout(0.3)
        with self.assertRaises(socket.timeout):  # nothing before the start
            stream.recv(1)
        stream.settimeout(10)
        self.assertEqual(204, self.call("POST", "/containers/%s/start" % cid)[0])
        self.assertEqual([(1, b"hello\n"), (2, b"warn\n")], read_frames(stream))
        # The runtime may inspect once the stream has ended instead of waiting: it must see an exited container.
        state = self.call("GET", "/v1.41/containers/%s/json" % cid)[1]["State"]
        self.assertEqual((False, 3, False), (state["Running"], state["ExitCode"], state["OOMKilled"]))
        self.assertEqual({"StatusCode": 3, "Error": None}, self.call("POST", "/containers/%s/wait" % cid)[1])
        self.assertEqual(204, self.call("DELETE", "/containers/%s?force=true&v=true" % cid)[0])
        self.assertEqual(404, self.call("GET", "/containers/%s/json" % cid)[0])

    def test_an_attach_without_upgrade_gets_the_raw_stream_too(self):
        cid = self.create(["echo", "plain", "argv"])
        stream = self.attach(cid, upgrade=False)
        self.call("POST", "/containers/%s/start" % cid)
        self.assertEqual([(1, b"plain argv\n")], read_frames(stream))

    def test_the_image_facts_probe_gets_facts_and_unknown_commands_are_not_found(self):
        probe = "echo \"os=$(sed -n 's/^PRETTY_NAME=//p' /etc/os-release)\"\ngetconf GNU_LIBC_VERSION"
        cid = self.create(["sh", "-c", probe])
        stream = self.attach(cid)
        self.call("POST", "/containers/%s/start" % cid)
        self.assertIn(b"libc=glibc 2.36", read_frames(stream)[0][1])
        cid = self.create(["sh", "-c", "useradd fred"])
        stream = self.attach(cid)
        self.call("POST", "/containers/%s/start" % cid)
        self.assertEqual(2, read_frames(stream)[0][0])
        self.assertEqual(127, self.call("POST", "/containers/%s/wait" % cid)[1]["StatusCode"])

    def test_list_filters_by_label_and_forgets_removed_containers(self):
        a = self.create(["true"], {"crosshost.run": "r1"})
        b = self.create(["true"], {"crosshost.run": "r2"})
        filters = quote(json.dumps({"label": ["crosshost.run=r1"]}))
        ids = [c["Id"] for c in self.call("GET", "/containers/json?all=1&filters=" + filters)[1]]
        self.assertEqual([a], ids)
        any_run = quote(json.dumps({"label": ["crosshost.run"]}))
        self.assertTrue({a, b} <= {c["Id"] for c in self.call("GET", "/containers/json?all=true&filters=" + any_run)[1]})
        self.call("DELETE", "/containers/" + a + "?force=1")
        self.assertEqual([], self.call("GET", "/containers/json?all=1&filters=" + filters)[1])

    def test_execs_run_in_a_kept_alive_container_until_it_is_removed(self):
        cid = self.create(["sh", "-c", "while :; do sleep 3600; done"])
        self.call("POST", "/containers/%s/start" % cid)
        self.assertTrue(self.call("GET", "/containers/%s/json" % cid)[1]["State"]["Running"])
        eid = self.call("POST", "/containers/%s/exec" % cid, {"Cmd": ["sh", "-c", "echo in exec; exit 4"]})[1]["Id"]
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.connect(self.sock)
        s.sendall(("POST /exec/%s/start HTTP/1.1\r\nHost: d\r\nContent-Type: application/json\r\nContent-Length: 2\r\n"
                   "Upgrade: tcp\r\nConnection: Upgrade\r\n\r\n{}" % eid).encode())
        self.assertIn(b"in exec\n", read_all(s))
        self.assertEqual(4, self.call("GET", "/exec/%s/json" % eid)[1]["ExitCode"])
        self.assertEqual(204, self.call("DELETE", "/containers/%s?force=1" % cid)[0])

    def test_an_unknown_path_is_a_404_naming_it(self):
        status, body = self.call("GET", "/v1.41/plugins")
        self.assertEqual(404, status)
        self.assertIn("SYNTHETIC engine: no such API: GET /v1.41/plugins", body["message"])


if __name__ == "__main__":
    unittest.main()
