package org.edgeway.transit.internal.ibisip;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** IBIS-IP operations over HTTP: {@code POST {base}/{Service}/{Operation}} with an XML body, an XML reply. */
final class IbisIpHttp {

    private IbisIpHttp() {
    }

    /**
     * @param base    the device's base URL, for example {@code http://127.0.0.1:5031}
     * @param service for example {@code PassengerCountingService}
     * @param op      for example {@code GetAllData}
     * @return the operation's URL
     */
    static URI operation(URI base, String service, String op) {
        String text = base.toString();
        while (text.endsWith("/")) {
            text = text.substring(0, text.length() - 1);
        }
        return URI.create(text + "/" + service + "/" + op);
    }

    /**
     * Posts and reads the whole reply within the timeout.
     *
     * @return the body of a 2xx reply
     * @throws IOException for a connection failure, a timeout ({@link HttpTimeoutException}), a non-2xx status, or a
     *                     reply over {@link IbisIpXml#MAX_BODY}; the message says which, short and without the body
     */
    static byte[] post(HttpClient client, URI uri, byte[] body, Duration timeout) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout)
                // devices speak plain HTTP/1.1; the JDK client's default would offer an h2c upgrade
                .version(HttpClient.Version.HTTP_1_1)
                .header("Content-Type", "text/xml; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        CompletableFuture<HttpResponse<byte[]>> future = client.sendAsync(request,
                info -> new LimitedBody(IbisIpXml.MAX_BODY));
        HttpResponse<byte[]> response;
        try {
            // the request timeout covers the headers only; this covers a body that trickles in as well
            response = future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new HttpTimeoutException("no complete reply within " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof HttpTimeoutException) {
                throw new HttpTimeoutException("no reply within " + timeout.toMillis() + " ms");
            }
            if (cause instanceof IOException io) {
                throw new IOException(describe(io), io);
            }
            throw new IOException(String.valueOf(cause), cause);
        }
        int status = response.statusCode();
        if (status < 200 || status > 299) {
            throw new IOException("HTTP " + status + " from " + uri.getPath());
        }
        return response.body();
    }

    /** The JDK client's connection errors often have a null message: name the exception then. */
    private static String describe(IOException e) {
        Throwable t = e;
        while (t.getMessage() == null && t.getCause() != null) {
            t = t.getCause();
        }
        String name = t.getClass().getSimpleName();
        return t.getMessage() == null ? name : name + ": " + t.getMessage();
    }

    /**
     * Collects a body up to a limit and fails beyond it. The JDK's {@code BodySubscribers.ofByteArray()} has no
     * limit, and a faulty device must not fill the heap.
     */
    static final class LimitedBody implements HttpResponse.BodySubscriber<byte[]> {

        private final int limit;
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private Flow.Subscription subscription;

        LimitedBody(int limit) {
            this.limit = limit;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            if (result.isDone()) {
                return;
            }
            for (ByteBuffer buffer : items) {
                if (out.size() + buffer.remaining() > limit) {
                    subscription.cancel();
                    result.completeExceptionally(new IOException("reply body exceeds " + limit + " bytes"));
                    return;
                }
                byte[] chunk = new byte[buffer.remaining()];
                buffer.get(chunk);
                out.write(chunk, 0, chunk.length);
            }
        }

        @Override
        public void onError(Throwable throwable) {
            result.completeExceptionally(throwable);
        }

        @Override
        public void onComplete() {
            result.complete(out.toByteArray());
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }
    }
}
