package dev.verigate.testsupport;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A busy neighbour: one spinning shell per core, in processes of their own, so the gateway under test gets
 * the CPU a throttled pod gets. Stopped on {@link #close()}.
 */
public final class CpuHog implements AutoCloseable {

    private final List<Process> spinners = new ArrayList<>();

    private CpuHog() {}

    public static CpuHog onEveryCore() {
        CpuHog hog = new CpuHog();
        for (int i = 0; i < Runtime.getRuntime().availableProcessors(); i++) {
            try {
                hog.spinners.add(new ProcessBuilder("sh", "-c", "while :; do :; done").start());
            } catch (IOException e) {
                hog.close();
                throw new IllegalStateException("cannot start a CPU hog", e);
            }
        }
        return hog;
    }

    @Override
    public void close() {
        spinners.forEach(Process::destroyForcibly);
        spinners.clear();
    }
}
