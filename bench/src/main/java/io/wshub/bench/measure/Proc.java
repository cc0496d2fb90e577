package io.wshub.bench.measure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server process as {@code /proc} sees it: CPU time used (user + system, every thread) and resident memory; and,
 * for a JVM, its live heap after a full GC, through {@code jcmd}.
 */
public final class Proc {

    private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");
    private static final long TICKS_PER_SECOND = ticksPerSecond();

    private final long pid;

    public Proc(long pid) {
        this.pid = pid;
    }

    public long pid() {
        return pid;
    }

    /** CPU time used so far, microseconds. */
    public long cpuMicros() {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // the command name may hold spaces: fields start after its closing parenthesis
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            return ticks * 1_000_000 / TICKS_PER_SECOND;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/" + pid + "/stat", e);
        }
    }

    /** Resident set size, bytes. */
    public long rssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
            throw new IllegalStateException("no VmRSS in /proc/" + pid + "/status");
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/" + pid + "/status", e);
        }
    }

    /** The heap in use after a full GC, bytes: what is really live. Only for a JVM. */
    public long liveHeapBytes() {
        jcmd("GC.run");
        Matcher used = HEAP_USED.matcher(jcmd("GC.heap_info"));
        if (!used.find()) {
            throw new IllegalStateException("jcmd GC.heap_info of " + pid + " shows no heap use");
        }
        return Long.parseLong(used.group(1)) * 1024;
    }

    private String jcmd(String command) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        try {
            Process process = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command)
                    .redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("jcmd " + pid + " " + command + " failed: " + output);
            }
            return output;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run jcmd", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static long ticksPerSecond() {
        try {
            Process process = new ProcessBuilder("getconf", "CLK_TCK").start();
            List<String> lines = new String(process.getInputStream().readAllBytes()).lines().toList();
            process.waitFor();
            return lines.isEmpty() ? 100 : Long.parseLong(lines.get(0).strip());
        } catch (IOException | RuntimeException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }
}
