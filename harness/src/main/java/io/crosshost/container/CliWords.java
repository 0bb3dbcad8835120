package io.crosshost.container;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A {@link ContainerSpec} as the words of {@code docker run} or {@code podman --remote run}: every option the
 * engine's create request carries, and only those. For a Podman host without TLS it is {@code podman --remote},
 * because {@code docker run --rm} against Podman 4.3's API always exits 0 (containers/podman#18889) and would
 * hide the very failure it is meant to show.
 */
public final class CliWords {

    private CliWords() {
    }

    /**
     * The command line, shell-quoted. A seccomp profile given inline (JSON, as triage writes them) is a file for
     * the CLI, so the line first writes it to a file named by its content.
     */
    public static String line(ContainerSpec spec, CliTarget target) {
        return line(spec, target, UnaryOperator.identity());
    }

    /** The command line with each word passed through {@code eachWord} before quoting (to mask secrets in it). */
    public static String line(ContainerSpec spec, CliTarget target, UnaryOperator<String> eachWord) {
        List<String> prelude = new ArrayList<>();
        List<String> words = words(spec, target, prelude).stream().map(eachWord).toList();
        String command = ShellQuote.join(words);
        return prelude.isEmpty() ? command : String.join(" && ", prelude) + " && " + command;
    }

    /** The words of the command line, before quoting; an inline seccomp profile is named by its file. */
    public static List<String> words(ContainerSpec spec, CliTarget target) {
        return words(spec, target, new ArrayList<>());
    }

    private static List<String> words(ContainerSpec spec, CliTarget target, List<String> prelude) {
        List<String> words = new ArrayList<>(client(target));
        words.addAll(List.of("run", "--rm", "--network", spec.network()));
        if (spec.user() != null) {
            words.addAll(List.of("--user", spec.user()));
        }
        if (spec.workdir() != null) {
            words.addAll(List.of("--workdir", spec.workdir()));
        }
        spec.env().forEach((k, v) -> words.addAll(List.of("-e", k + "=" + v)));
        spec.capAdd().forEach(c -> words.addAll(List.of("--cap-add", c)));
        spec.capDrop().forEach(c -> words.addAll(List.of("--cap-drop", c)));
        for (String option : spec.securityOpt()) {
            words.addAll(List.of("--security-opt", securityOpt(option, prelude)));
        }
        if (spec.readOnly()) {
            words.add("--read-only");
        }
        if (spec.privileged()) {
            words.add("--privileged");
        }
        words.addAll(List.of("--memory", Long.toString(spec.memoryBytes()), "--memory-swap", Long.toString(spec.memorySwapBytes()),
                "--pids-limit", Long.toString(spec.pidsLimit())));
        for (Map.Entry<String, String> t : spec.tmpfs().entrySet()) {
            words.addAll(List.of("--tmpfs", t.getValue().isEmpty() ? t.getKey() : t.getKey() + ":" + t.getValue()));
        }
        spec.ulimits().forEach(u -> words.addAll(List.of("--ulimit", u.text())));
        if (spec.logDriver() != null) {
            words.addAll(List.of("--log-driver", spec.logDriver()));
        }
        spec.labels().forEach((k, v) -> words.addAll(List.of("--label", k + "=" + v)));
        if (spec.runtime() != null) {
            words.addAll(List.of("--runtime", spec.runtime()));
        }
        if (spec.usernsMode() != null) {
            words.add("--userns=" + spec.usernsMode());
        }
        if (spec.entrypoint() != null) {
            words.add("--entrypoint");
            words.add(String.join(" ", spec.entrypoint()));
        }
        words.add(spec.image());
        words.addAll(spec.command());
        return words;
    }

    private static List<String> client(CliTarget target) {
        if (target.podman() && target.tlsCertDir() == null) {
            return List.of("podman", "--remote", "--url", target.endpoint());
        }
        List<String> words = new ArrayList<>(List.of("docker"));
        if (target.tlsCertDir() != null) {
            words.addAll(List.of("--tlsverify", "--tlscacert=" + target.tlsCertDir().resolve("ca.pem"),
                    "--tlscert=" + target.tlsCertDir().resolve("cert.pem"), "--tlskey=" + target.tlsCertDir().resolve("key.pem")));
        }
        words.addAll(List.of("-H", target.endpoint()));
        return words;
    }

    private static String securityOpt(String option, List<String> prelude) {
        if (!option.startsWith("seccomp=") || !option.substring("seccomp=".length()).stripLeading().startsWith("{")) {
            return option;
        }
        String json = option.substring("seccomp=".length());
        String file = seccompFile(json);
        String write = "printf '%s' " + ShellQuote.quote(json) + " > " + file;
        if (!prelude.contains(write)) {
            prelude.add(write);
        }
        return "seccomp=" + file;
    }

    /**
     * Where a profile given inline is kept as a file: named by its content, so the same profile is the same file for the
     * reproducer's prelude and for an engine that takes only a path (Podman's API).
     */
    public static String seccompFile(String profileJson) {
        return "/tmp/crosshost-seccomp-" + sha256(profileJson).substring(0, 16) + ".json";
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
