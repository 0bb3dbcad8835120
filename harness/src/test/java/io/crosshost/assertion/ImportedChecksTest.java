package io.crosshost.assertion;

import io.crosshost.pinpoint.InstalledPackage;
import io.crosshost.pinpoint.PackageInventory;
import io.crosshost.pinpoint.PackageManager;
import io.crosshost.pinpoint.ProbeReading;
import io.crosshost.scenario.Expectations;
import io.crosshost.scenario.FileExpectation;
import io.crosshost.scenario.FileExpectation.Who;
import io.crosshost.scenario.FileType;
import io.crosshost.scenario.ImageExpectation;
import io.crosshost.scenario.ImageExpectation.ValueExpectation;
import io.crosshost.scenario.PackageExpectation;
import io.crosshost.scenario.TextExpectation;
import io.crosshost.scenario.TextPattern;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The checks files, image configurations and packages get: each can fail, and says what it saw. */
class ImportedChecksTest {

    private static final FileFacts PASSWD_TOOL = new FileFacts(FileType.FILE, 04755, 0, 0, "root", "root", 68248, null, null,
            "\u007fELF...", "ab".repeat(32));
    private static final FileFacts SH_LINK = new FileFacts(FileType.SYMLINK, 0777, 0, 0, "root", "root", 4, "dash", null, "\u007fELF", "cd".repeat(32));

    private static List<String> fileFailures(FileExpectation f, FileFacts facts) {
        Expectations e = new Expectations(Set.of(), TextExpectation.NONE, TextExpectation.NONE, List.of(f));
        return ExpectationCheck.failures("c", e, new Observed(null, false, "1m", "", "", Map.of(f.path(), Optional.ofNullable(facts))));
    }

    private static FileExpectation file(String path, Integer mode, String owner, String group, FileType type, String target,
                                        Set<Who> who, Long size, String sha) {
        return new FileExpectation(path, true, List.of(), List.of(), List.of(), mode, owner, group, type, target, who, size, sha);
    }

    @Test
    void fileAttributesPassWhenTheyHold() {
        assertThat(fileFailures(file("/usr/bin/passwd", 04755, "root", "0", FileType.FILE, null, Set.of(Who.OWNER, Who.ANY),
                68248L, "ab".repeat(32)), PASSWD_TOOL)).isEmpty();
        assertThat(fileFailures(file("/bin/sh", null, null, null, FileType.SYMLINK, "dash", Set.of(), 4L, null), SH_LINK)).isEmpty();
    }

    @Test
    void eachFileAttributeCanFailAndSaysWhatItSaw() {
        List<String> failures = fileFailures(file("/usr/bin/passwd", 0755, "daemon", "1", FileType.DIRECTORY, null,
                Set.of(), 1L, "00".repeat(32)), PASSWD_TOOL);
        assertThat(failures).hasSize(6)
                .anySatisfy(m -> assertThat(m).contains("type").contains("\"directory\"").contains("\"file\""))
                .anySatisfy(m -> assertThat(m).contains("mode (4755 (urwxr-xr-x))").contains("\"0755\""))
                .anySatisfy(m -> assertThat(m).contains("owner").contains("\"daemon\"").contains("\"root\""))
                .anySatisfy(m -> assertThat(m).contains("group id").contains("\"1\""))
                .anySatisfy(m -> assertThat(m).contains("size in bytes"))
                .anySatisfy(m -> assertThat(m).contains("sha256"));
        FileFacts plain = new FileFacts(FileType.FILE, 0644, 0, 0, "root", "root", 1, null, null, "x", "ee".repeat(32));
        assertThat(fileFailures(file("/etc/motd", null, null, null, null, null, Set.of(Who.GROUP), null, null), plain))
                .singleElement().satisfies(m -> assertThat(m).contains("should be executable by group, its mode is 0644 (-rw-r--r--)"));
        assertThat(fileFailures(file("/bin/sh", null, null, null, null, "bash", Set.of(), null, null), SH_LINK))
                .singleElement().satisfies(m -> assertThat(m).contains("symlink target").contains("\"bash\""));
        assertThat(fileFailures(file("/nope", null, null, null, null, null, Set.of(), null, null), null))
                .singleElement().satisfies(m -> assertThat(m).contains("file /nope should exist"));
    }

