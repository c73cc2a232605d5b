package org.edgeway.deploy.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.List;

/** The commands of {@code bin/edgeway-package}: keygen, build, verify. Exit codes: 0 ok, 1 refused/failed, 2 usage. */
public final class PackageCommands {

    static final String USAGE = String.join("\n",
            "usage: edgeway-package keygen [--type ed25519|ec] --out DIR",
            "         writes DIR/private.pem (PKCS#8, mode 0600: keep it secret) and DIR/public.pem (give it to gateways)",
            "       edgeway-package build --name NAME --version VERSION --key private.pem -o PACKAGE.zip BUNDLE.jar...",
            "       edgeway-package verify --key public.pem PACKAGE.zip",
            "");

    private PackageCommands() {
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
            (args.length == 0 ? err : out).print(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        try {
            return switch (args[0]) {
            case "keygen" -> keygen(options(args), out);
            case "build" -> build(options(args), out);
            case "verify" -> verify(options(args), out);
            default -> throw new IllegalArgumentException("unknown command '" + args[0] + "'");
            };
        } catch (IllegalArgumentException e) {
            err.println("edgeway-package: " + e.getMessage());
            err.print(USAGE);
            return 2;
        } catch (IOException | GeneralSecurityException | PackageException e) {
            err.println("edgeway-package: " + e.getMessage());
            return 1;
        }
    }

    private record Options(java.util.Map<String, String> named, List<String> positional) {
        String require(String name) {
            String value = named.get(name);
            if (value == null) {
                throw new IllegalArgumentException("option " + name + " is required");
            }
            return value;
        }
    }

    private static Options options(String[] args) {
        java.util.Map<String, String> named = new java.util.HashMap<>();
        List<String> positional = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            if (args[i].startsWith("-")) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("option " + args[i] + " needs a value");
                }
                named.put(args[i].equals("-o") ? "--out" : args[i], args[++i]);
            } else {
                positional.add(args[i]);
            }
        }
        return new Options(named, positional);
    }

    private static int keygen(Options options, PrintStream out) throws IOException, GeneralSecurityException {
        String type = options.named().getOrDefault("--type", "ed25519");
        KeyPairGenerator generator;
        if (type.equals("ed25519")) {
            generator = KeyPairGenerator.getInstance("Ed25519");
        } else if (type.equals("ec")) {
            generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
        } else {
            throw new IllegalArgumentException("--type must be ed25519 or ec");
        }
        Path dir = Path.of(options.require("--out"));
        Files.createDirectories(dir);
        Path privateFile = dir.resolve("private.pem");
        Path publicFile = dir.resolve("public.pem");
        if (Files.exists(privateFile)) {
            throw new IOException(privateFile + " exists; not overwriting a key");
        }
        KeyPair pair = generator.generateKeyPair();
        Files.createFile(privateFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(privateFile, Keys.pem("PRIVATE KEY", pair.getPrivate().getEncoded()), StandardCharsets.US_ASCII);
        Files.writeString(publicFile, Keys.pem("PUBLIC KEY", pair.getPublic().getEncoded()), StandardCharsets.US_ASCII);
        out.println("private key: " + privateFile + " (keep it secret)");
        out.println("public key:  " + publicFile + " " + Keys.fingerprint(pair.getPublic()));
        out.println("trust it on a gateway: copy public.pem to etc/deploy-keys/ or --set org.edgeway.deploy:trusted.keys="
                + java.util.Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()));
        return 0;
    }

    private static int build(Options options, PrintStream out) throws IOException, GeneralSecurityException {
        String name = options.require("--name");
        String version = options.require("--version");
        Path output = Path.of(options.require("--out"));
        if (options.positional().isEmpty()) {
            throw new IllegalArgumentException("no bundles given");
        }
        var key = Keys.parsePrivateKey(Files.readString(Path.of(options.require("--key")), StandardCharsets.US_ASCII));
        List<Path> bundles = options.positional().stream().map(Path::of).toList();
        Path temporary = output.resolveSibling(output.getFileName() + ".tmp");
        try (OutputStream stream = Files.newOutputStream(temporary)) {
            PackageBuilder.build(name, version, bundles, key, stream);
        }
        Files.move(temporary, output, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        out.println(output + ": " + name + " " + version + ", " + bundles.size() + " bundles, signed ("
                + Keys.algorithm(key) + "), SHA-256:" + java.util.HexFormat.of().formatHex(Keys.sha256(
                        Files.readAllBytes(output))));
        return 0;
    }

    private static int verify(Options options, PrintStream out) throws IOException, PackageException {
        var keys = Keys.parsePublicKeys(Files.readString(Path.of(options.require("--key")), StandardCharsets.US_ASCII));
        if (options.positional().size() != 1) {
            throw new IllegalArgumentException("give one package to verify");
        }
        Path target = Files.createTempDirectory("edgeway-package-verify");
        try {
            PackageVerifier.VerifiedPackage verified = new PackageVerifier(keys, false, Long.MAX_VALUE)
                    .verify(Path.of(options.positional().get(0)), target);
            out.println(verified.name() + " " + verified.version() + " signed by " + verified.signer());
            verified.bundles().forEach(b -> out.println("  " + b.symbolicName() + " " + b.version()));
            return 0;
        } finally {
            DeployStore.deleteTree(target);
        }
    }
}
