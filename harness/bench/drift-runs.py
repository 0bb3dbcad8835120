#!/usr/bin/env python3
"""Writes the two results.json of issue 15's diff budget: two nights of 10,000 cells (10 hosts x 20 images x 50
scenarios) whose 20 images (one id each on every host, as pulled from one registry) have 500 dpkg packages each; on
the second night every image moved: its digest, 100 packages upgraded (libc6 among them), 10 added, 10 removed, and
one cell in 20 regressed (PASS -> FAIL). Standard library only; deterministic.

    drift-runs.py OUT_DIR      writes OUT_DIR/night-1/results.json and OUT_DIR/night-2/results.json
"""
import hashlib
import json
import os
import sys

HOSTS, IMAGES, SCENARIOS, PACKAGES = 10, 20, 50, 500
T1, T2 = "2026-11-30T02:00:00Z", "2026-12-01T02:00:00Z"


def digest(seed):
    return "sha256:" + hashlib.sha256(str(seed).encode()).hexdigest()


def inventory(image, night):
    packages = [{"name": "libc6", "version": "2.31-13+deb11u11" if night == 1 else "2.36-9+deb12u14", "arch": "amd64", "source": "glibc"}]
    for p in range(1, PACKAGES):
        name = "pkg%d-%03d" % (image, p)
        if night == 2 and p >= PACKAGES - 10:      # 10 removed ...
            name = "new%d-%03d" % (image, p)         # ... and 10 added
        version = "1.%d-1" % p
        if night == 2 and p < 100:
            version = "1.%d-2" % p                   # 99 more upgraded
        packages.append({"name": name, "version": version, "arch": "amd64", "source": name})
    return {"manager": "dpkg", "packages": packages, "staticBinaries": []}


def night(n, started):
    hosts, images, cells, inventories = [], [], [], {}
    for h in range(HOSTS):
        hosts.append({"host": "host-%02d" % h, "endpoint": "unix:///run/h%02d.sock" % h, "reachable": True, "error": None,
                      "engine": "docker", "engineVersion": "20.10.24", "apiVersion": "1.41", "os": "Debian GNU/Linux 12",
                      "kernel": "6.18", "architecture": "x86_64", "runtime": "runc", "runtimeVersion": "1.1.5",
                      "cgroupVersion": "1", "cgroupDriver": "cgroupfs", "securityOptions": ["name=seccomp,profile=default"],
                      "seccompProfile": "default", "selinux": False, "apparmor": False, "rootless": False, "userns": False,
                      "storageDriver": "overlay2"})
    for i in range(IMAGES):
        image_id = digest(i * 10 + n)
        inventories[image_id] = inventory(i, n)
        for h in range(HOSTS):
            images.append({"image": "image-%02d" % i, "host": "host-%02d" % h, "reference": "registry.test/image-%02d:stable" % i,
                           "imageId": image_id, "digest": image_id, "osRelease": "Debian GNU/Linux 12", "libc": "glibc",
                           "libcVersion": "2.31" if n == 1 else "2.36", "libselinuxVersion": None, "packageManager": "dpkg",
                           "error": None, "sbom": "sbom/image-%02d-%s.cdx.json" % (i, image_id[7:19]), "packageCount": PACKAGES})
    k = 0
    for s in range(SCENARIOS):
        for i in range(IMAGES):
            for h in range(HOSTS):
                k += 1
                status = "FAIL" if n == 2 and k % 20 == 0 else "PASS"
                cells.append({"id": "scenario-%02d/image-%02d@host-%02d" % (s, i, h), "scenario": "scenario-%02d" % s,
                              "image": "image-%02d" % i, "host": "host-%02d" % h, "status": status,
                              "message": None if status == "PASS" else "Expecting actual: \"\" to contain \"x-ok\"",
                              "tags": ["seccomp", "syscalls"] if s % 2 == 0 else ["users"], "startedAt": started,
                              "durationMs": 600, "attempts": 1, "containerId": "c%06d" % k, "digest": digest(i * 10 + n),
                              "reproducer": "docker run --rm --network none registry.test/image-%02d:stable sh -c 'true'" % i,
                              "knownFailure": None, "bug": None, "exitCode": 0 if status == "PASS" else 1,
                              "steps": [{"name": "run", "command": "true", "exitCode": 0 if status == "PASS" else 1,
                                         "durationMs": 500, "timedOut": False, "failure": None,
                                         "stdout": {"text": "ok\n", "droppedBytes": 0}, "stderr": {"text": "", "droppedBytes": 0}}]})
    counts = {s: 0 for s in ["PASS", "FAIL", "ERROR", "SKIP", "XFAIL", "XPASS", "FLAKY"]}
    for c in cells:
        counts[c["status"]] += 1
    return {"schemaVersion": 1,
            "run": {"id": "night-%d" % n, "matrix": "drift-bench", "startedAt": started, "finishedAt": started, "shard": None,
                    "interrupted": False, "plannedCells": [c["id"] for c in cells]},
            "counts": counts, "hosts": hosts, "images": images, "inventories": inventories, "cells": cells, "triage": None}


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    for n, started in ((1, T1), (2, T2)):
        out = os.path.join(sys.argv[1], "night-%d" % n)
        os.makedirs(out, exist_ok=True)
        with open(os.path.join(out, "results.json"), "w") as f:
            json.dump(night(n, started), f)


if __name__ == "__main__":
    main()
