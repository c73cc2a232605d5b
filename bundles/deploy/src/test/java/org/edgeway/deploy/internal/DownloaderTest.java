package org.edgeway.deploy.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

class DownloaderTest {

    @TempDir
    Path dir;

    private final byte[] content = new byte[200_000];
    private final List<String> ranges = new CopyOnWriteArrayList<>();
    /** The first request sends only this many bytes, then stalls until released. */
    private final AtomicInteger cutAfter = new AtomicInteger(-1);
    private final CountDownLatch release = new CountDownLatch(1);
    private HttpServer server;
    private final Downloader downloader = new Downloader(Downloader.newClient(Duration.ofSeconds(5)));

    @BeforeEach
    void serve() throws Exception {
        new Random(7).nextBytes(content);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/pkg.zip", this::handle);
        server.createContext("/missing", exchange -> {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws java.io.IOException {
        String range = exchange.getRequestHeaders().getFirst("Range");
        ranges.add(String.valueOf(range));
        int from = range == null ? 0 : Integer.parseInt(range.replaceAll("bytes=(\\d+)-", "$1"));
        if (range != null) {
            exchange.getResponseHeaders().add("Content-Range", "bytes " + from + "-" + (content.length - 1) + "/"
                    + content.length);
            exchange.sendResponseHeaders(206, content.length - from);
        } else {
            exchange.sendResponseHeaders(200, content.length);
        }
        try (OutputStream out = exchange.getResponseBody()) {
            int cut = cutAfter.getAndSet(-1);
            if (cut >= 0) {
                out.write(content, from, cut);
                out.flush();
                release.await(30, TimeUnit.SECONDS); // stall
                return;
            }
            out.write(content, from, content.length - from);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.io.IOException e) {
            // the client went away
        }
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    @Test
    void downloadsAndResumesWithARangeAfterAStall() throws Exception {
        Path part = dir.resolve("p.part");
        cutAfter.set(50_000);
        assertThatThrownBy(() -> downloader.download(uri("/pkg.zip"), part, true, Duration.ofMillis(500), 1_000_000,
                (b, t) -> { }, new AtomicBoolean())).hasMessageContaining("download stalled");
        assertThat(Files.size(part)).isEqualTo(50_000);
        List<Long> progress = new CopyOnWriteArrayList<>();
        downloader.download(uri("/pkg.zip"), part, true, Duration.ofSeconds(5), 1_000_000,
                (bytes, total) -> progress.add(bytes), new AtomicBoolean());
        assertThat(Files.readAllBytes(part)).isEqualTo(content);
        assertThat(ranges).containsExactly("null", "bytes=50000-");
        assertThat(progress.get(0)).isEqualTo(50_000L);
    }

    @Test
    void startsOverWithoutResume() throws Exception {
        Path part = dir.resolve("p.part");
        Files.write(part, new byte[10]);
        downloader.download(uri("/pkg.zip"), part, false, Duration.ofSeconds(5), 1_000_000, (b, t) -> { },
                new AtomicBoolean());
        assertThat(Files.readAllBytes(part)).isEqualTo(content);
        assertThat(ranges).containsExactly("null");
    }

    @Test
    void refusesOversizedDownloadsHttpErrorsAndOtherSchemes() throws Exception {
        Path part = dir.resolve("p.part");
        assertThatThrownBy(() -> downloader.download(uri("/pkg.zip"), part, false, Duration.ofSeconds(5), 1000,
                (b, t) -> { }, new AtomicBoolean())).isInstanceOf(PackageException.class)
                .hasMessageContaining("more than the limit of 1000 bytes");
        assertThat(part).doesNotExist();
        assertThatThrownBy(() -> downloader.download(uri("/missing"), part, false, Duration.ofSeconds(5), 1000,
                (b, t) -> { }, new AtomicBoolean())).hasMessageContaining("HTTP status 404");
        assertThatThrownBy(() -> downloader.download(URI.create("file:///etc/passwd"), part, false,
                Duration.ofSeconds(5), 1000, (b, t) -> { }, new AtomicBoolean()))
                .hasMessageContaining("http or https");
    }

    @Test
    void cancelsAStalledDownloadAndDeletesThePart() throws Exception {
        Path part = dir.resolve("p.part");
        cutAfter.set(1000);
        AtomicBoolean cancel = new AtomicBoolean();
        Thread canceller = new Thread(() -> {
            try {
                while (!Files.exists(part) || Files.size(part) < 1000) {
                    Thread.sleep(20);
                }
            } catch (Exception e) {
                // ends the wait
            }
            cancel.set(true);
        });
        canceller.start();
        assertThatThrownBy(() -> downloader.download(uri("/pkg.zip"), part, true, Duration.ofSeconds(20), 1_000_000,
                (b, t) -> { }, cancel)).isInstanceOf(Downloader.CancelledException.class);
        assertThat(part).doesNotExist();
    }

    @Test
    void verifiesHashes() throws Exception {
        Path file = dir.resolve("f");
        Files.write(file, "hello".getBytes());
        Hashes.verify(file, "SHA-256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
        Hashes.verify(file, "md5:5D41402ABC4B2A76B9719D911017C592");
        assertThatThrownBy(() -> Hashes.verify(file, "SHA-256:00")).hasMessageContaining("does not match")
                .hasMessageContaining("expected SHA-256:00");
        assertThatThrownBy(() -> Hashes.digestOf("NOPE:00")).hasMessageContaining("unknown algorithm");
        assertThatThrownBy(() -> Hashes.digestOf("abc")).hasMessageContaining("ALGORITHM:HEX");
    }
}