    @Test
    void goModeStringsAreGosOwn() {
        assertThat(PASSWD_TOOL.goModeString()).isEqualTo("urwxr-xr-x");
        assertThat(SH_LINK.goModeString()).isEqualTo("Lrwxrwxrwx");
        assertThat(new FileFacts(FileType.DIRECTORY, 01777, 0, 0, null, null, 0, null, null, null, null).goModeString()).isEqualTo("dtrwxrwxrwx");
        assertThat(new FileFacts(FileType.CHARACTER_DEVICE, 0666, 0, 0, null, null, 0, null, null, null, null).goModeString()).isEqualTo("Dcrw-rw-rw-");
    }

    @Test
    void contentPatternsOfEveryDialectMatchAndFail() {
        FileFacts conf = new FileFacts(FileType.FILE, 0644, 0, 0, "root", "root", 20, null, null, "port = 8080\nuser = app\n", "ff".repeat(32));
        TextPattern go = new TextPattern.GoRegex(com.google.re2j.Pattern.compile("port = [0-9]+"));
        TextPattern goMissing = new TextPattern.GoRegex(com.google.re2j.Pattern.compile("^user = root"));
        FileExpectation f = new FileExpectation("/etc/app.conf", true, List.of("user"), List.of(go, goMissing), List.of(go),
                null, null, null, null, null, Set.of(), null, null);
        assertThat(fileFailures(f, conf)).hasSize(2)
                .anySatisfy(m -> assertThat(m).contains("to match 'the Go RE2 pattern ^user = root' predicate"))
                .anySatisfy(m -> assertThat(m).contains("not to match 'the Go RE2 pattern port = [0-9]+' predicate"));
    }

    @Test
    void gossPatternsGoLineByLine() {
        String out = "alpha\nbeta gamma\r\n";
        assertThat(gossPattern("beta").satisfiedBy(out)).isTrue();
        assertThat(gossPattern("!delta").satisfiedBy(out)).isTrue();
        assertThat(gossPattern("!alpha").satisfiedBy(out)).isFalse();
        assertThat(gossPattern("/^beta/").satisfiedBy(out)).isTrue();
        assertThat(gossPattern("/gamma$/").satisfiedBy(out)).as("the \\r of a CRLF line is not part of the line").isTrue();
        assertThat(gossPattern("/alpha.beta/s").satisfiedBy(out)).as("one line at a time: no match across lines").isFalse();
        assertThat(gossPattern("/ALPHA/i").satisfiedBy(out)).isTrue();
        assertThat(gossPattern("").satisfiedBy("")).as("an empty pattern is found even in empty output").isTrue();
    }

    private static TextPattern gossPattern(String written) {
        boolean negated = written.startsWith("!");
        String core = negated ? written.substring(1) : written;
        if (core.startsWith("/") && core.lastIndexOf('/') > 0) {
            int close = core.lastIndexOf('/');
            String flags = core.substring(close + 1);
            String re = (flags.isEmpty() ? "" : "(?" + flags + ")") + core.substring(1, close);
            return new TextPattern.GossPattern(written, negated, null, com.google.re2j.Pattern.compile(re));
        }
        return new TextPattern.GossPattern(written, negated, written.replaceFirst("^[\\\\/!]+", ""), null);
    }

    @Test
    void imageConfigurationIsCheckedFieldByField() {
        ImageConfig config = new ImageConfig(Map.of("PATH", "/usr/local/bin:/usr/bin", "LANG", "C.UTF-8"), Map.of("team", "qe"),
                List.of(), List.of("sh"), "/srv", "app", List.of("8080/tcp", "53/udp"), List.of("/data"));
        ImageExpectation good = new ImageExpectation(Map.of("PATH", new ValueExpectation(null,
                new TextPattern.GoRegex(com.google.re2j.Pattern.compile("/usr/bin"))), "LANG", ValueExpectation.equalTo("C.UTF-8")),
                Set.of("DEBUG"), Map.of("team", ValueExpectation.equalTo("qe")), List.of(), List.of("sh"), "/srv", "app",
                List.of("8080", "53/udp"), List.of("22"), List.of("/data"), List.of("/tmp"));
        assertThat(imageFailures(good, config)).isEmpty();
        ImageExpectation bad = new ImageExpectation(Map.of("LANG", ValueExpectation.equalTo("C"), "HOME", ValueExpectation.equalTo("/root")),
                Set.of("PATH"), Map.of("team", ValueExpectation.equalTo("dev")), List.of("/entry"), List.of("bash"), "/", "root",
                List.of("8080/udp"), List.of("53"), List.of("/var"), List.of("/data"));
        assertThat(imageFailures(bad, config)).hasSize(12)
                .anySatisfy(m -> assertThat(m).contains("image env LANG").contains("to be 'C'"))
                .anySatisfy(m -> assertThat(m).contains("image env HOME").contains("HOME"))
                .anySatisfy(m -> assertThat(m).contains("image label team"))
                .anySatisfy(m -> assertThat(m).contains("image entrypoint"))
                .anySatisfy(m -> assertThat(m).contains("image exposed ports, not 53"));
        assertThat(imageFailures(good, null)).containsExactly("[c: image] the image configuration was not read");
    }

