package io.crosshost.report;

import io.crosshost.result.CapturedOutput;
import io.crosshost.result.CellResult;
import io.crosshost.result.HostFacts;
import io.crosshost.result.ImageFacts;
import io.crosshost.result.RunInfo;
import io.crosshost.result.RunTriage;
import io.crosshost.result.Status;
import io.crosshost.result.StepResult;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Made-up runs for the report tests: every status, hostile output, and runs of any size. */
final class SyntheticResults {

    /** Everything that has broken a report somewhere: markup, CDATA ends, control characters, JS line ends. */
    static final String HOSTILE = "</script><script>alert(1)</script> </textarea><b>bold</b> ]]> --> <!-- "
            + "\u0000nul \u001b[31mred\u001b[0m \u0007bell \u000bvt \u2028ls \u2029ps & &amp; \" ' `tick` | pipe";
    /** What a decoder makes of bytes that are not UTF-8, and half a surrogate pair. */
    static final String NOT_UTF8 = "caf\uFFFD \uFFFD\uFFFD latin1 \uD800 lone high, lone low \uDC00 end";
    static final int MIB = 1024 * 1024;

    static final Instant T0 = Instant.parse("2025-11-20T02:00:00Z");

    private SyntheticResults() {
    }

    static HostFacts host(String name, String engineVersion, String kernel) {
        return new HostFacts(name, "unix:///run/" + name + ".sock", true, null, "docker", engineVersion, "1.41",
                "Debian GNU/Linux 12 (bookworm)", kernel, "x86_64", "runc", "1.1.5", "2", "systemd",
                List.of("name=seccomp,profile=default", "name=cgroupns"), "default", false, true, false, false,
                "overlay2");
    }

    static ImageFacts image(String image, String host, String libcVersion, String digest) {
        return new ImageFacts(image, host, "crosshost.test/" + image, "sha256:" + "a".repeat(64), digest,
                "Debian GNU/Linux " + image.replaceAll("\\D", "") + " (trixie)", "glibc", libcVersion, null, "apt",
                null);
    }

    static String digest(int seed) {
        return "sha256:" + String.format("%064x", seed);
    }

    static CellResult cell(String scenario, String image, String host, Status status, String message,
                           String stdout, String stderr, Instant startedAt) {
        boolean passed = status == Status.PASS || status == Status.XPASS || status == Status.FLAKY;
        Integer exit = status == Status.SKIP || status == Status.ERROR ? null : passed ? 0 : 1;
        List<StepResult> steps = status == Status.SKIP ? List.of() : List.of(
                new StepResult("prepare", "true", 0, CapturedOutput.EMPTY, CapturedOutput.EMPTY,
                        Duration.ofMillis(40), false, null),
                new StepResult("run", "useradd fred && cat /etc/passwd", exit, new CapturedOutput(stdout, 0),
                        new CapturedOutput(stderr, stderr.length() > 100 ? 4096 : 0), Duration.ofMillis(512),
                        false, passed ? null : message));
        boolean known = status == Status.XFAIL || status == Status.XPASS;
        return new CellResult(scenario + "/" + image + "@" + host, scenario, image, host, status, message, steps,
                startedAt, Duration.ofMillis(612), status == Status.FLAKY ? 2 : 1, "c0ffee" + scenario.length(),
                digest(image.hashCode() & 0xffff),
                "docker -H unix:///run/" + host + ".sock run --rm --network none crosshost.test/" + image
                        + " sh -c 'useradd fred && cat /etc/passwd'",
                known ? "faccessat2 gets EPERM under the old seccomp profile" : null,
                known ? "https://bugs.example.org/1234" : null, List.of("smoke", scenario.startsWith("c") ? "libc" : "users"));
    }

    static RunInfo runInfo(String id, Instant startedAt, List<CellResult> cells) {
        return new RunInfo(id, "matrix/nightly.yaml", startedAt, cells.stream().map(CellResult::cellId).toList(),
                null);
    }

