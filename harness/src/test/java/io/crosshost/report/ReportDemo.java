package io.crosshost.report;

import io.crosshost.result.CapturedOutput;
import io.crosshost.result.CellResult;
import io.crosshost.result.HostFacts;
import io.crosshost.result.ImageFacts;
import io.crosshost.result.RunInfo;
import io.crosshost.result.RunTriage;
import io.crosshost.result.Status;
import io.crosshost.result.StepResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Not a check, and named so that no test run picks it up: writes a realistic lab night (and a 10,000-cell run) under {@code -Dcrosshost.demoDir=DIR}, to look
 * at the pages in a browser. {@code mvn -pl harness test -Dtest=ReportDemo -Dcrosshost.demoDir=/tmp/demo}
 */
@EnabledIfSystemProperty(named = "crosshost.demoDir", matches = ".+")
class ReportDemo {

    private static final List<String> HOSTS = List.of("docker", "docker-legacy", "podman");
    private static final List<String> IMAGES = List.of("debian-11", "debian-12", "debian-13", "busybox");
    private static final List<String> SCENARIOS = List.of("apt-post-invoke", "bash-x-bin-sh", "clone3-pthread",
            "date-utc", "faccessat2-test-x", "make-shell", "useradd-passwd", "whoami-root");

    @Test
    void writeDemo() throws Exception {
        Path root = Path.of(System.getProperty("crosshost.demoDir"), "reports");
        Instant start = Instant.parse("2025-11-20T02:00:00Z");
        for (int night = 0; night < 4; night++) {
            Path baseline = night == 0 ? null : root.resolve("night-" + (night - 1)).resolve("results.json");
            Instant at = start.plus(Duration.ofDays(night));
            ReportListener listener = new ReportListener(root, baseline, ReportListener.DEFAULT_HISTORY_DEPTH,
                    Clock.fixed(at.plusSeconds(74), ZoneOffset.UTC));
            night(listener, "night-" + night, at, night);
        }
        // The last night triaged afterwards, as `crosshost run --triage` does it: the triage file, then the reports
        // written again with it.
        Path last = root.resolve("night-3");
        RunTriageFile.write(last, labTriage("night-3"));
        Reports.rewrite(last, root.resolve("night-2"));
        RunResults hostile = SyntheticResults.allStatuses();
        ReportListener bad = new ReportListener(Path.of(System.getProperty("crosshost.demoDir"), "hostile"));
        bad.runStarted(hostile.run());
        hostile.hosts().forEach(bad::hostFacts);
        hostile.images().forEach(bad::imageFacts);
        hostile.cells().forEach(bad::cellFinished);
        bad.runFinished(hostile.run(), false);
        Path badRun = bad.runDirectory();
        RunTriageFile.write(badRun, SyntheticResults.triageOf(hostile, SyntheticResults.HOSTILE));
        Reports.rewrite(badRun);
        ReportListener big = new ReportListener(Path.of(System.getProperty("crosshost.demoDir"), "big"),
                null, 0, Clock.fixed(Instant.parse("2025-11-20T02:10:00Z"), ZoneOffset.UTC));
        RunResults run = SyntheticResults.ofSize(10_000);
        big.runStarted(run.run());
        run.hosts().forEach(big::hostFacts);
        run.images().forEach(big::imageFacts);
        run.cells().forEach(big::cellFinished);
        big.runFinished(run.run(), false);
    }

