package dev.tributary.data;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link SystemPackages} on a Debian-family system, by running {@code id}, {@code sudo} and
 * {@code apt-get}. The installer's own output goes to this process's console, so that a user
 * waiting for a first demo sees progress.
 */
public final class AptPackages implements SystemPackages {

    private static final Logger log = LoggerFactory.getLogger(AptPackages.class);
    private static final Duration QUICK = Duration.ofSeconds(10);
    private static final Duration INSTALL = Duration.ofMinutes(20);

    @Override
    public boolean isDebianFamily() {
        return Files.exists(Path.of("/etc/debian_version")) && onPath("apt-get");
    }

    @Override
    public boolean isRoot() {
        try {
            Process id = new ProcessBuilder("id", "-u").redirectErrorStream(true).start();
            String uid = new String(id.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return finished(id, QUICK) && uid.strip().equals("0");
        } catch (IOException e) {
            log.debug("Cannot run id -u: {}", e.toString());
            return false;
        }
    }

    @Override
    public boolean canSudo() {
        // -n makes sudo fail instead of prompting for a password nobody will type.
        return onPath("sudo") && run(List.of("sudo", "-n", "true"), QUICK, false);
    }

    @Override
    public boolean install(List<String> packages, boolean sudo) {
        List<String> command = new ArrayList<>(List.of("apt-get", "install", "-y", "-q"));
        command.addAll(packages);
        return run(withSudo(command, sudo), INSTALL, true);
    }

    @Override
    public boolean update(boolean sudo) {
        return run(withSudo(List.of("apt-get", "update", "-q"), sudo), INSTALL, true);
    }

    private static List<String> withSudo(List<String> command, boolean sudo) {
        if (!sudo) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of("sudo", "-n"));
        wrapped.addAll(command);
        return wrapped;
    }

    private static boolean run(List<String> command, Duration limit, boolean showOutput) {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("DEBIAN_FRONTEND", "noninteractive");
        if (showOutput) {
            builder.inheritIO();
        } else {
            builder.redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD);
        }
        try {
            return finished(builder.start(), limit);
        } catch (IOException e) {
            log.debug("Cannot run {}: {}", command, e.toString());
            return false;
        }
    }

    private static boolean finished(Process process, Duration limit) {
        try {
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                return false;
            }
            return process.exitValue() == 0;
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