    /**
     * A small run with every status at least once, hostile text in messages and outputs, and one 1 MiB stdout:
     * scenarios x {debian-11, debian-13} x {docker, docker-legacy}.
     */
    static RunResults allStatuses() {
        List<String> scenarios = List.of("clone3-threads", "faccessat2-x-bit", "useradd-passwd", "zz-skipped");
        List<String> images = List.of("debian-11", "debian-13");
        List<String> hosts = List.of("docker", "docker-legacy");
        Status[] cycle = Status.values();
        List<CellResult> cells = new ArrayList<>();
        int n = 0;
        for (String scenario : scenarios) {
            for (String host : hosts) {
                for (String image : images) {
                    Status status = cycle[n % cycle.length];
                    String message = switch (status) {
                        case PASS -> null;
                        case SKIP -> "excluded by the matrix: " + HOSTILE;
                        case ERROR -> "host " + host + " did not answer: " + NOT_UTF8;
                        default -> "[useradd-passwd on " + image + " @ " + host + "]\nexpected exit code 0 but was 1\n"
                                + HOSTILE;
                    };
                    String stdout = n == 1 ? "x".repeat(MIB - 3) + "END" : "out " + n + " " + HOSTILE;
                    cells.add(cell(scenario, image, host, status, message, stdout, "err " + NOT_UTF8,
                            T0.plusSeconds(n)));
                    n++;
                }
            }
        }
        List<HostFacts> hostFacts = List.of(host("docker", "20.10.24", "6.1.0-27-amd64"),
                HostFacts.unreachable("docker-legacy", "unix:///run/docker-legacy.sock",
                        "connection refused " + HOSTILE));
        List<ImageFacts> imageFacts = new ArrayList<>();
        for (String host : hosts) {
            for (String image : images) {
                imageFacts.add(image(image, host, image.equals("debian-11") ? "2.31" : "2.41",
                        digest(image.hashCode() & 0xffff)));
            }
        }
        return new RunResults(runInfo("2025-11-20T0200Z-ab12", T0, cells), T0.plusSeconds(90), false, hostFacts,
                imageFacts, cells);
    }

