package io.crosshost.host;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.WaitContainerResultCallback;
import com.github.dockerjava.transport.DockerHttpClient;
import io.crosshost.runtime.EngineMessages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeadlineHttpClientTest {

    @Test
    void requestsThatAnswerAtOnceHaveADeadlineAndThoseThatLastAsLongAsAContainerHaveNone() {
        for (String quick : List.of("/containers/create?name=x", "/v1.41/containers/abc/start", "/containers/abc/json",
                "/containers/abc/kill", "/containers/abc?force=true&v=true", "/containers/json?all=1", "/_ping", "/info",
                "/images/crosshost.test/debian:12/json", "/containers/abc/exec", "/exec/abc/json", "/containers/abc/archive?path=/etc",
                "/containers/abc/stats?stream=false&one-shot=true", "/v1.41/containers/abc/stats?stream=0")) {
            assertThat(DeadlineHttpClient.hasDeadline(request("POST", quick))).as(quick).isTrue();
        }
        for (String lasting : List.of("/containers/abc/attach?stream=1&stdout=1", "/v1.41/containers/abc/wait", "/exec/abc/start",
                "/images/create?fromImage=debian&tag=12", "/containers/abc/logs?follow=1", "/events", "/containers/abc/stats",
                "/build?t=x", "/images/debian:12/get")) {
            assertThat(DeadlineHttpClient.hasDeadline(request("POST", lasting))).as(lasting).isFalse();
        }
    }

    @Test
    void theMessageShowsThePathAsAPersonReadsIt() {
        String id = "0a0e093fe4812f335db53f2896bd1f8adc98c735068bab306515e2c092e66179";
        assertThat(DeadlineHttpClient.shown("/v1.41/containers/" + id + "/kill?signal=KILL")).isEqualTo("/containers/0a0e093fe481/kill");
        assertThat(DeadlineHttpClient.shown("/containers/json?all=1")).isEqualTo("/containers/json");
    }

    /**
     * An engine that accepts connections and never answers, as a SIGSTOP'd or deadlocked dockerd does: a short
     * request ends at its deadline with a message that names it, the caller's interrupt status is as it was, the
     * next request meets the same deadline, and a wait (which lasts as long as a container) is not cut by it.
     */
    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // the body, whose interrupt status is checked, runs in one thread
    void aRequestToAnEngineThatNeverAnswersEndsAtItsDeadline(@TempDir Path dir) throws Exception {
        Path socket = dir.resolve("silent.sock");
        List<SocketChannel> accepted = new CopyOnWriteArrayList<>();
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        SocketChannel c = server.accept();
                        accepted.add(c);
                        c.read(ByteBuffer.allocate(65536)); // takes the request, answers nothing
                    }
                } catch (Exception closed) {
                    // the test is over
                }
            }, "silent-engine");
            acceptor.setDaemon(true);
            acceptor.start();

            DockerClient client = HostConnector.client("unix://" + socket, null, 4, Duration.ofMillis(300));
            try {
                for (int i = 0; i < 2; i++) {
                    long t0 = System.nanoTime();
                    assertThatThrownBy(() -> client.listContainersCmd().withShowAll(true).exec())
                            .isInstanceOf(UncheckedIOException.class)
                            .hasMessageContaining("the engine did not answer GET /containers/json within 300ms");
                    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
                    assertThat(Thread.currentThread().isInterrupted()).as("the caller's interrupt status, after the alarm").isFalse();
                }
                assertThat(EngineMessages.kind(catchThrowable(() -> client.inspectContainerCmd("abc").exec()))).isEqualTo(EngineMessages.Kind.TIMEOUT);

                WaitContainerResultCallback wait = client.waitContainerCmd("abc").exec(new WaitContainerResultCallback());
                assertThat(wait.awaitCompletion(1500, TimeUnit.MILLISECONDS)).as("a wait is bounded by the cell, not the deadline").isFalse();
                wait.close();
            } finally {
                client.close();
                for (SocketChannel c : accepted) {
                    c.close();
                }
            }
        }
    }

    /**
     * The same over TCP (a remote engine; plain here, on loopback, where TLS would add nothing to the test): a
     * java.net.Socket's read ignores interrupts, so the deadline must come from the socket's own read timeout.
     */
    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aRequestToARemoteEngineThatNeverAnswersEndsAtItsDeadlineToo() throws Exception {
        List<java.net.Socket> accepted = new CopyOnWriteArrayList<>();
        try (java.net.ServerSocket server = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(server.accept()); // takes the request, answers nothing
                    }
                } catch (Exception closed) {
                    // the test is over
                }
            }, "silent-remote-engine");
            acceptor.setDaemon(true);
            acceptor.start();

            DockerClient client = HostConnector.client("tcp://127.0.0.1:" + server.getLocalPort(), null, 4, Duration.ofMillis(300));
            try {
                long t0 = System.nanoTime();
                assertThatThrownBy(() -> client.inspectContainerCmd("abc").exec())
                        .isInstanceOf(UncheckedIOException.class)
                        .hasMessageContaining("the engine did not answer GET /containers/abc/json within 300ms");
                assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
                assertThat(Thread.currentThread().isInterrupted()).isFalse();

                WaitContainerResultCallback wait = client.waitContainerCmd("abc").exec(new WaitContainerResultCallback());
                assertThat(wait.awaitCompletion(1500, TimeUnit.MILLISECONDS)).as("a wait is bounded by the cell, not the deadline").isFalse();
                wait.close();
            } finally {
                client.close();
                for (java.net.Socket c : accepted) {
                    c.close();
                }
            }
        }
    }

    private static Throwable catchThrowable(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        return org.assertj.core.api.Assertions.catchThrowable(call);
    }

    private static DockerHttpClient.Request request(String method, String path) {
        return DockerHttpClient.Request.builder().method(DockerHttpClient.Request.Method.valueOf(method)).path(path).build();
    }
}
