package io.crosshost.pinpoint;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Writes the seccomp profiles of a syscall triage: everything allowed except the named calls, which get
 * {@code SCMP_ACT_ERRNO} with the given errno.
 *
 * <p>How a host takes it, measured on the lab: Docker 20.10's API takes the JSON inline in {@code HostConfig.SecurityOpt}
 * as {@code seccomp=<json>} (the docker CLI reads a file and sends its content). Podman 4.3's compat API does not: it
 * opens the value as a path on the server ("opening seccomp profile failed: open {...}: no such file or directory",
 * HTTP 500), so on Podman the text must be written to a file the service can read and {@code seccomp=<path>} passed:
 * possible for a local socket, not for a remote Podman.
 *
 * <p>Denying faccessat2 with EPERM reproduces the bug ({@code [ -x /bin/sh ]} false on Debian 13, measured on the lab's
 * plain Docker host); with ENOSYS (38) glibc falls back to faccessat and the test is true again: the workaround that
 * Docker 20.10 and runc's ENOSYS stub adopted.
 */
public final class SeccompProfileWriter {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SeccompProfileWriter() {
    }

    /** A profile denying each of {@code syscalls} with {@code errno} (EPERM 1 reproduces, ENOSYS 38 works around). */
    public static String denying(Set<String> syscalls, int errno) {
        Map<String, Integer> each = new TreeMap<>();
        syscalls.forEach(s -> each.put(s, errno));
        return denying(each);
    }

    /** A profile denying each call with its own errno (the host's answers as the probe measured them). */
    public static String denying(Map<String, Integer> errnoBySyscall) {
        ObjectNode profile = JSON.createObjectNode();
        profile.put("defaultAction", "SCMP_ACT_ALLOW");
        ArrayNode rules = profile.putArray("syscalls");
        // One rule per errno, names sorted, so the same denial always renders the same text (and the same reproducer).
        Map<Integer, Set<String>> byErrno = new TreeMap<>();
        errnoBySyscall.forEach((name, errno) -> {
            if (!name.matches("[a-z0-9_]+")) {
                throw new IllegalArgumentException("not a syscall name: " + name);
            }
            if (errno < 1 || errno > 4095) {
                throw new IllegalArgumentException("errno for " + name + " must be 1..4095, was " + errno);
            }
            byErrno.computeIfAbsent(errno, e -> new TreeSet<>()).add(name);
        });
        byErrno.forEach((errno, names) -> {
            ObjectNode rule = rules.addObject();
            ArrayNode list = rule.putArray("names");
            names.forEach(list::add);
            rule.put("action", "SCMP_ACT_ERRNO");
            rule.put("errnoRet", errno);
        });
        try {
            return JSON.writeValueAsString(profile);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The {@code --security-opt} value that applies {@code profileJson}. */
    public static String securityOpt(String profileJson) {
        return "seccomp=" + profileJson;
    }
}
