package dev.tributary.data;

import java.io.IOException;
import java.util.List;

/**
 * What {@link DataSets} needs to know about and do with the operating system's package manager.
 * An interface so that the decision of whether to install can be tested without running any
 * installer.
 */
public interface SystemPackages {

    /** Whether this is a Debian-family system with {@code apt-get} on the PATH. */
    boolean isDebianFamily();

    /** Whether this process runs as root. */
    boolean isRoot();

    /** Whether {@code sudo} works without asking for a password. */
    boolean canSudo();

    /** Runs {@code apt-get install -y}; true when it succeeded. */
    boolean install(List<String> packages, boolean sudo) throws IOException;

    /** Runs {@code apt-get update}; true when it succeeded. */
    boolean update(boolean sudo) throws IOException;
}
