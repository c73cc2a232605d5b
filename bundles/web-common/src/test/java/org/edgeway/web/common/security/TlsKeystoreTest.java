package org.edgeway.web.common.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.Key;
import java.security.KeyStore;
import java.security.interfaces.ECPublicKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;

import org.edgeway.web.common.security.TlsKeystore.Keystore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the JDK's real keytool; one keystore is generated for the class and copied where a test changes it. */
class TlsKeystoreTest {

    private static final String CN = "02:FC:00:00:00:01";
    private static final List<String> DNS = List.of("localhost", "gw-1.example");
    private static final List<String> IPS = List.of("127.0.0.1", "::1");

    @TempDir
    static Path shared;
    private static Path sharedKeystore;
    private static Path sharedPassword;
    private static Keystore generated;

    @TempDir
    Path home;

    @BeforeAll
    static void generateOnce() throws IOException {
        sharedKeystore = shared.resolve("var/security/web-tls.p12");
        sharedPassword = shared.resolve("var/security/web-tls.password");
        generated = TlsKeystore.generateIfNeeded(sharedKeystore, sharedPassword, CN, DNS, IPS, Clock.systemUTC());
    }

    private Path keystore() {
        return home.resolve("var/security/web-tls.p12");
    }

    private Path passwordFile() {
        return home.resolve("var/security/web-tls.password");
    }

    private void copyShared() throws IOException {
        Files.createDirectories(keystore().getParent());
        Files.copy(sharedKeystore, keystore());
        Files.copy(sharedPassword, passwordFile());
    }

    private static char[] passwordIn(Path passwordFile) throws IOException {
        return Files.readString(passwordFile).strip().toCharArray();
    }

    @Test
    void generatesASelfSignedEcCertificateForTheRequestedNames() throws Exception {
        X509Certificate certificate = generated.certificate();

        assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=" + CN);
        assertThat(certificate.getIssuerX500Principal()).isEqualTo(certificate.getSubjectX500Principal());
        certificate.verify(certificate.getPublicKey());
        assertThat(certificate.getPublicKey()).isInstanceOf(ECPublicKey.class);
        assertThat(((ECPublicKey) certificate.getPublicKey()).getParams().getCurve().getField().getFieldSize())
                .isEqualTo(256);
        assertThat(certificate.getSigAlgName()).isEqualTo("SHA256withECDSA");
        assertThat(certificate.getSubjectAlternativeNames()).contains(List.of(2, "localhost"),
                List.of(2, "gw-1.example"), List.of(7, "127.0.0.1"), List.of(7, "0:0:0:0:0:0:0:1"));
        assertThat(Duration.between(certificate.getNotBefore().toInstant(), certificate.getNotAfter().toInstant()))
                .isEqualTo(Duration.ofDays(825));
    }

