package org.edgeway.deploy.internal.tool;

/**
 * {@code bin/edgeway-package}: the integrator's tool to create signing keys and build, sign and check deployment
 * packages. Runs with the deploy bundle's jar as its only class path; see {@code docs/deployment.md}.
 */
public final class PackageTool {

    private PackageTool() {
    }

    public static void main(String[] args) {
        System.exit(org.edgeway.deploy.internal.PackageCommands.run(args, System.out, System.err));
    }
}
