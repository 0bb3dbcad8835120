package io.crosshost.pinpoint;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The package managers whose inventories Crosshost reads, each with its version order and its commands. */
public enum PackageManager {

    DPKG(DebianVersions.ORDER, "dpkg-query -W -f '${Package}\\t${Version}\\t${Architecture}\\t${source:Package}\\n'", "dpkg -L",
            "[ -f /var/lib/dpkg/status ]"),
    // Fedora 36+ keeps the database in /usr/lib/sysimage/rpm.
    RPM(RpmVersions.ORDER, "rpm -qa --qf '%{NAME}\\t%{VERSION}-%{RELEASE}\\t%{ARCH}\\t%{SOURCERPM}\\n'", "rpm -ql",
            "{ [ -d /var/lib/rpm ] || [ -d /usr/lib/sysimage/rpm ]; }"),
    APK(ApkVersions.ORDER, "apk info -v", "apk info -L", "[ -f /lib/apk/db/installed ]"),
    /**
     * No package database (busybox, a scratch image with a shell): nothing can be named by package, so the probe lists
     * the image's static executables instead, when the image has no dynamic loader (then every executable is static).
     */
    NONE(Comparator.naturalOrder(), "", "", "");

    /**
     * What the probe prints for an image without a package manager: "static PATH VERSION" for each regular executable
     * file of the usual bin folders, busybox's version from its banner ("BusyBox v1.35.0 (Debian ...)"). Nothing is
     * run but busybox: an unknown binary may wait for input. {@code find -perm} and {@code ls} stat the files; {@code
     * [ -x ]} would hit the faccessat2 EPERM of old seccomp profiles.
     */
    private static final String STATIC_BINARIES = "if ! ls /lib/ld-* /lib64/ld-* /lib/*/ld-* >/dev/null 2>&1; then "
            + "for f in $(find /bin /sbin /usr/bin /usr/sbin /usr/local/bin -xdev -type f -perm -100 2>/dev/null | sort -u); do "
            + "v=''; case \"$f\" in *busybox) v=$(\"$f\" 2>&1 | sed -n '1s/^BusyBox v\\([^ ]*\\).*/\\1/p');; esac; "
            + "echo \"static $f $v\"; done; fi";

    private final Comparator<String> versionOrder;
    private final String inventoryCommand;
    private final String filesCommand;
    private final String databaseTest;

    PackageManager(Comparator<String> versionOrder, String inventoryCommand, String filesCommand, String databaseTest) {
        this.versionOrder = versionOrder;
        this.inventoryCommand = inventoryCommand;
        this.filesCommand = filesCommand;
        this.databaseTest = databaseTest;
    }

    public Comparator<String> versionOrder() {
        return versionOrder;
    }

    /** The shell text that prints this manager's inventory (one package a line). */
    public String inventoryCommand() {
        return inventoryCommand;
    }

    /**
     * One container command for any image with a shell: finds the image's package manager and prints a header
     * "# crosshost-packages MANAGER" before its inventory, so one probe serves Debian, RHEL and Alpine images alike.
     * A manager counts only with its database: busybox has rpm and dpkg applets (its rpm answers "-qa" with
     * "invalid option", seen on the lab's busybox image) and no database.
     */
    public static List<String> inventoryProbeCommand() {
        StringBuilder script = new StringBuilder();
        String keyword = "if";
        for (PackageManager m : values()) {
            if (m == NONE) {
                continue;
            }
            String binary = m.inventoryCommand.substring(0, m.inventoryCommand.indexOf(' '));
            script.append(keyword).append(" command -v ").append(binary).append(" >/dev/null 2>&1 && ").append(m.databaseTest)
                    .append("; then echo '# crosshost-packages ")
                    .append(m.name().toLowerCase(java.util.Locale.ROOT)).append("'; ").append(m.inventoryCommand).append("; ");
            keyword = "elif";
        }
        script.append("else echo '# crosshost-packages none'; ").append(STATIC_BINARIES).append("; fi");
        return List.of("sh", "-c", script.toString());
    }

    /** The command that lists the files of {@code packages}, for the failing image of a hybrid. */
    public List<String> filesCommand(List<String> packages) {
        if (this == NONE) {
            throw new IllegalStateException("an image without a package manager has no package files to list");
        }
        List<String> command = new ArrayList<>(List.of(filesCommand.split(" ")));
        command.addAll(packages);
        return command;
    }
}
