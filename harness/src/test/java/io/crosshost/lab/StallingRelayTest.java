package io.crosshost.lab;

import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The lab's stalling relay, on loopback sockets alone: small exchanges pass, a large one hangs open, close ends all. */
class StallingRelayTest {

    @Test
    void passesSmallExchangesThenHoldsALargeOneOpenWithoutAWordAndCloseEndsEveryThread() throws Exception {
        try (ServerSocket upstream = new ServerSocket()) {
            upstream.bind(new InetSocketAddress(InetAddress.getByName("::1"), 0));
            Thread server = new Thread(() -> {
                try (Socket s = upstream.accept()) {
                    InputStream in = s.getInputStream();
                    in.read();
                    s.getOutputStream().write(new byte[1000]); // a small answer
                    in.read();
                    s.getOutputStream().write(new byte[500_000]); // a large one: a blob
                    in.read(); // until the relay closes
                } catch (Exception ignored) {
                    // the relay closed
                }
            });
            server.setDaemon(true);
            server.start();
            StallingRelay relay = StallingRelay.start(0, upstream.getLocalPort(), 256 * 1024);
            try (Socket client = new Socket(InetAddress.getByName("::1"), relay.port())) {
                client.setSoTimeout(400);
                client.getOutputStream().write(1);
                assertThat(client.getInputStream().readNBytes(1000)).hasSize(1000);
                client.getOutputStream().write(2);
                byte[] buffer = new byte[500_000];
                int got = 0;
                try {
                    for (int n; (n = client.getInputStream().read(buffer, got, buffer.length - got)) > 0; ) {
                        got += n;
                    }
                } catch (SocketTimeoutException stalled) {
                    // what the engine sees: no byte and no end
                }
                assertThat(got).as("bytes of the large answer that passed").isGreaterThan(200_000).isLessThan(300_000);
                assertThat(relay.stalledConnections()).isEqualTo(1);
                assertThatThrownBy(() -> client.getInputStream().read()).as("still open, still silent")
                        .isInstanceOf(SocketTimeoutException.class);
                client.close();
                for (int i = 0; i < 50 && relay.abandonedByTheEngine() == 0; i++) {
                    Thread.sleep(20);
                }
                assertThat(relay.abandonedByTheEngine()).as("the client gave up and closed its side").isEqualTo(1);
            } finally {
                relay.close();
            }
            assertThat(relay.threadsAlive()).isFalse();
        }
    }
}
