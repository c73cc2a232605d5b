package org.edgeway.deploy.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Downloads a file over HTTP or HTTPS with the JDK's {@link HttpClient} into a partial file: resumes with a
 * {@code Range} request when the partial file exists and resuming is asked for (and starts over when the server
 * ignores the range), fails when nothing arrives for the idle timeout or the file grows beyond the maximum size, and
 * can be cancelled from another thread.
 */
final class Downloader {

    /** Told about progress: bytes so far and the total, -1 if unknown. */
    interface Progress {
        void update(long bytes, long total);
    }

    /** The download was cancelled; the partial file is deleted. */
    static final class CancelledException extends IOException {
        private static final long serialVersionUID = 1L;

        CancelledException() {
            super("download cancelled");
        }
    }

    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");

    private final HttpClient client;

    Downloader(HttpClient client) {
        this.client = client;
    }

    static HttpClient newClient(Duration connectTimeout) {
        return HttpClient.newBuilder().connectTimeout(connectTimeout).followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    /**
     * Downloads {@code uri} into {@code part}.
     *
     * @throws PackageException    if the file is larger than {@code maxBytes} (the partial file is deleted)
     * @throws CancelledException  if {@code cancelled} was set
     * @throws IOException         on network errors, the idle timeout or an HTTP error status; the partial file stays
     */
    void download(URI uri, Path part, boolean resume, Duration idleTimeout, long maxBytes, Progress progress,
            AtomicBoolean cancelled) throws IOException, PackageException, InterruptedException {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("dp.uri must be an http or https URL, was " + uri);
        }
        long existing = resume && Files.exists(part) ? Files.size(part) : 0;
        if (!resume) {
            Files.deleteIfExists(part);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(idleTimeout).GET();
        if (existing > 0) {
            request.header("Range", "bytes=" + existing + "-");
        }
        HttpResponse<InputStream> response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        boolean append;
        long total;
        long contentLength = response.headers().firstValueAsLong("Content-Length").orElse(-1);
        if (response.statusCode() == 206 && existing > 0) {
            Optional<String> range = response.headers().firstValue("Content-Range");
            Matcher matcher = CONTENT_RANGE.matcher(range.orElse(""));
            if (!matcher.matches() || Long.parseLong(matcher.group(1)) != existing) {
                response.body().close();
                Files.deleteIfExists(part);
                throw new IOException("server answered the resume request with Content-Range '"
                        + range.orElse("") + "' instead of bytes " + existing + "-; the partial download is discarded");
            }
            append = true;
            total = matcher.group(3).equals("*") ? -1 : Long.parseLong(matcher.group(3));
        } else if (response.statusCode() == 200) {
            append = false;
            existing = 0;
            total = contentLength;
        } else if (response.statusCode() == 416 && existing > 0) {
            // the partial file is already complete or larger than the file: start over next time
            response.body().close();
            Files.deleteIfExists(part);
            throw new IOException("server refused to resume at byte " + existing + " (HTTP 416); the partial download "
                    + "is discarded, try again");
        } else {
            response.body().close();
            throw new IOException("HTTP status " + response.statusCode() + " from " + uri);
        }
        if (total > maxBytes) {
            response.body().close();
            Files.deleteIfExists(part);
            throw new PackageException("package is " + total + " bytes, more than the limit of " + maxBytes
                    + " bytes (max.package.bytes); download refused");
        }
        AtomicLong lastRead = new AtomicLong(System.nanoTime());
        AtomicBoolean timedOut = new AtomicBoolean();
        ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "edgeway-deploy-download-watchdog");
            thread.setDaemon(true);
            return thread;
        });
        InputStream body = response.body();
        watchdog.scheduleWithFixedDelay(() -> {
            boolean idle = System.nanoTime() - lastRead.get() > idleTimeout.toNanos();
            if (cancelled.get() || idle) {
                timedOut.set(idle && !cancelled.get());
                try {
                    body.close(); // unblocks the read below
                } catch (IOException e) {
                    // closing is all we can do
                }
            }
        }, 100, 100, TimeUnit.MILLISECONDS);
        long bytes = existing;
        try (InputStream in = body; OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
            byte[] buffer = new byte[16384];
            progress.update(bytes, total);
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                lastRead.set(System.nanoTime());
                bytes += n;
                if (bytes > maxBytes) {
                    throw new PackageException("download exceeds the limit of " + maxBytes
                            + " bytes (max.package.bytes); refused");
                }
                out.write(buffer, 0, n);
                progress.update(bytes, total);
                if (cancelled.get()) {
                    throw new CancelledException();
                }
            }
        } catch (PackageException | CancelledException e) {
            Files.deleteIfExists(part);
            throw e;
        } catch (IOException e) {
            if (cancelled.get()) {
                Files.deleteIfExists(part);
                throw new CancelledException();
            }
            if (timedOut.get()) {
                throw new IOException("download stalled: nothing received for " + idleTimeout.toMillis()
                        + " ms (dp.download.timeout) after " + bytes + " bytes");
            }
            throw e;
        } finally {
            watchdog.shutdownNow();
        }
        if (cancelled.get()) {
            Files.deleteIfExists(part);
            throw new CancelledException();
        }
        if (total >= 0 && bytes != total) {
            throw new IOException("download ended after " + bytes + " of " + total + " bytes");
        }
    }
}
