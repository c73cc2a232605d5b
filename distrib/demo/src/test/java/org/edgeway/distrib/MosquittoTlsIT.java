package org.edgeway.distrib;

import static org.edgeway.distrib.TestSupport.copyTree;
import static org.edgeway.distrib.TestSupport.deleteTree;
import static org.edgeway.distrib.TestSupport.findExecutable;
import static org.edgeway.distrib.TestSupport.freePort;

import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.junit.Assume.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.Timeout;

/**
 * The demo distribution ({@code bin/edgeway}) connecting to a real Mosquitto over mutually authenticated TLS, with
 * the CA, its client certificate and key given as PEM files ({@code tls.ca.file}, {@code tls.cert.file},
 * {@code tls.key.file} of the cloud connection).
 *
 * <p>Keys and certificates are made with {@code openssl} at test time: a CA that signs the broker's certificate
 * (CN=localhost, subjectAltName IP:127.0.0.1 and DNS:localhost), the gateway's and the subscriber's client
 * certificates, and a second CA that signed nothing the broker presents. Mosquitto requires a client certificate
 * signed by the CA and takes its CN as the username. An independent Paho subscriber, with its own client certificate
 * loaded through the JDK's PKCS#12 key store, watches for the gateway's BIRTH certificate.
 */
public class MosquittoTlsIT {

    private static final String OPENSSL_MISSING = "openssl is not installed (apt-get install openssl): "
            + "MosquittoTlsIT makes its keys and certificates with it";
    private static final String CONNECTION_PID = "org.edgeway.cloud.connection~default";
    private static final String BIRTH_TOPIC = "$EDC/edgeway/+/MQTT/BIRTH";
    private static final long START_TIMEOUT_S = 60;
    /** How long a gateway that must not connect is watched for a BIRTH after it has logged its connection error. */
    private static final long NO_BIRTH_WATCH_S = 10;
    /** Protects the subscriber's PKCS#12 file in the temporary directory; a test value. */
    private static final String SUBSCRIBER_STORE_PASSWORD = "test-only";

    @Rule
    public final Timeout timeout = Timeout.seconds(150);

    private final Path distribution = Path.of(System.getProperty("edgeway.distribution",
            "target/edgeway-demo")).toAbsolutePath();
    private final BlockingQueue<String> births = new LinkedBlockingQueue<>();
    private Path work;
    private Path pki;
    private Mosquitto broker;
    private GatewayProcess gateway;
    private MqttClient subscriber;

    @Before
    public void startBrokerAndSubscriber() throws Exception {
        Path mosquitto = Mosquitto.executableOrSkip();
        assumeTrue(OPENSSL_MISSING, findExecutable("openssl", Path.of("/usr/bin/openssl")).isPresent());
        work = Files.createTempDirectory("edgeway-mosquitto-tls-it-");
        pki = Files.createDirectories(work.resolve("pki"));
        makeKeysAndCertificates();
        startMosquitto(mosquitto);
        subscribe();
    }