    private static void night(ReportListener listener, String id, Instant start, int night) {
        List<String> planned = new ArrayList<>();
        SCENARIOS.forEach(s -> IMAGES.forEach(i -> HOSTS.forEach(h -> planned.add(s + "/" + i + "@" + h))));
        RunInfo run = new RunInfo(id, "matrix/lab.yaml", start, planned, null);
        listener.runStarted(run);
        boolean legacyOld = night >= 2; // the night the legacy host's seccomp profile went back to pre-20.10
        listener.hostFacts(new HostFacts("docker", "unix:///var/run/docker.sock", true, null, "Docker", "20.10.24",
                "1.41", "Debian GNU/Linux 12 (bookworm)", "6.1.0-27-amd64", "x86_64", "runc", "1.1.5", "2",
                "systemd", List.of("name=seccomp,profile=builtin", "name=cgroupns"), "builtin", false, true, false,
                false, "overlay2"));
        listener.hostFacts(new HostFacts("docker-legacy", "unix:///run/docker-legacy.sock", true, null, "Docker",
                legacyOld ? "19.03.15" : "20.10.24", "1.40", "Debian GNU/Linux 12 (bookworm)", "6.1.0-27-amd64",
                "x86_64", "runc", legacyOld ? "1.0.0-rc10" : "1.1.5", "2", "systemd",
                List.of("name=seccomp,profile=/etc/docker/seccomp-pre-20.10.json"),
                legacyOld ? "pre-20.10 (EPERM)" : "builtin", false, true, false, false, "overlay2"));
        listener.hostFacts(new HostFacts("podman", "unix:///run/podman/podman.sock", true, null, "Podman", "4.3.1",
                "1.41", "Debian GNU/Linux 12 (bookworm)", "6.1.0-27-amd64", "x86_64", "crun", "1.8.1", "2",
                "systemd", List.of("name=seccomp,profile=default", "name=rootless=false"), "default", false, true,
                false, false, "overlay"));
        for (String host : HOSTS) {
            for (String image : IMAGES) {
                String libc = image.equals("busybox") ? "musl" : "glibc";
                String version = switch (image) {
                    case "debian-11" -> "2.31";
                    case "debian-12" -> "2.36";
                    case "debian-13" -> night >= 3 ? "2.41-12" : "2.41-11";
                    default -> "1.36.1";
                };
                String os = switch (image) {
                    case "debian-11" -> "Debian GNU/Linux 11 (bullseye)";
                    case "debian-12" -> "Debian GNU/Linux 12 (bookworm)";
                    case "debian-13" -> "Debian GNU/Linux 13 (trixie)";
                    default -> "BusyBox v1.36.1 static";
                };
                listener.imageFacts(new ImageFacts(image, host, "crosshost.test/" + image + ":latest",
                        "sha256:" + digest(image, night).substring(20), digest(image, night), os, libc,
                        version, image.startsWith("debian") ? "3.4" : null, image.startsWith("debian") ? "apt" : null,
                        null));
            }
        }
        int n = 0;
        for (String scenario : SCENARIOS) {
            for (String image : IMAGES) {
                for (String host : HOSTS) {
                    listener.cellFinished(cell(scenario, image, host, start.plusMillis(700L * n++), night, legacyOld));
                }
            }
        }
        listener.runFinished(run, false);
    }

