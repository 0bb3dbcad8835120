package io.crosshost.pinpoint;

import io.crosshost.pinpoint.ProbeContainers.ProbeOutput;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PackageInventoryTest {

    private static PackageInventory debian(int release) {
        return PackageInventory.parse(PackageManager.DPKG, Resources.read("dpkg-debian-" + release + ".tsv"));
    }

    @Test
    void readsTheRecordedDebianInventories() {
        PackageInventory eleven = debian(11);
        PackageInventory twelve = debian(12);

        assertThat(eleven.packages()).hasSize(96);
        assertThat(twelve.packages()).hasSize(88);
        assertThat(eleven.get("libc6")).contains(new InstalledPackage("libc6", "2.31-13+deb11u11", "amd64", "glibc"));
        assertThat(twelve.get("libc6")).contains(new InstalledPackage("libc6", "2.36-9+deb12u14", "amd64", "glibc"));
        // A binary package without a Source field is its own source.
        assertThat(twelve.get("dash").orElseThrow().source()).isEqualTo("dash");
    }

    @Test
    void debian11To12DiffersInAboutAHundredPackagesAndNothingGoesBack() {
        PackageDiff diff = PackageDiff.between(debian(11), debian(12));

        assertThat(diff.size()).isEqualTo(104);
        assertThat(diff.upgraded()).hasSize(80);
        assertThat(diff.downgraded()).isEmpty();
        assertThat(diff.added()).extracting(InstalledPackage::name).containsExactly("gcc-12-base", "libcap2", "libffi8",
                "libmd0", "libsemanage2", "libsepol2", "usr-is-merged", "util-linux-extra");
        assertThat(diff.removed()).extracting(InstalledPackage::name).contains("libssl1.1", "libffi7", "lsb-base", "libpcre3")
                .hasSize(16);
        assertThat(diff.upgraded()).extracting(PackageDiff.Change::describe).contains(
                "libc6 2.31-13+deb11u11 -> 2.36-9+deb12u14", "bsdutils 1:2.36.1-8+deb11u2 -> 1:2.38.1-5+deb12u3");
    }

    @Test
    void theHybridCandidatesStartWithTheCLibrary() {
        List<InstalledPackage> candidates = PackageDiff.between(debian(11), debian(12)).hybridCandidates();

        assertThat(candidates).hasSize(88);
        assertThat(candidates.get(0).source()).isEqualTo("glibc");
        assertThat(candidates).extracting(InstalledPackage::name).startsWith("libc-bin", "libc6")
                .doesNotContain("libssl1.1");
    }

    @Test
    void theReverseDiffIsADowngrade() {
        PackageDiff back = PackageDiff.between(debian(12), debian(11));

        assertThat(back.upgraded()).isEmpty();
        assertThat(back.downgraded()).hasSize(80);
        assertThat(back.added()).hasSize(16);
    }

    @Test
    void rhel6LikeInventoriesNameLibselinux() {
        // The seed's case: a RHEL 6.5 image (libselinux 2.0.94) fails useradd on an enforcing host, a newer one passes.
        String passing = String.join("\n",
                "libselinux\t2.0.96-1.el6\tx86_64\tlibselinux-2.0.96-1.el6.src.rpm",
                "shadow-utils\t4.1.4.2-19.el6\tx86_64\tshadow-utils-4.1.4.2-19.el6.src.rpm",
                "glibc\t2.12-1.149.el6\tx86_64\tglibc-2.12-1.149.el6.src.rpm",
                "libselinux-utils\t2.0.96-1.el6\tx86_64\tlibselinux-2.0.96-1.el6.src.rpm",
                "bash\t4.1.2-29.el6\tx86_64\tbash-4.1.2-29.el6.src.rpm",
                "gpg-pubkey\tc105b9de-4e0fd3a3\t(none)\t(none)",
                "gpg-pubkey\tfd431d51-4ae0493b\t(none)\t(none)");
        String failing = String.join("\n",
                "libselinux\t2.0.94-5.3.el6_4.1\tx86_64\tlibselinux-2.0.94-5.3.el6_4.1.src.rpm",
                "shadow-utils\t4.1.4.2-13.el6\tx86_64\tshadow-utils-4.1.4.2-13.el6.src.rpm",
                "glibc\t2.12-1.132.el6\tx86_64\tglibc-2.12-1.132.el6.src.rpm",
                "libselinux-utils\t2.0.94-5.3.el6_4.1\tx86_64\tlibselinux-2.0.94-5.3.el6_4.1.src.rpm",
                "bash\t4.1.2-29.el6\tx86_64\tbash-4.1.2-29.el6.src.rpm",
                "yum-plugin-ovl\t1.1.30-14.el6\tnoarch\tyum-utils-1.1.30-14.el6.src.rpm",
                "gpg-pubkey\tc105b9de-4e0fd3a3\t(none)\t(none)");

        PackageDiff diff = PackageDiff.between(PackageInventory.parse(PackageManager.RPM, passing),
                PackageInventory.parse(PackageManager.RPM, failing));

        assertThat(diff.upgraded()).isEmpty();
        assertThat(diff.downgraded()).extracting(PackageDiff.Change::describe).containsExactly(
                "libselinux 2.0.96-1.el6 -> 2.0.94-5.3.el6_4.1", "shadow-utils 4.1.4.2-19.el6 -> 4.1.4.2-13.el6",
                "glibc 2.12-1.149.el6 -> 2.12-1.132.el6", "libselinux-utils 2.0.96-1.el6 -> 2.0.94-5.3.el6_4.1");
        assertThat(diff.added()).extracting(InstalledPackage::name).containsExactly("yum-plugin-ovl");
        assertThat(diff.removed()).extracting(InstalledPackage::version).containsExactly("fd431d51-4ae0493b");
        assertThat(diff.downgraded().get(0).to().source()).isEqualTo("libselinux");
        // glibc first, then the kernel-facing libselinux and shadow-utils' neighbours, the rest after.
        assertThat(diff.hybridCandidates()).extracting(InstalledPackage::name)
                .containsExactly("glibc", "libselinux", "libselinux-utils", "shadow-utils", "yum-plugin-ovl");
    }

    @Test
    void readsApkInfoVerbose() {
        PackageInventory alpine = PackageInventory.parse(PackageManager.APK, String.join("\n",
                "WARNING: Ignoring APKINDEX.2c4ac24e.tar.gz: No such file or directory",
                "musl-1.2.2-r7", "busybox-1.33.1-r6", "alpine-baselayout-3.2.0-r16", "libcrypto1.1-1.1.1l-r0",
                "ca-certificates-bundle-20211220-r0", "ssl_client-1.33.1-r6"));

        assertThat(alpine.packages()).extracting(InstalledPackage::name).containsExactly("musl", "busybox", "alpine-baselayout", "libcrypto1.1",
                "ca-certificates-bundle", "ssl_client");
        assertThat(alpine.get("libcrypto1.1").orElseThrow().version()).isEqualTo("1.1.1l-r0");
        assertThat(alpine.get("ca-certificates-bundle").orElseThrow().version()).isEqualTo("20211220-r0");
    }

    @Test
    void theInventoryProbeNamesItsManagerAndSaysWhenThereIsNone() {
        String dpkgOut = "# crosshost-packages dpkg\n" + Resources.read("dpkg-debian-12.tsv");

        assertThat(PackageInventory.read(new ProbeOutput(0, dpkgOut, ""))).isEqualTo(new ProbeReading.Read<>(debian(12)));
        assertThat(PackageInventory.read(new ProbeOutput(0, "# crosshost-packages none\n", "")))
                .isEqualTo(new ProbeReading.Read<>(PackageInventory.none(List.of())));
        // What the lab's busybox image prints: its one binary, with the version from its banner.
        assertThat(PackageInventory.read(new ProbeOutput(0, "# crosshost-packages none\nstatic /bin/busybox 1.35.0\nstatic /bin/odd \n", "")))
                .isEqualTo(new ProbeReading.Read<>(PackageInventory.none(List.of(new StaticBinary("/bin/busybox", "1.35.0"),
                        new StaticBinary("/bin/odd", "")))));
        assertThat(PackageManager.inventoryProbeCommand()).hasSize(3).startsWith("sh", "-c");
        assertThat(PackageManager.inventoryProbeCommand().get(2)).startsWith("if command -v dpkg-query ")
                .contains("elif command -v rpm ", "elif command -v apk ", "${source:Package}", "static $f")
                .doesNotContain("[ -x");
    }

    @Test
    void refusesToCompareDifferentManagersAndMalformedLines() {
        PackageInventory alpine = PackageInventory.parse(PackageManager.APK, "musl-1.2.2-r7");

        assertThatThrownBy(() -> PackageDiff.between(debian(12), alpine)).hasMessageContaining("same package manager");
        assertThatThrownBy(() -> PackageInventory.parse(PackageManager.DPKG, "libc6 2.36"))
                .hasMessageContaining("expected 4 tab-separated fields");
    }
}
