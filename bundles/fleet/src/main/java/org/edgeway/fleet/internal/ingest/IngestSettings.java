package org.edgeway.fleet.internal.ingest;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * How the fleet console's ingest reaches the broker and whose gateways it serves.
 *
 * @param brokerUrl      {@code tcp://HOST:PORT} or {@code ssl://HOST:PORT}
 * @param clientIdPrefix the MQTT client id is this prefix, a dash and a random suffix, so that every console
 *                       instance has its own session
 * @param username       the broker user, null for none
 * @param password       the broker password, null for none; never shown by {@link #toString()}
 * @param account        the Kura account whose gateways this console serves (the first topic level)
 * @param shareGroup     the MQTT shared subscription group: console instances in one group split the messages;
 *                       {@value #NOT_SHARED}: plain subscriptions (one instance only);
 *                       null or blank means {@value #DEFAULT_SHARE_GROUP}
 * @param batchSize      stop visits stored in one transaction at most
 * @param flushInterval  the longest a received stop visit waits for its batch to fill
 * @param shareLifecycle whether the lifecycle topics ({@code $EDC/ACCOUNT/+/MQTT/#}: births, DC, LWT, APPS) are
 *                       subscribed through the share group too. Off by default: Mosquitto (2.0.11 at least)
 *                       accepts {@code $share/GROUP/$EDC/...} but delivers nothing to it, since it never matches
 *                       topics starting with '$' through a shared subscription. Off, every instance receives every
 *                       lifecycle message; the store takes them idempotently. Turn it on for brokers that share
 *                       '$' topics.
 */
public record IngestSettings(String brokerUrl, String clientIdPrefix, String username, char[] password,
        String account, String shareGroup, int batchSize, Duration flushInterval, boolean shareLifecycle) {

    public static final String DEFAULT_SHARE_GROUP = "edgeway-fleet";
    /**
     * The share group meaning "plain subscriptions": for brokers without MQTT shared subscriptions (the demo's embedded
     * Moquette 0.17), where only one console instance may ingest.
     */
    public static final String NOT_SHARED = "-";
    public static final String DEFAULT_CLIENT_ID_PREFIX = "edgeway-fleet";
    public static final int DEFAULT_BATCH_SIZE = 200;
    public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofMillis(500);

    static final int MAX_BATCH_SIZE = 10_000;
    static final Duration MAX_FLUSH_INTERVAL = Duration.ofMinutes(1);

    /** A topic level: no separators or wildcards (they would widen the subscription), nothing invisible. */
    private static final Pattern TOPIC_LEVEL = Pattern.compile("[^/+#\\p{Cntrl}\\s]{1,255}");
    /** Client ids travel in logs and broker ACLs: keep the prefix plain. */
    private static final Pattern CLIENT_ID_PREFIX = Pattern.compile("[A-Za-z0-9._-]{1,40}");

    /** Validates; keeps its own copy of the password. */
    public IngestSettings {
        brokerUrl = checkBrokerUrl(brokerUrl);
        if (clientIdPrefix == null || !CLIENT_ID_PREFIX.matcher(clientIdPrefix).matches()) {
            throw new IllegalArgumentException("clientIdPrefix must be 1 to 40 letters, digits, '.', '_' or '-'");
        }
        if (username != null && username.isEmpty()) {
            username = null;
        }
        password = password == null || password.length == 0 ? null : password.clone();
        if (account == null || !TOPIC_LEVEL.matcher(account).matches()) {
            throw new IllegalArgumentException("account must be one MQTT topic level: 1 to 255 characters without "
                    + "'/', '+', '#', spaces or control characters");
        }
        if (shareGroup == null || shareGroup.isBlank()) {
            shareGroup = DEFAULT_SHARE_GROUP;
        } else if (!TOPIC_LEVEL.matcher(shareGroup).matches()) {
            throw new IllegalArgumentException("shareGroup must be one MQTT topic level: 1 to 255 characters without "
                    + "'/', '+', '#', spaces or control characters");
        }
        if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
            throw new IllegalArgumentException("batchSize must be between 1 and " + MAX_BATCH_SIZE + ", not "
                    + batchSize);
        }
        if (flushInterval == null || flushInterval.isNegative() || flushInterval.isZero()
                || flushInterval.compareTo(MAX_FLUSH_INTERVAL) > 0) {
            throw new IllegalArgumentException("flushInterval must be positive and at most " + MAX_FLUSH_INTERVAL
                    + ", not " + flushInterval);
        }
    }

    /** Anonymous, with the default client id prefix, share group, batch size and flush interval. */
    public static IngestSettings of(String brokerUrl, String account) {
        return new IngestSettings(brokerUrl, DEFAULT_CLIENT_ID_PREFIX, null, null, account, null, DEFAULT_BATCH_SIZE,
                DEFAULT_FLUSH_INTERVAL, false);
    }

    private static String checkBrokerUrl(String url) {
        if (url == null || !(url.startsWith("tcp://") || url.startsWith("ssl://"))) {
            throw new IllegalArgumentException("brokerUrl must be tcp://HOST:PORT or ssl://HOST:PORT");
        }
        try {
            URI uri = new URI(url);
            if (uri.getHost() == null || uri.getUserInfo() != null
                    || (uri.getPath() != null && !uri.getPath().isEmpty() && !uri.getPath().equals("/"))
                    || uri.getQuery() != null || uri.getFragment() != null) {
                throw new IllegalArgumentException("brokerUrl must be tcp://HOST:PORT or ssl://HOST:PORT, "
                        + "without user, path or query");
            }
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("brokerUrl is not a valid URL: " + e.getReason(), e);
        }
        return url;
    }

    /** The password as a copy (null when none). */
    @Override
    public char[] password() {
        return password == null ? null : password.clone();
    }

    /** The subscriptions of this console: data of the transit and meter applications, and the lifecycle. */
    String[] subscriptions() {
        String share = shareGroup.equals(NOT_SHARED) ? "" : "$share/" + shareGroup + "/";
        return new String[] {
            share + account + "/+/APC-V1/#",
            share + account + "/+/METER-V1/+/+/interval",
            (shareLifecycle ? share : "") + "$EDC/" + account + "/+/MQTT/#"};
    }

    @Override
    public String toString() {
        return "IngestSettings[brokerUrl=" + brokerUrl + ", clientIdPrefix=" + clientIdPrefix + ", username="
                + username + ", password=" + (password == null ? "none" : "***") + ", account=" + account
                + ", shareGroup=" + shareGroup + ", batchSize=" + batchSize + ", flushInterval=" + flushInterval
                + ", shareLifecycle=" + shareLifecycle + "]";
    }
}
