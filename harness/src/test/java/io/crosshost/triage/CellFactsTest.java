package io.crosshost.triage;

import io.crosshost.pinpoint.InstalledPackage;
import io.crosshost.pinpoint.PackageInventory;
import io.crosshost.pinpoint.PackageManager;
import io.crosshost.pinpoint.StaticBinary;
import io.crosshost.result.ImageFacts;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Package versions are image facts for triage's ranking (issue 15). */
class CellFactsTest {

    private static ImageFacts image(String name, String libc, PackageInventory packages) {
        return new ImageFacts(name, "docker-legacy", "crosshost.test/" + name, "sha256:" + name, "sha256:" + name, "Debian",
                "glibc", libc, null, "dpkg", null, packages);
    }

    private static PackageInventory dpkg(String libc6, String bash) {
        return new PackageInventory(PackageManager.DPKG, List.of(new InstalledPackage("libc6", libc6, "amd64", "glibc"),
                new InstalledPackage("libc6", libc6, "i386", "glibc"), new InstalledPackage("bash", bash, "amd64", "bash")));
    }

    @Test
    void everyPackageIsAFactAndAMultiarchPackageOnePerArchitecture() {
        Map<String, String> facts = CellFacts.of(null, image("debian-12", "2.36", dpkg("2.36-9", "5.2")));

        assertThat(facts).containsEntry("package libc6:amd64", "2.36-9").containsEntry("package libc6:i386", "2.36-9")
                .containsEntry("package bash", "5.2").containsEntry("C library", "glibc 2.36");
        assertThat(CellFacts.of(null, image("busybox", null, PackageInventory.none(List.of(new StaticBinary("/bin/busybox", "1.35.0"))))))
                .containsEntry("binary busybox", "1.35.0");
    }

    @Test
    void thePackageThatOnlyFailingCellsHaveRanksWithTheCLibraryAndTheNamedFactsComeFirst() {
        Map<String, String> failing = CellFacts.of(null, image("debian-12", "2.36", dpkg("2.36-9", "5.2")));
        Map<String, String> passing = CellFacts.of(null, image("debian-11", "2.31", dpkg("2.31-13", "5.2")));

        List<FactDifference> ranked = FactsRanking.rank(failing, List.of(failing), List.of(passing));

        // bash and the OS name are the same on both sides: no facts. libc6 separates as well as the C library, and comes after it.
        assertThat(ranked).extracting(FactDifference::fact).containsExactly("C library", "package libc6:amd64",
                "package libc6:i386").doesNotContain("package bash");
        assertThat(ranked.get(1).failingValue()).isEqualTo("2.36-9");
        assertThat(ranked.get(1).passingValues()).containsExactly("2.31-13");
        assertThat(ranked.get(1).isPackage()).isTrue();
    }
}
