package io.crosshost.runtime;

import com.github.dockerjava.api.exception.InternalServerErrorException;
import com.github.dockerjava.api.exception.NotFoundException;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLHandshakeException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

class EngineErrorKindsTest {

    @Test
    void transportErrorsAsDockerJavaWrapsThem() {
        // what docker-java 3.7.1's zerodep transport throws, as seen against the lab
        assertThat(EngineMessages.describe(new RuntimeException(new SocketException("No such file or directory"))))
                .isEqualTo("no such socket file");
        assertThat(EngineMessages.describe(new RuntimeException(new ConnectException("Connection refused"))))
                .isEqualTo("connection refused");
        assertThat(EngineMessages.describe(new RuntimeException(new SocketException("Permission denied"))))
                .isEqualTo("permission denied");
        assertThat(EngineMessages.describe(new RuntimeException(new SocketTimeoutException("Read timed out"))))
                .isEqualTo("timed out");
    }

    @Test
    void tlsFailuresKeepTheirReason() {
        RuntimeException e = new RuntimeException(new SSLHandshakeException("PKIX path building failed: unable to find valid certification path"));

        assertThat(EngineMessages.kind(e)).isEqualTo(EngineMessages.Kind.TLS);
        assertThat(EngineMessages.describe(e)).isEqualTo("TLS: PKIX path building failed: unable to find valid certification path");
    }

    @Test
    void engineErrorsInTheEnginesOwnWords() {
        // Docker 20.10's answer to /images/crosshost.test/nope:1/json; docker-java makes it "Status 404: {...}"
        NotFoundException docker = new NotFoundException(
                "{\"message\":\"no such image: crosshost.test/nope:1: No such image: crosshost.test/nope:1\"}\n");
        // and Podman 4.3's
        NotFoundException podman = new NotFoundException("{\"cause\":\"failed to find image crosshost.test/nope:1: "
                + "crosshost.test/nope:1: No such image\",\"message\":\"failed to find image crosshost.test/nope:1: "
                + "crosshost.test/nope:1: No such image\",\"response\":404}\n");

        assertThat(EngineMessages.describe(docker))
                .isEqualTo("HTTP 404: no such image: crosshost.test/nope:1: No such image: crosshost.test/nope:1");
        assertThat(EngineMessages.describe(podman))
                .isEqualTo("HTTP 404: failed to find image crosshost.test/nope:1: crosshost.test/nope:1: No such image");
        assertThat(EngineMessages.describe(new InternalServerErrorException("engine is shutting down")))
                .isEqualTo("HTTP 500: engine is shutting down");
    }

    @Test
    void otherErrorsLoseTheirJavaClassNamesAndStayOnOneLine() {
        RuntimeException e = new RuntimeException("java.io.IOException: Broken pipe",
                new java.io.IOException("Broken pipe\n\tat somewhere.Else(Else.java:1)"));

        assertThat(EngineMessages.describe(e)).isEqualTo("Broken pipe");
        assertThat(EngineMessages.describe(new RuntimeException("x".repeat(1000)))).hasSize(300).endsWith("…");
        assertThat(EngineMessages.describe(new IllegalStateException())).isEqualTo("IllegalStateException");
    }
}