    /** What `crosshost triage --all` says of night 3's unexpected cells, with the issue's example cost. */
    private static RunTriage labTriage(String runId) {
        String libc = "libc6 2.31-13+deb11u11 -> 2.41-12";
        RunTriage.Action enosys = new RunTriage.Action("security_opt: [seccomp=triage/docker-legacy-enosys.json]: "
                + "the host's profile with ENOSYS instead of EPERM for the calls named (what Docker 20.10 adopted)",
                true);
        RunTriage.Action upgrade = new RunTriage.Action("the fix belongs to the host: Docker >= 20.10 on docker-legacy "
                + "(https://github.com/moby/moby/issues/42680)", false);
        List<RunTriage.CellVerdict> cells = List.of(
                new RunTriage.CellVerdict("bash-x-bin-sh/debian-13@docker-legacy", "SECCOMP",
                        "docker-legacy's seccomp profile answers faccessat2 with EPERM; glibc 2.41 in the image calls it "
                                + "and takes EPERM for 'not executable'",
                        List.of("faccessat2 (EPERM)", libc), List.of(enosys, upgrade), 9, 14.2),
                new RunTriage.CellVerdict("make-shell/debian-13@docker-legacy", "SECCOMP",
                        "docker-legacy's seccomp profile answers faccessat2 with EPERM; make's check of /bin/sh fails",
                        List.of("faccessat2 (EPERM)", libc), List.of(enosys, upgrade), 4, 5.1),
                new RunTriage.CellVerdict("clone3-pthread/debian-13@docker-legacy", "SECCOMP",
                        "docker-legacy's seccomp profile answers clone3 with EPERM; glibc >= 2.34 does not fall back",
                        List.of("clone3 (EPERM)", libc), List.of(enosys, upgrade), 5, 9.8),
                new RunTriage.CellVerdict("useradd-passwd/debian-11@podman", "ENGINE",
                        "the container could not be created: podman's default rlimits fail as root here",
                        List.of(), List.of(new RunTriage.Action("default_ulimits = [\"nofile=20000:20000\", "
                                + "\"nproc=32768:32768\"] in /etc/containers/containers.conf", false)), 1, 0.9));
        List<RunTriage.Cause> causes = List.of(
                new RunTriage.Cause("faccessat2 (EPERM) denied by docker-legacy, glibc >= 2.33 in the image",
                        List.of("bash-x-bin-sh/debian-13@docker-legacy", "make-shell/debian-13@docker-legacy")),
                new RunTriage.Cause("clone3 (EPERM) denied by docker-legacy, glibc >= 2.34 in the image",
                        List.of("clone3-pthread/debian-13@docker-legacy")));
        return new RunTriage(runId, cells, causes, 19, 8, 32.9);
    }