    @After
    public void stopEverythingStarted() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        if (broker != null) {
            broker.close();
        }
        MqttTestClients.closeQuietly(subscriber);
        if (work != null) {
            deleteTree(work);
        }
    }

    @Test
    public void gatewayConnectsWithItsClientCertificateAndPublishesItsBirth() throws Exception {
        // the gateway's key is SEC1 (EC PRIVATE KEY), which the JDK cannot read without the cloud bundle's help
        startGateway(pki.resolve("ca.pem"));

        String birth = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_TIMEOUT_S);
        while (birth == null && System.nanoTime() < deadline) {
            gateway.assertAlive();
            birth = births.poll(500, TimeUnit.MILLISECONDS);
        }
        if (birth == null) {
            fail("no BIRTH on " + BIRTH_TOPIC + " within " + START_TIMEOUT_S + " s of starting the gateway with TLS\n"
                    + "gateway:\n" + gateway.tail() + "\nmosquitto:\n" + broker.tail());
        }
        assertTrue("the gateway's output has no 'connected to " + brokerUrl() + "' line:\n" + gateway.tail(),
                gateway.output().contains("connected to " + brokerUrl()));
        assertTrue("mosquitto did not log the gateway's certificate CN as its username:\n" + broker.tail(),
                broker.log().contains("u'edgeway-gateway'"));
    }

    @Test
    public void gatewayTrustingAnotherCaDoesNotConnect() throws Exception {
        startGateway(pki.resolve("other-ca.pem"));

        Pattern error = Pattern.compile("cloud connection default to " + Pattern.quote(brokerUrl())
                + ": .*(?:SSLHandshakeException|certification path).*; retrying in \\d+ ms");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_TIMEOUT_S);
        while (!error.matcher(gateway.output()).find()) {
            if (System.nanoTime() > deadline) {
                fail("the gateway logged no TLS handshake error ('cloud connection default to " + brokerUrl()
                        + ": ...SSLHandshakeException...; retrying in N ms') within " + START_TIMEOUT_S + " s:\n" + gateway.tail()
                        + "\nmosquitto:\n" + broker.tail());
            }
            gateway.assertAlive();
            Thread.sleep(100);
        }

        String birth = births.poll(NO_BIRTH_WATCH_S, TimeUnit.SECONDS);
        assertNull("a gateway that cannot verify the broker's certificate published a BIRTH on " + birth + ":\n"
                + gateway.tail(), birth);
        assertTrue("the gateway logged a connection although it cannot verify the broker:\n" + gateway.tail(),
                !gateway.output().contains("cloud connection default connected"));
        gateway.assertAlive();
    }

    // ---- keys and certificates ------------------------------------------------------------------------------------

    private void makeKeysAndCertificates() throws Exception {
        for (String ca : List.of("ca", "other-ca")) {
            openssl("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", ca + ".key");
            openssl("req", "-x509", "-new", "-key", ca + ".key", "-subj", "/CN=edgeway it " + ca, "-days", "2",
                    "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
                    "-out", ca + ".pem");
        }
        openssl("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "server.key");
        sign("server", "localhost", "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n");

        // the gateway: EC P-256 in SEC1 form
        openssl("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "gateway.key");
        sign("gateway", "edgeway-gateway", "extendedKeyUsage=clientAuth\n");

        // the subscriber: RSA, bundled as PKCS#12 for the JDK's key store
        openssl("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "subscriber.key");
        sign("subscriber", "tls-it-subscriber", "extendedKeyUsage=clientAuth\n");
        openssl("pkcs12", "-export", "-in", "subscriber.pem", "-inkey", "subscriber.key", "-name", "subscriber",
                "-passout", "pass:" + SUBSCRIBER_STORE_PASSWORD, "-out", "subscriber.p12");
    }

    private void sign(String name, String commonName, String extensions) throws Exception {
        Files.writeString(pki.resolve(name + ".ext"), extensions);
        openssl("req", "-new", "-key", name + ".key", "-subj", "/CN=" + commonName, "-out", name + ".csr");
        openssl("x509", "-req", "-in", name + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                "-days", "2", "-extfile", name + ".ext", "-out", name + ".pem");
    }

    private void openssl(String... arguments) throws Exception {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).directory(pki.toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        String output;
        try (InputStream in = process.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            fail(String.join(" ", command) + " failed:\n" + output);
        }
    }

    // ---- Mosquitto ------------------------------------------------------------------------------------------------

    private void startMosquitto(Path executable) throws Exception {
        // Mosquitto requires a client certificate signed by the CA and takes its CN as the username
        broker = new Mosquitto(executable, work.resolve("mosquitto"), freePort(), List.of(
                "cafile " + pki.resolve("ca.pem"),
                "certfile " + pki.resolve("server.pem"),
                "keyfile " + pki.resolve("server.key"),
                "require_certificate true",
                "use_identity_as_username true",
                "persistence false",
                "log_type all",
                "connection_messages true"));
        broker.start();
    }

    /** As the gateway is told to reach it: by name, so that hostname verification checks the DNS name. */
    private String brokerUrl() {
        return "ssl://localhost:" + broker.port();
    }

    // ---- the subscriber -------------------------------------------------------------------------------------------

    /** Subscribes to BIRTH certificates over TLS with its own client certificate, before any gateway starts. */
    private void subscribe() throws Exception {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        try (InputStream in = Files.newInputStream(pki.resolve("ca.pem"))) {
            Certificate ca = CertificateFactory.getInstance("X.509").generateCertificate(in);
            trusted.setCertificateEntry("ca", ca);
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance("PKIX");
        trust.init(trusted);
        KeyStore identity = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(pki.resolve("subscriber.p12"))) {
            identity.load(in, SUBSCRIBER_STORE_PASSWORD.toCharArray());
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(identity, SUBSCRIBER_STORE_PASSWORD.toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);

        subscriber = new MqttClient(brokerUrl(), "tls-it-subscriber", new MemoryPersistence());
        subscriber.setTimeToWait(TimeUnit.SECONDS.toMillis(10));
        subscriber.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
                // the tests fail by missing BIRTHs; the broker stays up throughout
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                births.add(topic);
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
                // the subscriber publishes nothing
            }
        });
        MqttConnectOptions options = new MqttConnectOptions();
        options.setSocketFactory(context.getSocketFactory());
        options.setHttpsHostnameVerificationEnabled(true);
        options.setCleanSession(true);
        options.setConnectionTimeout(10);
        options.setKeepAliveInterval(10);
        try {
            subscriber.connect(options);
        } catch (MqttException e) {
            throw new AssertionError("the test's own TLS subscriber cannot connect: " + e + "\nmosquitto:\n"
                    + broker.tail(), e);
        }
        subscriber.subscribe(BIRTH_TOPIC, 1);
    }

    // ---- the gateway ----------------------------------------------------------------------------------------------

    private void startGateway(Path caFile) throws IOException {
        Path home = work.resolve("home");
        copyTree(distribution.resolve("etc"), home.resolve("etc"));
        int meterPort = freePort(); // the demo's simulated Modbus meters, off their fixed port
        gateway = GatewayProcess.start(distribution, home, Map.of("EDGEWAY_MQTT_URL", brokerUrl()), List.of(
                "--set", CONNECTION_PID + ":tls.ca.file=" + caFile,
                "--set", CONNECTION_PID + ":tls.cert.file=" + pki.resolve("gateway.pem"),
                "--set", CONNECTION_PID + ":tls.key.file=" + pki.resolve("gateway.key"),
                "--set", "org.edgeway.demo.broker:port=" + freePort(),
                "--set", "org.edgeway.demo.broker:print.messages=false",
                "--set", "org.edgeway.demo.meters:port=" + meterPort, "--set", "org.edgeway.modbus.bus~depot:port=" + meterPort),
                Files.createTempFile(work, "gateway-", ".log"), () -> "mosquitto:\n" + broker.tail());
    }
}
