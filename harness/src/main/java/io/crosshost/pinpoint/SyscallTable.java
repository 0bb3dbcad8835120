package io.crosshost.pinpoint;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The x86_64 system call table (resource {@code syscall_64.tbl}: number, name, the Linux release that added it).
 * The release is the ranking hint for delta debugging: a host's profile misses the calls newer than its engine
 * (faccessat2 arrived in 5.8, Docker got it right in 20.10; clone3 in 5.3, right in 20.10.10).
 */
public final class SyscallTable {

    /** One system call; {@code since} is a Linux release such as "5.8" ("2.6" for the old ones). */
    public record Syscall(int nr, String name, String since) {
    }

    private static final SyscallTable X86_64 = load("syscall_64.tbl");

    private final Map<String, Syscall> byName;

    private SyscallTable(Map<String, Syscall> byName) {
        this.byName = byName;
    }

    public static SyscallTable x86_64() {
        return X86_64;
    }

    public List<Syscall> all() {
        return List.copyOf(byName.values());
    }

    public Optional<Syscall> byName(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** Newest kernel release first, then by number (newer calls have higher numbers); unknown names last. */
    public Comparator<String> newestFirst() {
        return Comparator.comparing((String name) -> byName.get(name) == null)
                .thenComparing((String name) -> release(name), Comparator.reverseOrder())
                .thenComparing(name -> byName.containsKey(name) ? -byName.get(name).nr() : 0);
    }

    private int release(String name) {
        Syscall call = byName.get(name);
        if (call == null) {
            return 0;
        }
        String[] parts = call.since().split("\\.");
        return Integer.parseInt(parts[0]) * 1000 + Integer.parseInt(parts[1]);
    }

    /** The table as the probe script reads it: "nr name" lines. */
    String probeLines() {
        return byName.values().stream().map(c -> c.nr() + " " + c.name()).collect(Collectors.joining("\n"));
    }

    private static SyscallTable load(String resource) {
        Map<String, Syscall> calls = new LinkedHashMap<>();
        List<String> lines = new ArrayList<>(List.of(read(resource).split("\n")));
        for (String line : lines) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.trim().split("\\s+");
            if (f.length != 3) {
                throw new IllegalStateException(resource + ": expected 'nr name since', got: " + line);
            }
            Syscall call = new Syscall(Integer.parseInt(f[0]), f[1], f[2]);
            if (calls.put(call.name(), call) != null) {
                throw new IllegalStateException(resource + ": " + call.name() + " twice");
            }
        }
        return new SyscallTable(calls);
    }

    static String read(String resource) {
        try (InputStream in = SyscallTable.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource io/crosshost/pinpoint/" + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
