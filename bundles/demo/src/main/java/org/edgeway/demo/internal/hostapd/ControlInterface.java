package org.edgeway.demo.internal.hostapd;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the simulated hostapd listens for control commands, as hostapd's {@code ctrl_interface} setting: a directory
 * holding one UNIX datagram socket per interface, or {@code udp:<port>} on 127.0.0.1.
 */
public sealed interface ControlInterface {

    /** The wireless interface the access point runs on (STATUS {@code bss[0]}, and the socket's file name). */
    String ifname();

    /** {@code <dir>/<ifname>}, a UNIX datagram socket. */
    static Unix unix(Path dir, String ifname) {
        return new Unix(dir, ifname);
    }

    /** UDP on 127.0.0.1; port 0 takes a free port. */
    static Udp udp(String ifname, int port) {
        return new Udp(ifname, port);
    }

    record Unix(Path dir, String ifname) implements ControlInterface {
        public Unix {
            Objects.requireNonNull(dir, "dir");
            checkIfname(ifname);
        }

        public Path socketPath() {
            return dir.resolve(ifname);
        }
    }

    record Udp(String ifname, int port) implements ControlInterface {
        public Udp {
            checkIfname(ifname);
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("UDP control port " + port + " is not in 0..65535");
            }
        }
    }

    private static void checkIfname(String ifname) {
        // Linux interface names: at most 15 bytes, no '/', no white space; it also becomes a file name here
        if (ifname == null || !ifname.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,14}")) {
            throw new IllegalArgumentException("interface name '" + ifname
                    + "' must be 1-15 letters, digits, '.', '_' or '-'");
        }
    }
}
