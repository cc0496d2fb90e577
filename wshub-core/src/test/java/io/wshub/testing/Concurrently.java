package io.wshub.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Runs a task on several threads at once, started together, and gathers what they return or throw. */
public final class Concurrently {

    /** One thread's share. */
    @FunctionalInterface
    public interface Task<T> {
        List<T> run(int thread) throws Exception;
    }

    private Concurrently() {
    }

    /** @throws java.util.concurrent.ExecutionException with the first failure of a thread */
    public static <T> List<T> run(int threads, Task<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CyclicBarrier start = new CyclicBarrier(threads);
        try {
            List<Future<List<T>>> running = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                int index = i;
                running.add(pool.submit((Callable<List<T>>) () -> {
                    start.await(30, TimeUnit.SECONDS);
                    return task.run(index);
                }));
            }
            List<T> all = new ArrayList<>();
            for (Future<List<T>> each : running) {
                all.addAll(each.get(120, TimeUnit.SECONDS));
            }
            return all;
        } finally {
            pool.shutdownNow();
        }
    }
}