    private static List<String> imageFailures(ImageExpectation image, ImageConfig config) {
        Expectations e = new Expectations(Set.of(), TextExpectation.NONE, TextExpectation.NONE, List.of(), image, List.of());
        return ExpectationCheck.failures("c", e, new Observed(null, false, "1m", "", "", Map.of(), config, null));
    }

    @Test
    void packagesAreCheckedAgainstTheInventory() {
        PackageInventory inventory = new PackageInventory(PackageManager.DPKG, List.of(new InstalledPackage("bash", "5.2.15-2+b2", "amd64", "bash"),
                new InstalledPackage("libc6", "2.36-9", "amd64", "glibc"), new InstalledPackage("libc6", "2.36-9", "i386", "glibc")));
        ProbeReading<PackageInventory> read = new ProbeReading.Read<>(inventory);
        assertThat(packageFailures(List.of(new PackageExpectation("bash", true, List.of("5.2.15-2+b2")),
                new PackageExpectation("vim", false, List.of()), new PackageExpectation("libc6", true, List.of())), read)).isEmpty();
        assertThat(packageFailures(List.of(new PackageExpectation("bash", true, List.of("5.1")),
                new PackageExpectation("libc6", false, List.of()), new PackageExpectation("curl", true, List.of())), read)).hasSize(3)
                .anySatisfy(m -> assertThat(m).contains("package bash (dpkg) installed versions").contains("5.1"))
                .anySatisfy(m -> assertThat(m).contains("package libc6 (dpkg) should not be installed"))
                .anySatisfy(m -> assertThat(m).contains("package curl (dpkg) should be installed"));
        assertThat(packageFailures(List.of(new PackageExpectation("bash", true, List.of())),
                new ProbeReading.CannotRun<>("this image has none of dpkg, rpm and apk: no package can be named")))
                .containsExactly("[c: package] cannot check packages: this image has none of dpkg, rpm and apk: no package can be named");
    }

    private static List<String> packageFailures(List<PackageExpectation> packages, ProbeReading<PackageInventory> reading) {
        Expectations e = new Expectations(Set.of(0), TextExpectation.NONE, TextExpectation.NONE, List.of(), null, packages);
        return ExpectationCheck.failures("c", e, new Observed(0, false, "1m", "", "", Map.of(), null, reading));
    }

    @Test
    void streamsCanForbidPatternsAndAStepThatRanNothingChecksNoExitCode() {
        Expectations e = new Expectations(Set.of(), new TextExpectation(List.of(), List.of(), List.of(), null,
                List.of(new TextPattern.GoRegex(com.google.re2j.Pattern.compile("(?i)error")))), TextExpectation.NONE, List.of());
        assertThat(ExpectationCheck.failures("c", e, new Observed(null, false, "1m", "ok", "", Map.of()))).isEmpty();
        assertThat(ExpectationCheck.failures("c", e, new Observed(null, false, "1m", "ERROR: x", "", Map.of())))
                .singleElement().satisfies(m -> assertThat(m).contains("[c: stdout]").contains("not to match 'the Go RE2 pattern (?i)error'"));
    }

    @Test
    void aLinkTheEngineResolvedPassesWhenItLeadsWhereTheTargetDoes() {
        // Podman's archive API follows links: no readlink text, only the absolute path the link resolves to.
        FileFacts resolved = new FileFacts(FileType.SYMLINK, 0777, 0, 0, "root", "root", 21, null, "/usr/lib/os-release", "x", "aa".repeat(32));
        assertThat(fileFailures(file("/etc/os-release", null, null, null, FileType.SYMLINK, "../usr/lib/os-release", Set.of(), null, null),
                resolved)).isEmpty();
        assertThat(fileFailures(file("/etc/os-release", null, null, null, null, "/etc/debian_version", Set.of(), null, null), resolved))
                .singleElement().satisfies(m -> assertThat(m).contains("symlink target").contains("/usr/lib/os-release"));
    }
}
