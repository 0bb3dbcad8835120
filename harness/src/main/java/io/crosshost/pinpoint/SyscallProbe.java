package io.crosshost.pinpoint;

import io.crosshost.pinpoint.ProbeContainers.ProbeOutput;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The empirical view of a host's seccomp profile: a perl script (resource {@code syscall-probe.pl}) that attempts each
 * call of the x86_64 table with harmless arguments, run once as the host runs containers and once with
 * {@code seccomp=unconfined}; the difference is what the profile denies. A remote engine's profile file is not
 * readable through its API, so this is the only view there is.
 *
 * <p>Measured on the lab (Debian 12 image, 383 calls): perl itself takes 0.08 s; one probe container took 1.5-2.9 s
 * on a machine with load 9.8, where {@code docker run ... true} took 1.75-1.98 s. Busybox images have no perl: the
 * engine refuses to start it (exit 127, "exec: \"perl\": executable file not found in $PATH").
 */
public final class SyscallProbe {

    static final String HEADER = "# crosshost-syscall-probe 1 ";
    static final String END = "# end";

    private final SyscallTable table;

    public SyscallProbe(SyscallTable table) {
        this.table = table;
    }

    /** The container command: no shell, so it runs on any image that has perl on its PATH. */
    public List<String> command() {
        return List.of("perl", "-e", SyscallTable.read("syscall-probe.pl").replace("__TABLE__", table.probeLines()));
    }

    /** Runs the probe as the host runs containers and unconfined, and compares. */
    public ProbeReading<List<SyscallDenial>> denials(ProbeContainers runner) throws InterruptedException {
        ProbeReading<SyscallProbeResult> host = read(runner.run(command(), List.of(), List.of()));
        if (host instanceof ProbeReading.CannotRun<SyscallProbeResult> no) {
            return new ProbeReading.CannotRun<>(no.why());
        }
        ProbeReading<SyscallProbeResult> unconfined = read(runner.run(command(), List.of("seccomp=unconfined"), List.of()));
        if (unconfined instanceof ProbeReading.CannotRun<SyscallProbeResult> no) {
            return new ProbeReading.CannotRun<>("the unconfined run of the probe failed: " + no.why());
        }
        return new ProbeReading.Read<>(SyscallDenials.compare(((ProbeReading.Read<SyscallProbeResult>) host).value(),
                ((ProbeReading.Read<SyscallProbeResult>) unconfined).value()));
    }

    /** Parses what the probe printed; says why when it could not run there. */
    public ProbeReading<SyscallProbeResult> read(ProbeOutput output) {
        List<String> lines = output.stdout().lines().toList();
        int header = -1;
        for (int i = 0; i < lines.size() && header < 0; i++) {
            if (lines.get(i).startsWith(HEADER)) {
                header = i;
            }
        }
        if (header < 0) {
            if (ProbeReading.executableMissing(output)) {
                return new ProbeReading.CannotRun<>("this image has no perl, which the syscall probe needs (Debian and Ubuntu"
                        + " images have it in perl-base; busybox, Alpine and distroless images do not): run the probe with"
                        + " another image of this host. The engine said: " + firstLine(output.stderr()));
            }
            return new ProbeReading.CannotRun<>("the syscall probe printed no header (exit " + output.exitCode() + "): "
                    + firstLine(output.stderr().isBlank() ? output.stdout() : output.stderr()));
        }
        String[] head = lines.get(header).substring(HEADER.length()).trim().split("\\s+");
        String arch = head[0];
        if (!arch.startsWith("x86_64")) {
            return new ProbeReading.CannotRun<>("the probe ran on " + arch + "; only the x86_64 system call table is known");
        }
        Map<String, SyscallProbeResult.Answer> answers = new LinkedHashMap<>();
        Map<String, String> notProbed = new LinkedHashMap<>();
        boolean ended = false;
        for (String line : lines.subList(header + 1, lines.size())) {
            if (line.equals(END)) {
                ended = true;
                break;
            }
            String[] f = line.trim().split("\\s+", 4);
            if (f.length < 3 || !f[1].matches("\\d+")) {
                return new ProbeReading.CannotRun<>("the syscall probe printed an unexpected line: " + line);
            }
            if (f[2].equals("skip")) {
                notProbed.put(f[0], f.length > 3 ? f[3].replace('-', ' ') : "");
            } else {
                answers.put(f[0], new SyscallProbeResult.Answer(Integer.parseInt(f[1]), Integer.parseInt(f[2])));
            }
        }
        Optional<String> killedAt = ended ? Optional.empty() : nextAfter(answers.size() + notProbed.size());
        return new ProbeReading.Read<>(new SyscallProbeResult(arch, answers, notProbed, killedAt));
    }

    /** The probe works through the table in order, so the call after the last line printed is the one it died in. */
    private Optional<String> nextAfter(int printed) {
        List<SyscallTable.Syscall> all = table.all();
        return printed < all.size() ? Optional.of(all.get(printed).name()) : Optional.of("(after the last call)");
    }

    private static String firstLine(String text) {
        return text.lines().filter(l -> !l.isBlank()).findFirst().orElse("(nothing)").trim();
    }
}
