package io.crosshost.host;

import io.crosshost.pinpoint.ProbeContainers.ProbeOutput;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ImagePackagesProbeTest {

    @Test
    void whatTheProbePrintedIsCachedWholeSoAnImageWithoutShIsNotProbedAgain() {
        ProbeOutput noShell = new ProbeOutput(127, "", "exec: \"sh\": executable file not found in $PATH\nmore");
        ProbeOutput dpkg = new ProbeOutput(0, "# crosshost-packages dpkg\nlibc6\t2.36-9\tamd64\tglibc\n", "");

        assertThat(ImagePackagesProbe.unpack(ImagePackagesProbe.pack(noShell)))
                .contains(new ProbeOutput(127, "", "exec: \"sh\": executable file not found in $PATH"));
        assertThat(ImagePackagesProbe.unpack(ImagePackagesProbe.pack(dpkg))).contains(dpkg);
        assertThat(ImagePackagesProbe.unpack("# crosshost-packages dpkg\n")).as("another format: probe again").isEmpty();
    }
}