    private static String digest(String image, int night) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest((image + (image.equals("debian-13")
                    && night >= 3 ? "-rebuilt" : "")).getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static CellResult cell(String scenario, String image, String host, Instant at, int night,
                                   boolean legacyOld) {
        boolean newGlibc = image.equals("debian-13") || (image.equals("debian-12") && scenario.startsWith("fac"));
        boolean legacy = host.equals("docker-legacy");
        Status status = Status.PASS;
        String message = null;
        String stdout = "";
        String stderr = "";
        String knownFailure = null;
        String bug = null;
        int exit = 0;
        String command = switch (scenario) {
            case "useradd-passwd" -> "useradd fred && grep fred /etc/passwd";
            case "faccessat2-test-x", "bash-x-bin-sh" -> "bash -c '[ -x /bin/sh ] && echo executable'";
            case "make-shell" -> "make -f /tmp/Makefile";
            case "clone3-pthread" -> "python3 -c 'import threading; threading.Thread(target=print).start()'";
            case "apt-post-invoke" -> "apt-get -o APT::Update::Post-Invoke::=true update";
            default -> "date -u +%Z";
        };
        if (image.equals("busybox") && (scenario.startsWith("apt") || scenario.startsWith("clone3")
                || scenario.startsWith("make") || scenario.startsWith("bash"))) {
            return new CellResult(scenario + "/" + image + "@" + host, scenario, image, host, Status.SKIP,
                    "excluded by the matrix: busybox has no " + scenario.replaceAll("-.*", ""), List.of(), at,
                    Duration.ZERO, 0, null, null, null, null, null, tags(scenario));
        }
        if (legacy && legacyOld && image.equals("debian-13")
                && (scenario.startsWith("faccessat2") || scenario.startsWith("bash") || scenario.startsWith("make"))) {
            exit = scenario.startsWith("make") ? 2 : 1;
            status = scenario.startsWith("faccessat2") ? Status.XFAIL : Status.FAIL;
            message = "[" + scenario + " on " + image + " @ " + host + "] step run: \nExpecting exit code:\n  0\n"
                    + "but was:\n  " + exit + "\nstderr:\n  \"make: /bin/sh: Operation not permitted\"";
            stderr = "make: /bin/sh: Operation not permitted\nmake: *** [Makefile:2: all] Error 127\n"
                    + "\u001b[31mfailed\u001b[0m </script><script>alert('from the container')</script>\n";
            if (status == Status.XFAIL) {
                knownFailure = "faccessat2 gets EPERM from seccomp profiles older than Docker 20.10";
                bug = "https://github.com/moby/moby/issues/42680";
            }
        } else if (legacy && legacyOld && newGlibc && scenario.startsWith("clone3")) {
            status = Status.FAIL;
            exit = 1;
            message = "[clone3-pthread on " + image + " @ " + host + "] step run: \nExpecting stderr not to contain:\n"
                    + "  \"can't start new thread\"\nbut was:\n  \"RuntimeError: can't start new thread\"";
            stderr = "Traceback (most recent call last):\n  File \"<string>\", line 1, in <module>\n"
                    + "RuntimeError: can't start new thread\n";
        } else if (scenario.startsWith("faccessat2") && image.equals("debian-13") && legacy && !legacyOld) {
            status = Status.XPASS;
            knownFailure = "faccessat2 gets EPERM from seccomp profiles older than Docker 20.10";
            bug = "https://github.com/moby/moby/issues/42680";
            stdout = "executable\n";
        } else if (scenario.equals("apt-post-invoke") && host.equals("podman") && image.equals("debian-12")
                && night % 2 == 1) {
            status = Status.FLAKY;
            message = "attempt 1 failed: E: Could not get lock /var/lib/apt/lists/lock; passed on attempt 2";
            stdout = "Reading package lists...\n";
        } else if (scenario.equals("useradd-passwd") && host.equals("podman") && image.equals("debian-11")
                && night == 3) {
            return new CellResult(scenario + "/" + image + "@" + host, scenario, image, host, Status.ERROR,
                    "could not create the container on podman (unix:///run/podman/podman.sock): error setting rlimit "
                            + "type 7: operation not permitted; set default_ulimits in containers.conf",
                    List.of(), at, Duration.ofMillis(210), 1, null, digest(image, night), reproducer(host, image,
                    command), null, null, tags(scenario));
        } else {
            stdout = switch (scenario) {
                case "useradd-passwd" -> "fred:x:1000:1000::/home/fred:/bin/sh\n";
                case "date-utc" -> "UTC\n";
                case "whoami-root" -> "root\n";
                default -> scenario.startsWith("fac") || scenario.startsWith("bash") ? "executable\n" : "";
            };
        }
        Duration took = Duration.ofMillis(480 + (scenario.length() * 37 + image.length() * 11) % 400
                + (host.equals("podman") ? 400 : 0));
        List<StepResult> steps = List.of(new StepResult("run", command, exit, new CapturedOutput(stdout, 0),
                new CapturedOutput(stderr, 0), took, false, status == Status.FAIL || status == Status.XFAIL
                ? message : null));
        return new CellResult(scenario + "/" + image + "@" + host, scenario, image, host, status, message, steps, at,
                took.plusMillis(60), status == Status.FLAKY ? 2 : 1, "4f1c9e" + Integer.toHexString(at.hashCode()),
                digest(image, night), reproducer(host, image, command), knownFailure, bug, tags(scenario));
    }

    private static String reproducer(String host, String image, String command) {
        String socket = switch (host) {
            case "docker" -> "unix:///var/run/docker.sock";
            case "podman" -> "unix:///run/podman/podman.sock";
            default -> "unix:///run/docker-legacy.sock";
        };
        return "docker -H " + socket + " run --rm --network none crosshost.test/" + image + " sh -c '"
                + command.replace("'", "'\\''") + "'";
    }

    private static List<String> tags(String scenario) {
        return scenario.startsWith("fac") || scenario.startsWith("clone3") || scenario.startsWith("make")
                || scenario.startsWith("bash") ? List.of("seccomp", "libc") : List.of("smoke");
    }
}
