package org.edgeway.deploy.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(id = DeploymentManager.PID, name = "Deployment",
        description = "Remote deployment of signed packages (DEPLOY-V2): trusted keys, limits and the health check")
@interface DeployConfig {

    @AttributeDefinition(name = "Trusted keys", required = false,
            description = "Public keys whose signatures are accepted: Ed25519 or EC, X.509 SubjectPublicKeyInfo as "
                    + "base64 (the PEM body without the BEGIN/END lines) or PEM; several separated by commas")
    String[] trusted_keys() default {};

    @AttributeDefinition(name = "Trusted keys directory", required = false,
            description = "A directory of *.pem public keys that are trusted too; relative to the instance home")
    String trusted_keys_dir() default "etc/deploy-keys";

    @AttributeDefinition(name = "Allow unsigned packages",
            description = "Install packages without a signature; never do this on a gateway in service")
    boolean allow_unsigned() default false;

    @AttributeDefinition(name = "Maximum package size (bytes)", min = "1024",
            description = "Larger downloads and packages unpacking to more are refused")
    long max_package_bytes() default 64L * 1024 * 1024;

    @AttributeDefinition(name = "Health check timeout (s)", min = "1", max = "3600",
            description = "How long a package's bundles and components have to become active and satisfied before "
                    + "the installation is rolled back")
    int health_timeout_s() default 30;

    @AttributeDefinition(name = "Download idle timeout (ms)", min = "100",
            description = "A download that receives nothing for this long fails; dp.download.timeout overrides it")
    long download_timeout_ms() default 60_000;

    @AttributeDefinition(name = "Connect timeout (s)", min = "1", type = AttributeType.INTEGER)
    int connect_timeout_s() default 30;
}
