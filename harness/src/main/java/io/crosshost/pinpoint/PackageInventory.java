package io.crosshost.pinpoint;

import io.crosshost.pinpoint.ProbeContainers.ProbeOutput;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packages of one image in the manager's order. One name can be installed more than once: dpkg's multiarch
 * (libc6 for amd64 and i386), rpm's install-only packages (several kernels, one gpg-pubkey per key). An image without
 * a package manager ({@link PackageManager#NONE}) has no packages and lists its {@code staticBinaries} instead; every
 * other inventory has none of those.
 */
public record PackageInventory(PackageManager manager, List<InstalledPackage> packages, List<StaticBinary> staticBinaries) {

    private static final String HEADER = "# crosshost-packages ";
    private static final Pattern APK_LINE = Pattern.compile("(.+)-([^-]+-r[0-9]+)");
    private static final Pattern SOURCE_RPM = Pattern.compile("(.+)-[^-]+-[^-]+\\.(?:no)?src\\.rpm");

    public PackageInventory {
        packages = List.copyOf(packages);
        staticBinaries = List.copyOf(staticBinaries);
    }

    /** A package manager's inventory. */
    public PackageInventory(PackageManager manager, List<InstalledPackage> packages) {
        this(manager, packages, List.of());
    }

    /** An image without dpkg, rpm and apk, and the static executables found in it. */
    public static PackageInventory none(List<StaticBinary> staticBinaries) {
        return new PackageInventory(PackageManager.NONE, List.of(), staticBinaries);
    }

    /** The first package of that name. */
    public Optional<InstalledPackage> get(String name) {
        return packages.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** name -> its installed instances, in order. */
    public Map<String, List<InstalledPackage>> byName() {
        Map<String, List<InstalledPackage>> byName = new LinkedHashMap<>();
        packages.forEach(p -> byName.computeIfAbsent(p.name(), n -> new ArrayList<>()).add(p));
        return byName;
    }

    /** Reads the output of {@link PackageManager#inventoryProbeCommand()}. */
    public static ProbeReading<PackageInventory> read(ProbeOutput output) {
        List<String> lines = output.stdout().lines().toList();
        if (lines.isEmpty() || !lines.get(0).startsWith(HEADER)) {
            String why = ProbeReading.executableMissing(output) ? "this image has no sh to run the package probe"
                    : "the package probe printed no header (exit " + output.exitCode() + ")";
            return new ProbeReading.CannotRun<>(why + ": " + output.stderr().lines().findFirst().orElse("(nothing on stderr)"));
        }
        String name = lines.get(0).substring(HEADER.length()).trim();
        if (name.equals("none")) {
            return new ProbeReading.Read<>(none(staticBinaries(lines.subList(1, lines.size()))));
        }
        if (output.exitCode() != 0) {
            return new ProbeReading.CannotRun<>(name + " failed (exit " + output.exitCode() + "): "
                    + output.stderr().lines().findFirst().orElse("(nothing on stderr)"));
        }
        PackageManager manager = PackageManager.valueOf(name.toUpperCase(Locale.ROOT));
        return new ProbeReading.Read<>(parse(manager, String.join("\n", lines.subList(1, lines.size()))));
    }

    /** "static /bin/busybox 1.35.0" lines; the version is empty when the binary did not say it. */
    private static List<StaticBinary> staticBinaries(List<String> lines) {
        List<StaticBinary> found = new ArrayList<>();
        for (String line : lines) {
            if (line.startsWith("static /")) {
                String[] f = line.substring("static ".length()).strip().split(" ", 2);
                found.add(new StaticBinary(f[0], f.length > 1 ? f[1].strip() : ""));
            }
        }
        return found;
    }

    /** Parses one manager's inventory output (the formats of {@link PackageManager#inventoryCommand()}). */
    public static PackageInventory parse(PackageManager manager, String text) {
        List<InstalledPackage> all = new ArrayList<>();
        for (String line : text.lines().toList()) {
            if (line.isBlank() || line.startsWith("WARNING:")) {
                continue;
            }
            all.add(switch (manager) {
                case DPKG -> tabbed(line, 4, f -> new InstalledPackage(f[0], f[1], f[2], f[3].isEmpty() ? f[0] : f[3]));
                case RPM -> tabbed(line, 4, f -> new InstalledPackage(f[0], f[1], f[2], sourceOfRpm(f[3], f[0])));
                case APK -> apk(line);
                case NONE -> throw new IllegalArgumentException("an image without a package manager has no inventory to parse: " + line);
            });
        }
        return new PackageInventory(manager, all);
    }

    private static InstalledPackage tabbed(String line, int fields, java.util.function.Function<String[], InstalledPackage> make) {
        String[] f = line.split("\t", -1);
        if (f.length != fields) {
            throw new IllegalArgumentException("expected " + fields + " tab-separated fields, got " + f.length + ": " + line);
        }
        return make.apply(f);
    }

    private static InstalledPackage apk(String line) {
        Matcher m = APK_LINE.matcher(line.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("not an apk name-version-rN: " + line);
        }
        return new InstalledPackage(m.group(1), m.group(2), "", m.group(1));
    }

    /** libselinux-2.0.94-5.3.el6.src.rpm -> libselinux; "(none)" (gpg-pubkey) -> the name. */
    private static String sourceOfRpm(String sourceRpm, String name) {
        Matcher m = SOURCE_RPM.matcher(sourceRpm.trim());
        return m.matches() ? m.group(1) : name;
    }
}
