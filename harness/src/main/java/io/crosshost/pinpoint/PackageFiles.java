package io.crosshost.pinpoint;

import java.util.ArrayList;
import java.util.List;

/**
 * The files of a set of packages in the failing image F, the input of a hybrid: a container of the passing image P,
 * created but not started, into which F's files of those packages are copied through the engine's archive API
 * ({@code PUT /containers/{id}/archive}, docker-java's copyArchiveToContainerCmd, path "/").
 *
 * <p>Tried by hand on docker-legacy: the tar of Debian 12's libc6 (286 entries, 13 MB, from
 * {@link #exportCommand}), copied into a created Debian 11 container, made {@code [ -x /bin/sh ]} false (exit 1)
 * where plain Debian 11 gives 0. Directories are left out: the packages' directory entries include merged-/usr
 * symlinks (/lib -> usr/lib) that must not replace P's own; a file under /lib is written through P's symlink.
 */
public final class PackageFiles {

    private PackageFiles() {
    }

    /** The absolute paths in {@code dpkg -L}, {@code rpm -ql} or {@code apk info -L} output, in order, without "/.". */
    public static List<String> parse(PackageManager manager, String output) {
        List<String> paths = new ArrayList<>();
        for (String raw : output.lines().toList()) {
            String line = raw.strip();
            switch (manager) {
                // dpkg -L also prints "diverted by X to: /path" and "package diverts others to: /path": not owned files.
                case DPKG, RPM -> {
                    if (line.startsWith("/") && !line.equals("/.")) {
                        paths.add(line);
                    }
                }
                // apk info -L: "musl-1.2.2-r7 contains:", then paths relative to /, then a blank line.
                case APK -> {
                    if (!line.isEmpty() && !line.endsWith(" contains:") && !line.startsWith("WARNING:")) {
                        paths.add("/" + line);
                    }
                }
            }
        }
        return paths;
    }

    /**
     * A command for a short container of F that writes one tar of the non-directory files of {@code packages} to
     * {@link #EXPORT_FILE}, paths relative to /, ready for the archive API at "/" (a file, read from the stopped
     * container through the archive API, because a tar does not survive the attached text stream). It needs sh and tar in F (Debian, RHEL and
     * Alpine images have both; ubi-minimal and distroless do not).
     */
    /** Where {@link #exportCommand} leaves its tar in F's container. */
    public static final String EXPORT_FILE = "/tmp/crosshost-hybrid.tar";

    public static List<String> exportCommand(PackageManager manager, List<String> packages) {
        if (packages.isEmpty()) {
            throw new IllegalArgumentException("no packages to export");
        }
        for (String p : packages) {
            if (!p.matches("[A-Za-z0-9][A-Za-z0-9.+_:-]*")) {
                throw new IllegalArgumentException("not a package name: " + p);
            }
        }
        String list = String.join(" ", manager.filesCommand(List.of())) + " \"$@\"";
        String relative = manager == PackageManager.APK ? "\"/$f\"" : "\"$f\"";
        String script = list + " | while IFS= read -r f; do case $f in *' contains:'|'') continue;; esac; p=" + relative
                + "; case $p in //*) p=${p#/};; esac; if [ ! -d \"$p\" ] && { [ -e \"$p\" ] || [ -L \"$p\" ]; }; then"
                + " printf '%s\\n' \"${p#/}\"; fi; done | tar -c -f " + EXPORT_FILE + " -C / --no-recursion -T -";
        List<String> command = new ArrayList<>(List.of("sh", "-c", script, "sh"));
        command.addAll(packages);
        return command;
    }
}
