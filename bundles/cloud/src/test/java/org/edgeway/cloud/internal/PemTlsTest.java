package org.edgeway.cloud.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * PEM loading against keys and certificates made by {@code openssl} at test time, and real TLS handshakes (no MQTT)
 * between an {@link SSLServerSocket} and a client using {@link PemTls#socketFactory}.
 */
class PemTlsTest {

    @TempDir
    static Path dir;

    @BeforeAll
    static void makeKeysAndCertificates() throws Exception {
        Assumptions.assumeTrue(opensslAvailable(),
                "the openssl command is not installed (apt-get install openssl): PemTlsTest generates its keys with it");
        // two independent CAs
        for (String ca : List.of("ca", "other-ca")) {
            openssl("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", ca + ".key");
            openssl("req", "-x509", "-new", "-key", ca + ".key", "-subj", "/CN=edgeway test " + ca, "-days", "2",
                    "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
                    "-out", ca + ".pem");
        }
        Files.writeString(dir.resolve("both-cas.pem"),
                Files.readString(dir.resolve("other-ca.pem")) + Files.readString(dir.resolve("ca.pem")));

        // the server: RSA PKCS#8, CN=localhost, SAN IP:127.0.0.1,DNS:localhost
        openssl("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "server.key");
        sign("server", "localhost", "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n");

        // a client with an RSA key, in PKCS#8 and PKCS#1
        openssl("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "client-rsa.key");
        openssl("rsa", "-in", "client-rsa.key", "-traditional", "-out", "client-rsa-pkcs1.key");
        sign("client-rsa", "client-rsa", "extendedKeyUsage=clientAuth\n");

        // a client with an EC P-256 key, in PKCS#8 and SEC1
        openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "client-ec.key");
        openssl("ec", "-in", "client-ec.key", "-out", "client-ec-sec1.key");
        sign("client-ec", "client-ec", "extendedKeyUsage=clientAuth\n");
        // SEC1 as 'openssl ecparam -genkey' writes it: EC PARAMETERS first
        openssl("ecparam", "-name", "prime256v1", "-genkey", "-out", "other-ec-with-params.key");
        openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "other-ec.key");

        // what is refused
        openssl("genpkey", "-algorithm", "ED25519", "-out", "ed25519.key");
        openssl("pkey", "-in", "client-rsa.key", "-aes256", "-passout", "pass:secret", "-out", "encrypted-pkcs8.key");
        openssl("rsa", "-in", "client-rsa.key", "-traditional", "-aes256", "-passout", "pass:secret",
                "-out", "encrypted-pkcs1.key");
    }

    // ---- loading --------------------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = { "client-rsa.key", "client-rsa-pkcs1.key" })
    void loadsRsaKeysInPkcs8AndPkcs1(String key) {
        assertThat(PemTls.privateKey(file(key), null)).isInstanceOf(RSAPrivateKey.class);
        assertThat(PemTls.socketFactory(file("ca.pem"), file("client-rsa.pem"), file(key), null)).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = { "client-ec.key", "client-ec-sec1.key" })
    void loadsEcKeysInPkcs8AndSec1(String key) {
        assertThat(PemTls.privateKey(file(key), null)).isInstanceOf(ECPrivateKey.class);
        assertThat(PemTls.socketFactory(file("ca.pem"), file("client-ec.pem"), file(key), null)).isNotNull();
    }

    @Test
    void thePkcs1AndSec1WrappingsGiveTheSameKeysAsOpensslsPkcs8() {
        PrivateKey pkcs8 = PemTls.privateKey(file("client-rsa.key"), null);
        PrivateKey pkcs1 = PemTls.privateKey(file("client-rsa-pkcs1.key"), null);
        assertThat(pkcs1.getEncoded()).isEqualTo(pkcs8.getEncoded());

        ECPrivateKey ec8 = (ECPrivateKey) PemTls.privateKey(file("client-ec.key"), null);
        ECPrivateKey sec1 = (ECPrivateKey) PemTls.privateKey(file("client-ec-sec1.key"), null);
        assertThat(sec1.getS()).isEqualTo(ec8.getS());
        assertThat(sec1.getParams().getCurve()).isEqualTo(ec8.getParams().getCurve());
    }

    @Test
    void skipsAnEcParametersBlockBeforeTheKey() throws IOException {
        assertThat(Files.readString(file("other-ec-with-params.key"))).contains("BEGIN EC PARAMETERS");

        assertThat(PemTls.privateKey(file("other-ec-with-params.key"), null)).isInstanceOf(ECPrivateKey.class);
    }

    @Test
    void withoutFilesUsesTheDefaultTrustStoreAndNoClientCertificate() {
        assertThat(PemTls.trustManagers(null)).isNull();
        assertThat(PemTls.keyManagers(null, null, null)).isNull();
        assertThat(PemTls.socketFactory(null, null, null, null)).isNotNull();
    }

    @Test
    void aCaFileWithTwoCertificatesTrustsBoth() {
        List<X509Certificate> issuers = new ArrayList<>();
        for (TrustManager manager : PemTls.trustManagers(file("both-cas.pem"))) {
            issuers.addAll(List.of(((X509TrustManager) manager).getAcceptedIssuers()));
        }

        assertThat(issuers).extracting(cert -> cert.getSubjectX500Principal().getName())
                .containsExactlyInAnyOrder("CN=edgeway test ca", "CN=edgeway test other-ca");
    }

    // ---- refusals -------------------------------------------------------------------------------------------------

    @Test
    void rejectsAnRsaKeyOfAnotherCertificateNamingBothFiles() {
        assertThatThrownBy(() -> PemTls.socketFactory(file("ca.pem"), file("client-rsa.pem"), file("server.key"), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(file("client-rsa.pem").toString())
                .hasMessageContaining(file("server.key").toString())
                .hasMessageContaining("does not belong to the certificate");
    }

    @Test
    void rejectsAnEcKeyOfAnotherCertificateNamingBothFiles() {
        assertThatThrownBy(() -> PemTls.socketFactory(file("ca.pem"), file("client-ec.pem"), file("other-ec.key"), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(file("client-ec.pem").toString())
                .hasMessageContaining(file("other-ec.key").toString())
                .hasMessageContaining("does not belong to the certificate");
    }

    @Test
    void rejectsAKeyOfAnotherTypeThanTheCertificate() {
        assertThatThrownBy(() -> PemTls.keyManagers(file("client-rsa.pem"), file("client-ec.key"), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not belong to the certificate");
    }

    @Test
    void rejectsACertificateWithoutKeyAndAKeyWithoutCertificate() {
        assertThatThrownBy(() -> PemTls.socketFactory(null, file("client-rsa.pem"), null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(file("client-rsa.pem").toString()).hasMessageContaining("private key file");
        assertThatThrownBy(() -> PemTls.socketFactory(null, null, file("client-rsa.key"), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(file("client-rsa.key").toString()).hasMessageContaining("certificate file");
    }

    @Test
    void rejectsAMissingFile() {
        Path missing = dir.resolve("no-such-ca.pem");

        assertThatThrownBy(() -> PemTls.socketFactory(missing, null, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessage(missing + ": no such file");
    }

    @Test
    void rejectsAFileWithoutPemBlocks() throws IOException {
        Path garbage = Files.writeString(dir.resolve("garbage.pem"), "this is not PEM\n\u0000\u0001\n");

        assertThatThrownBy(() -> PemTls.socketFactory(garbage, null, null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(garbage + ": no PEM block");
        assertThatThrownBy(() -> PemTls.keyManagers(file("client-rsa.pem"), garbage, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(garbage + ": no PEM block");
    }

    @Test
    void rejectsBadBase64() throws IOException {
        Path bad = Files.writeString(dir.resolve("bad-base64.pem"),
                "-----BEGIN CERTIFICATE-----\nMIIB!!!not*base64\n-----END CERTIFICATE-----\n");

        assertThatThrownBy(() -> PemTls.trustManagers(bad))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(bad + ": the CERTIFICATE block (block 1) is not valid base64");
    }

    @Test
    void rejectsABlockThatIsNotACertificate() throws IOException {
        Path fake = Files.writeString(dir.resolve("fake-cert.pem"), "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder().encodeToString("certainly not DER".getBytes(StandardCharsets.US_ASCII))
                + "\n-----END CERTIFICATE-----\n");

        assertThatThrownBy(() -> PemTls.trustManagers(fake))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(fake + ": certificate 1 is not a valid X.509 certificate");
    }

    @Test
    void rejectsAKeyFileAsCaFileAndACertificateAsKeyFile() {
        assertThatThrownBy(() -> PemTls.trustManagers(file("client-rsa.key")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(file("client-rsa.key") + ": no -----BEGIN CERTIFICATE----- block (found [PRIVATE KEY])");
        assertThatThrownBy(() -> PemTls.privateKey(file("ca.pem"), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(file("ca.pem") + ": no private key block");
    }

    @Test
    void rejectsAnUnsupportedKeyType() {
        assertThatThrownBy(() -> PemTls.privateKey(file("ed25519.key"), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(file("ed25519.key") + ": unsupported key type (Ed25519): only RSA and EC private keys "
                        + "are supported");
    }

    @ParameterizedTest
    @ValueSource(strings = { "encrypted-pkcs8.key", "encrypted-pkcs1.key" })
    void rejectsEncryptedKeysWithHowToDecrypt(String key) {
        assertThatThrownBy(() -> PemTls.socketFactory(file("ca.pem"), file("client-rsa.pem"), file(key),
                "secret".toCharArray()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(file(key) + ": encrypted private keys are not supported yet: decrypt it "
                        + "(openssl pkey -in KEY -out KEY.pem)");
    }

    @Test
    void errorMessagesNeverContainKeyMaterial() throws IOException {
        String keyBody = Files.readString(file("client-rsa-pkcs1.key")).lines()
                .filter(line -> !line.startsWith("-----")).findFirst().orElseThrow();
        // a corrupt key: a valid base64 line of the real key followed by garbage
        Path corrupt = Files.writeString(dir.resolve("corrupt.key"),
                "-----BEGIN RSA PRIVATE KEY-----\n" + keyBody + "\n-----END RSA PRIVATE KEY-----\n");

        assertThatThrownBy(() -> PemTls.privateKey(corrupt, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(corrupt.toString())
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(keyBody.substring(0, 16)));
    }

    // ---- handshakes -----------------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = { "client-rsa:client-rsa-pkcs1.key", "client-ec:client-ec-sec1.key",
            "client-ec:client-ec.key" })
    void completesAMutuallyAuthenticatedHandshake(String client) throws Exception {
        String[] certAndKey = client.split(":");
        SSLSocketFactory factory = PemTls.socketFactory(file("ca.pem"), file(certAndKey[0] + ".pem"),
                file(certAndKey[1]), null);

        try (SSLServerSocket server = server()) {
            CompletableFuture<String> peer = CompletableFuture.supplyAsync(() -> acceptOne(server));
            try (SSLSocket socket = connect(factory, server)) {
                socket.startHandshake();
                assertThat(socket.getSession().getPeerPrincipal().getName()).isEqualTo("CN=localhost");
                // with TLS 1.3 the server checks the client certificate after the client's handshake is done:
                // a byte back from the server proves it accepted us
                assertThat(socket.getInputStream().read()).isEqualTo(42);
            }
            assertThat(peer.get(30, TimeUnit.SECONDS)).isEqualTo("CN=" + certAndKey[0]);
        }
    }

    @Test
    void aCaBundleWithTheRightCaAmongOthersVerifiesTheServer() throws Exception {
        SSLSocketFactory factory = PemTls.socketFactory(file("both-cas.pem"), file("client-rsa.pem"),
                file("client-rsa.key"), null);

        try (SSLServerSocket server = server()) {
            CompletableFuture<String> peer = CompletableFuture.supplyAsync(() -> acceptOne(server));
            try (SSLSocket socket = connect(factory, server)) {
                socket.startHandshake();
                assertThat(socket.getInputStream().read()).isEqualTo(42);
            }
            assertThat(peer.get(30, TimeUnit.SECONDS)).isEqualTo("CN=client-rsa");
        }
    }

    @Test
    void aServerSignedByAnotherCaFailsTheHandshake() throws Exception {
        SSLSocketFactory factory = PemTls.socketFactory(file("other-ca.pem"), file("client-rsa.pem"),
                file("client-rsa.key"), null);

        try (SSLServerSocket server = server()) {
            CompletableFuture<String> peer = CompletableFuture.supplyAsync(() -> acceptOne(server));
            try (SSLSocket socket = connect(factory, server)) {
                assertThatThrownBy(socket::startHandshake).isInstanceOf(SSLHandshakeException.class);
            }
            assertThatThrownBy(() -> peer.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
        }
    }

    @Test
    void theServerRefusesAClientWithoutCertificate() throws Exception {
        SSLSocketFactory factory = PemTls.socketFactory(file("ca.pem"), null, null, null);

        try (SSLServerSocket server = server()) {
            CompletableFuture<String> peer = CompletableFuture.supplyAsync(() -> acceptOne(server));
            try (SSLSocket socket = connect(factory, server)) {
                // TLS 1.2 fails the handshake, TLS 1.3 the first read after it
                assertThatThrownBy(() -> {
                    socket.startHandshake();
                    socket.getInputStream().read();
                }).isInstanceOf(IOException.class);
            }
            assertThatThrownBy(() -> peer.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
        }
    }

    /** A server for CN=localhost that requires a client certificate signed by the test CA. */
    private static SSLServerSocket server() throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(PemTls.keyManagers(file("server.pem"), file("server.key"), null),
                PemTls.trustManagers(file("ca.pem")), null);
        SSLServerSocket server = (SSLServerSocket) context.getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress());
        server.setNeedClientAuth(true);
        server.setSoTimeout(30_000);
        return server;
    }

    /** Accepts one client, completes the handshake, sends one byte and returns the client's subject. */
    private static String acceptOne(SSLServerSocket server) {
        try (SSLSocket socket = (SSLSocket) server.accept()) {
            socket.setSoTimeout(30_000);
            socket.startHandshake();
            String subject = socket.getSession().getPeerPrincipal().getName();
            socket.getOutputStream().write(42);
            socket.getOutputStream().flush();
            // wait for the client to close, so that the byte is not lost to a reset
            socket.getInputStream().read();
            return subject;
        } catch (IOException e) {
            throw new IllegalStateException("server side: " + e, e);
        }
    }

    /** Connects to the server as localhost, with hostname verification as Paho does it. */
    private static SSLSocket connect(SSLSocketFactory factory, SSLServerSocket server) throws IOException {
        SSLSocket socket = (SSLSocket) factory.createSocket("localhost", server.getLocalPort());
        socket.setSoTimeout(30_000);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        socket.setSSLParameters(parameters);
        return socket;
    }

    // ---- openssl --------------------------------------------------------------------------------------------------

    private static Path file(String name) {
        return dir.resolve(name);
    }

    /** Signs NAME.key's certificate request with the test CA into NAME.pem, with the given X.509v3 extensions. */
    private static void sign(String name, String commonName, String extensions) throws Exception {
        Files.writeString(dir.resolve(name + ".ext"), extensions);
        openssl("req", "-new", "-key", name + ".key", "-subj", "/CN=" + commonName, "-out", name + ".csr");
        openssl("x509", "-req", "-in", name + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                "-days", "2", "-extfile", name + ".ext", "-out", name + ".pem");
    }

    private static boolean opensslAvailable() {
        try {
            Process process = new ProcessBuilder("openssl", "version").redirectErrorStream(true).start();
            process.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void openssl(String... arguments) throws Exception {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output;
        try (InputStream in = process.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
        }
    }
}
