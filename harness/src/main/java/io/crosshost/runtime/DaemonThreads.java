package io.crosshost.runtime;

import java.util.concurrent.ThreadFactory;

/**
 * Threads of the harness's own (host pools, removers, creators ahead, alarms, pings): daemons, so that a thread
 * blocked on an engine that stopped answering never keeps the JVM from exiting, and named, so that a thread dump
 * says which host it waits for.
 */
public final class DaemonThreads {

    private DaemonThreads() {
    }

    public static ThreadFactory named(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** A started daemon thread running {@code work}. */
    public static Thread start(String name, Runnable work) {
        Thread t = named(name).newThread(work);
        t.start();
        return t;
    }
}
