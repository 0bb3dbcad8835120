package io.crosshost.runtime;

import com.github.dockerjava.api.exception.DockerClientException;
import com.github.dockerjava.api.exception.InternalServerErrorException;
import org.junit.jupiter.api.Test;

import java.net.SocketException;

import static org.assertj.core.api.Assertions.assertThat;

class EngineMessagesTest {

    @Test
    void noAnswerIsATransportFailureNotAnEngineThatAnsweredWithAnError() {
        // docker-java 3.7.1's zerodep transport on a socket whose engine is gone
        assertThat(EngineMessages.noAnswer(new RuntimeException(new SocketException("No such file or directory")))).isTrue();
        // a wait whose stream was cut before the engine sent the status code
        assertThat(EngineMessages.noAnswer(new DockerClientException("Error while wait container"))).isTrue();
        // an engine that answered, even if it is shutting down
        assertThat(EngineMessages.noAnswer(new InternalServerErrorException("{\"message\":\"transport is closing: unavailable\"}"))).isFalse();
        // a harness bug is not the host's fault
        assertThat(EngineMessages.noAnswer(new NullPointerException())).isFalse();
    }

    @Test
    void theEnginesOwnWords() {
        assertThat(EngineMessages.of(new RuntimeException(new SocketException("No such file or directory")))).isEqualTo("No such file or directory");
        assertThat(EngineMessages.of(new InternalServerErrorException("{\"message\":\"transport is closing: unavailable\"}\n")))
                .isEqualTo("transport is closing: unavailable");
    }
}