    @Test
    void writesAKeystoreThatLoadsWithThePasswordInItsFile() throws Exception {
        char[] password = passwordIn(sharedPassword);
        assertThat(new String(password)).matches("[A-Za-z0-9_-]{24}");
        assertThat(generated.password()).isEqualTo(password);
        assertThat(generated.file()).isEqualTo(sharedKeystore);

        KeyStore store = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(sharedKeystore)) {
            store.load(in, password);
        }
        Key key = store.getKey("edgeway-web", password);
        assertThat(key.getAlgorithm()).isEqualTo("EC");
        assertThat(TlsKeystore.loadProvided(sharedKeystore, password).fingerprint()).isEqualTo(generated.fingerprint());
        // nothing left of keytool's work
        try (Stream<Path> files = Files.list(sharedKeystore.getParent())) {
            assertThat(files).containsExactlyInAnyOrder(sharedKeystore, sharedPassword);
        }
    }

    @Test
    void writesBothFilesOwnerOnly() throws IOException {
        assumeTrue(SecureFiles.supportsPosix(shared), "POSIX file permissions");

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(sharedPassword))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(sharedKeystore))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(sharedKeystore.getParent())))
                .isEqualTo("rwx------");
    }

    @Test
    void fingerprintsAndPrintsWithoutThePassword() {
        assertThat(generated.fingerprint()).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
        assertThat(generated.toString())
                .contains(generated.fingerprint(), sharedKeystore.toString())
                .doesNotContain(new String(generated.password()));
    }

    @Test
    void reusesAKeystoreThatCoversTheRequestedNames() throws IOException {
        copyShared();
        byte[] before = Files.readAllBytes(keystore());

        Keystore again = TlsKeystore.generateIfNeeded(keystore(), passwordFile(), CN, List.of("LOCALHOST"),
                List.of("0:0:0:0:0:0:0:1", "127.0.0.1"), Clock.systemUTC());

        assertThat(again.fingerprint()).isEqualTo(generated.fingerprint());
        assertThat(Files.readAllBytes(keystore())).isEqualTo(before);
    }

    @Test
    void generatesAnewForAnAddressNotCovered() throws Exception {
        copyShared();

        Keystore renewed = TlsKeystore.generateIfNeeded(keystore(), passwordFile(), CN, DNS,
                List.of("127.0.0.1", "::1", "192.0.2.10"), Clock.systemUTC());

        assertThat(renewed.fingerprint()).isNotEqualTo(generated.fingerprint());
        assertThat(renewed.password()).isNotEqualTo(generated.password()).isEqualTo(passwordIn(passwordFile()));
        assertThat(TlsKeystore.loadProvided(keystore(), passwordIn(passwordFile())).fingerprint())
                .isEqualTo(renewed.fingerprint());
        assertThat(List.copyOf(renewed.certificate().getSubjectAlternativeNames()))
                .contains(List.of(7, "192.0.2.10"), List.of(7, "127.0.0.1"), List.of(2, "gw-1.example"));
    }

    @Test
    void generatesAnewWithin30DaysOfTheEnd() throws IOException {
        copyShared();
        Instant end = generated.certificate().getNotAfter().toInstant();

        Keystore stillGood = TlsKeystore.generateIfNeeded(keystore(), passwordFile(), CN, DNS, IPS,
                Clock.fixed(end.minus(Duration.ofDays(31)), ZoneOffset.UTC));
        assertThat(stillGood.fingerprint()).isEqualTo(generated.fingerprint());

        Keystore renewed = TlsKeystore.generateIfNeeded(keystore(), passwordFile(), CN, DNS, IPS,
                Clock.fixed(end.minus(Duration.ofDays(29)), ZoneOffset.UTC));
        assertThat(renewed.fingerprint()).isNotEqualTo(generated.fingerprint());
    }

    @Test
    void generatesAnewWhenThePasswordNoLongerOpensTheKeystore() throws IOException {
        copyShared();
        Files.writeString(passwordFile(), "not-the-password\n");

        Keystore renewed = TlsKeystore.generateIfNeeded(keystore(), passwordFile(), CN, DNS, IPS, Clock.systemUTC());

        assertThat(renewed.fingerprint()).isNotEqualTo(generated.fingerprint());
        assertThat(TlsKeystore.loadProvided(keystore(), passwordIn(passwordFile())).fingerprint())
                .isEqualTo(renewed.fingerprint());
    }

    @Test
    void refusesAWrongPasswordClearly() {
        assertThatThrownBy(() -> TlsKeystore.loadProvided(sharedKeystore, "guessed-password".toCharArray()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tls.keystore " + sharedKeystore + ": wrong password or not a PKCS#12 keystore")
                .hasNoCause();
    }

    @Test
    void refusesAFileThatIsNoKeystore() throws IOException {
        Path notAKeystore = Files.writeString(home.resolve("web.p12"), "-----BEGIN CERTIFICATE-----\nnonsense\n");

        assertThatThrownBy(() -> TlsKeystore.loadProvided(notAKeystore, "secret".toCharArray()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tls.keystore " + notAKeystore + ": wrong password or not a PKCS#12 keystore");
    }

    @Test
    void refusesAMissingFile() {
        Path missing = home.resolve("missing.p12");

        assertThatThrownBy(() -> TlsKeystore.loadProvided(missing, "secret".toCharArray()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tls.keystore " + missing + ": no such file");
    }

    @Test
    void refusesAKeystoreWithoutAPrivateKey() throws Exception {
        char[] password = "trust-store-password".toCharArray();
        KeyStore trustOnly = KeyStore.getInstance("PKCS12");
        trustOnly.load(null, password);
        trustOnly.setCertificateEntry("ca", generated.certificate());
        Path file = home.resolve("trust.p12");
        try (OutputStream out = Files.newOutputStream(file)) {
            trustOnly.store(out, password);
        }

        assertThatThrownBy(() -> TlsKeystore.loadProvided(file, password))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("tls.keystore " + file + ": ")
                .hasMessageContaining("has no private key entry");
    }

    @Test
    void refusesNamesThatAreNotValid() {
        Clock clock = Clock.systemUTC();
        for (String cn : List.of("", " gw", "a,b", "CN=x", "a+b", "say \"hi\"", "back\\slash", "line\nbreak")) {
            assertThatThrownBy(() -> TlsKeystore.generateIfNeeded(keystore(), passwordFile(), cn, DNS, IPS, clock))
                    .as("common name %s", cn)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        for (String dns : List.of("", "bad_name", "-lead.example", "a..b", "a.b.", "name with space", "*.example",
                "ex,ip:1.2.3.4")) {
            assertThatThrownBy(() -> TlsKeystore.generateIfNeeded(keystore(), passwordFile(), CN, List.of(dns), IPS,
                    clock)).as("dns name %s", dns).isInstanceOf(IllegalArgumentException.class);
        }
        for (String ip : List.of("", "localhost", "example.com", "1.2.3.256", "01.2.3.4", "1.2.3", "[::1]",
                "fe80::1%eth0", "1::2::3", "127.0.0.1,dns:x")) {
            assertThatThrownBy(() -> TlsKeystore.generateIfNeeded(keystore(), passwordFile(), CN, DNS, List.of(ip),
                    clock)).as("ip address %s", ip).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(home.resolve("var")).doesNotExist();
    }

    @Test
    void parsesIpLiteralsOfBothFamilies() {
        assertThat(TlsKeystore.parseIpLiteral("192.0.2.10").getHostAddress()).isEqualTo("192.0.2.10");
        assertThat(TlsKeystore.parseIpLiteral("2001:db8::1").getHostAddress()).isEqualTo("2001:db8:0:0:0:0:0:1");
        assertThat(TlsKeystore.parseIpLiteral("::1")).isEqualTo(TlsKeystore.parseIpLiteral("0:0:0:0:0:0:0:1"));
    }

    @Test
    void reportsAFailingKeytoolWithItsOutputAndExitCodeButNotThePassword() throws IOException {
        assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "a POSIX shell for the fake keytool");
        Path keytool = fakeKeytool("echo \"arguments: $*\"\necho \"password: $EDGEWAY_WEB_KEYSTORE_PASSWORD\"\n"
                + "echo 'keytool error: something broke' >&2\nexit 3\n");

        assertThatThrownBy(() -> TlsKeystore.generateIfNeeded(keystore(), passwordFile(), CN, DNS, IPS,
                Clock.systemUTC(), keytool, Duration.ofSeconds(30)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("exit code 3")
                .hasMessageContaining("keytool error: something broke")
                // the password reached keytool through its environment, and is blanked out of the message
                .hasMessageContaining("password: [password]")
                .hasMessageContaining("-storepass:env EDGEWAY_WEB_KEYSTORE_PASSWORD")
                .hasMessageContaining("-dname CN=" + CN)
                .hasMessageContaining("SAN=dns:localhost,dns:gw-1.example,ip:127.0.0.1,ip:0:0:0:0:0:0:0:1");
        assertThat(keystore()).doesNotExist();
        assertThat(passwordFile()).doesNotExist();
        try (Stream<Path> files = Files.list(keystore().getParent())) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void givesUpOnAKeytoolThatDoesNotFinish() throws IOException {
        assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "a POSIX shell for the fake keytool");
        Path keytool = fakeKeytool("exec sleep 30\n");

        assertThatThrownBy(() -> TlsKeystore.generateIfNeeded(keystore(), passwordFile(), CN, DNS, IPS,
                Clock.systemUTC(), keytool, Duration.ofSeconds(1)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("did not finish");
        assertThat(keystore()).doesNotExist();
    }

    private Path fakeKeytool(String body) throws IOException {
        Path script = home.resolve("fake-keytool");
        Files.writeString(script, "#!/bin/sh\n" + body, StandardCharsets.UTF_8);
        script.toFile().setExecutable(true, true);
        return script;
    }
}