    /** {@code count} cells: 4 hosts x 5 images = 20 columns, and as many scenarios as it takes. */
    static RunResults ofSize(int count) {
        List<String> hosts = List.of("docker", "docker-legacy", "podman", "docker-tls");
        List<String> images = List.of("debian-11", "debian-12", "debian-13", "busybox", "ubi9");
        Status[] statuses = Status.values();
        List<CellResult> cells = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int column = i % 20;
            String scenario = String.format("scenario-%05d", i / 20);
            // Mostly PASS, a sprinkling of everything else, as a real night looks.
            Status status = i % 13 == 0 ? statuses[(i / 13) % statuses.length] : Status.PASS;
            String message = status == Status.PASS ? null : "expected exit code 0 but was 1 (cell " + i + ")";
            cells.add(cell(scenario, images.get(column % 5), hosts.get(column / 5), status, message,
                    "line 1\nline 2 of cell " + i + "\n", "", T0.plusMillis(i)));
        }
        List<HostFacts> hostFacts = hosts.stream().map(h -> host(h, "20.10.24", "6.1.0-27-amd64")).toList();
        List<ImageFacts> imageFacts = new ArrayList<>();
        for (String h : hosts) {
            for (String image : images) {
                imageFacts.add(image(image, h, "2.36", digest(image.hashCode() & 0xffff)));
            }
        }
        return new RunResults(runInfo("synthetic-" + count, T0, cells), T0.plusSeconds(600), false, hostFacts,
                imageFacts, cells);
    }

    /**
     * {@code nights} earlier runs of {@code run}'s cells, oldest first, as a nightly page shows them: mostly today's
     * status, a failure here and there, and a few cells that were not run yet. Many distinct histories make the
     * page's per-cell history bars as costly as a real night's.
     */
    static History historyOf(RunResults run, int nights) {
        List<History.PastRun> runs = new ArrayList<>();
        Map<String, List<Status>> byCell = new HashMap<>();
        List<CellResult> cells = run.cells();
        for (int night = 0; night < nights; night++) {
            Map<String, Status> statuses = new HashMap<>();
            for (int i = 0; i < cells.size(); i++) {
                CellResult cell = cells.get(i);
                Status status = i % 500 == 0 && night < 3 ? null
                        : (i + night) % 89 == 0 ? Status.FAIL : cell.status();
                byCell.computeIfAbsent(cell.cellId(), k -> new ArrayList<>()).add(status);
                if (status != null) {
                    statuses.put(cell.cellId(), status);
                }
            }
            runs.add(new History.PastRun("night-" + night, run.run().startedAt().minus(Duration.ofDays(nights - night)),
                    statuses));
        }
        return new History(runs, byCell);
    }

    /** A copy of {@code run} under another id and start, with the given cells. */
    static RunResults withCells(RunResults run, String id, Instant startedAt, List<CellResult> cells,
                                List<HostFacts> hosts, List<ImageFacts> images) {
        return new RunResults(runInfo(id, startedAt, cells), startedAt.plusSeconds(60), false, hosts, images, cells);
    }

    /**
     * A triage of {@code run}'s unexpected cells as {@code crosshost triage --all} would hand it over: the ERROR cells
     * get an ENGINE verdict of their own (no cause), the others on docker-legacy one seccomp cause (syscall and
     * package named, the ENOSYS profile confirmed, the engine upgrade a suggestion), and the rest one capability cause
     * whose cause, summary and suggestion carry {@code hostile}. Cost as the issue's example: 19 reruns, 8 probe
     * containers, 32.9 s.
     */
    static RunTriage triageOf(RunResults run, String hostile) {
        List<RunTriage.CellVerdict> verdicts = new ArrayList<>();
        List<String> seccomp = new ArrayList<>();
        List<String> caps = new ArrayList<>();
        for (CellResult c : run.unexpected()) {
            if (c.status() == Status.ERROR) {
                verdicts.add(new RunTriage.CellVerdict(c.cellId(), "ENGINE", "the host did not answer; nothing to triage",
                        List.of(), List.of(new RunTriage.Action("start the host's engine and run the cell again", false)),
                        0, 0.4));
            } else if (c.host().equals("docker-legacy")) {
                seccomp.add(c.cellId());
                verdicts.add(new RunTriage.CellVerdict(c.cellId(), "SECCOMP",
                        "the host's seccomp profile answers faccessat2 with EPERM, and this image's glibc uses it",
                        List.of("faccessat2 (EPERM)", "libc6 2.31-13+deb11u11 -> 2.36-9+deb12u14"),
                        List.of(new RunTriage.Action("security_opt: [seccomp=triage/enosys-faccessat2.json] "
                                        + "(ENOSYS instead of EPERM for faccessat2)", true),
                                new RunTriage.Action("upgrade docker-legacy to Docker >= 20.10 "
                                        + "(https://github.com/moby/moby/issues/42680)", false)),
                        7, 12.3));
            } else {
                caps.add(c.cellId());
                verdicts.add(new RunTriage.CellVerdict(c.cellId(), "CAPABILITIES", "mknod needs " + hostile,
                        List.of("CAP_MKNOD"), List.of(new RunTriage.Action("cap_add: [MKNOD]", true),
                        new RunTriage.Action("ask the host's owner " + hostile, false)), 3, 4.1));
            }
        }
        List<RunTriage.Cause> causes = new ArrayList<>();
        if (!seccomp.isEmpty()) {
            causes.add(new RunTriage.Cause("faccessat2 (EPERM) denied by docker-legacy, glibc >= 2.33 in the image",
                    seccomp));
        }
        if (!caps.isEmpty()) {
            causes.add(new RunTriage.Cause("CAP_MKNOD missing on docker " + hostile, caps));
        }
        return new RunTriage(run.run().runId(), verdicts, causes, 19, 8, 32.9);
    }

    static CellResult withStatus(CellResult cell, Status status) {
        return new CellResult(cell.cellId(), cell.scenario(), cell.image(), cell.host(), status, cell.message(),
                cell.steps(), cell.startedAt(), cell.duration(), cell.attempts(), cell.containerId(),
                cell.imageDigest(), cell.reproducer(), cell.knownFailure(), cell.bug(), cell.tags());
    }
}
