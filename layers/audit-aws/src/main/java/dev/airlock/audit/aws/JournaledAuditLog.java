package dev.airlock.audit.aws;

import dev.airlock.core.audit.AuditRecord;
import dev.airlock.core.model.ApprovalEvent;
import dev.airlock.core.model.AuditIntent;
import dev.airlock.core.model.AuditOutcome;
import dev.airlock.core.port.AuditLog;
import dev.airlock.core.port.AuditUnavailableException;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The audit log of the local gateway: a record is in a journal file before the request goes
 * on, and reaches the audit table ({@link DynamoDbAuditLog}, hash chains and all) a few
 * milliseconds later from background lanes. This takes the table's round trips (milliseconds
 * each against DynamoDB Local) off the request path while keeping the write-ahead promise: the
 * intent is written before the statement runs, so it survives the process being killed at any
 * point. Against power loss the journal is {@code fsync}ed every {@link Builder#syncEvery}
 * (PostgreSQL's {@code synchronous_commit = off} trade) or, with {@link Sync#PER_INTENT}, after
 * every intent, at the cost of an {@code fsync} on the request path.
 *
 * <p>Opening the journal first writes every record it still holds to the table (those already
 * there are recognised and skipped), so nothing written before a crash is lost. If the table
 * falls behind by {@link Builder#maxBacklog} records, new requests are refused: the trail is
 * never more than that far from the table.
 */
public final class JournaledAuditLog implements AuditLog, AutoCloseable {
    /** When the journal reaches the disk itself, not just the operating system's cache. */
    public enum Sync {
        /** Every {@link Builder#syncEvery}, in the background: power loss can take that interval's records. */
        BATCHED,
        /** After every intent, before the statement runs, too: survives power loss with nothing lost. */
        PER_INTENT
    }

    private static final Duration FIRST_RETRY = Duration.ofMillis(50);
    private static final Duration LAST_RETRY = Duration.ofSeconds(5);

    private final AuditJournal journal;
    private final DynamoDbAuditLog table;
    private final int maxBacklog;
    private final Duration drainOnClose;
    private final Sync sync;
    private final Thread syncer;
    private final List<BlockingQueue<Pending>> lanes = new ArrayList<>();
    private final List<Thread> shippers = new ArrayList<>();
    private final Map<String, Integer> unshippedByRequest = new ConcurrentHashMap<>();
    private final AtomicInteger backlog = new AtomicInteger();
    private final Object drained = new Object();
    private volatile boolean closed;

    private JournaledAuditLog(Builder builder, AuditJournal journal) {
        this.journal = journal;
        this.table = builder.table;
        this.maxBacklog = builder.maxBacklog;
        this.drainOnClose = builder.drainOnClose;
        this.sync = builder.sync;
        long syncNanos = builder.syncEvery.toNanos();
        this.syncer = new Thread(() -> syncEvery(syncNanos), "airlock-audit-sync");
        this.syncer.setDaemon(true);
        for (int i = 0; i < builder.lanes; i++) {
            BlockingQueue<Pending> lane = new LinkedBlockingQueue<>();
            lanes.add(lane);
            Thread shipper = new Thread(() -> ship(lane), "airlock-audit-ship-" + i);
            shipper.setDaemon(true);
            shippers.add(shipper);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void recordIntent(AuditIntent intent) {
        int behind = backlog.get();
        if (behind >= maxBacklog) {
            throw new AuditUnavailableException("the audit table is " + behind + " records behind the journal; "
                    + "requests are refused until it catches up (is DynamoDB reachable?)", null);
        }
        append(AuditRecord.of(intent), sync == Sync.PER_INTENT);
    }

    /** Always accepted while the journal can be written: the request it closes has run. */
    @Override
    public void recordOutcome(AuditOutcome outcome) {
        append(AuditRecord.of(outcome), false);
    }

    /** An approval step: like an outcome, always accepted while the journal can be written. */
    @Override
    public void recordApproval(ApprovalEvent event) {
        append(AuditRecord.of(event), false);
    }

    /** True while some record of the request is journaled but not yet in the table. */
    public boolean isUnshipped(String requestId) {
        return unshippedByRequest.containsKey(requestId);
    }

    /** Records journaled but not yet in the table. */
    public int backlog() {
        return backlog.get();
    }

    /** Waits until every record journaled so far is in the table; false if the wait ran out. */
    public boolean drain(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (drained) {
            while (backlog.get() > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                drained.wait(Math.max(1, left / 1_000_000));
            }
        }
        return true;
    }

    /**
     * Ships what is pending (waiting up to {@link Builder#drainOnClose}), then stops. Records still unshipped stay
     * in the journal and are written at the next start.
     */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        try {
            drain(drainOnClose);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closed = true;
        shippers.forEach(Thread::interrupt);
        syncer.interrupt();
        journal.close();
    }

    /** A journaled record on its way to the table. */
    private record Pending(AuditJournal.Entry entry, AuditRecord record) {
    }

    private void append(AuditRecord record, boolean force) {
        if (closed) {
            throw new AuditUnavailableException("the audit journal is closed: the gateway is stopping", null);
        }
        AuditJournal.Entry entry;
        try {
            entry = journal.append(AuditItems.toItem(record));
            if (force) {
                journal.sync();
            }
        } catch (IOException e) {
            throw new AuditUnavailableException("the audit journal did not accept a record: " + e.getMessage(), e);
        }
        enqueue(new Pending(entry, record));
    }

    private void enqueue(Pending pending) {
        AuditJournal.Entry entry = pending.entry();
        unshippedByRequest.merge(entry.requestId(), 1, Integer::sum);
        backlog.incrementAndGet();
        // Both records of a request share a chain and so a lane: the outcome never overtakes the intent.
        int chain = Integer.parseInt(AuditChains.chainOf(entry.requestId()).substring(1));
        lanes.get(chain % lanes.size()).add(pending);
    }

    private void start(List<AuditJournal.Entry> recovered) {
        for (AuditJournal.Entry entry : recovered) {
            AuditRecord record;
            try {
                record = AuditItems.fromItem(entry.item());
            } catch (MalformedAuditRecordException e) {
                throw new AuditUnavailableException("the audit journal holds a record the table would not take ("
                        + e.getMessage() + "); keep the journal for investigation, move it out of the folder and "
                        + "start again", e);
            }
            shipNow(new Pending(entry, record));
        }
        shippers.forEach(Thread::start);
        syncer.start();
    }

    private void syncEvery(long nanos) {
        while (!closed) {
            LockSupport.parkNanos(nanos);
            if (Thread.interrupted()) {
                return;
            }
            try {
                journal.sync();
            } catch (IOException e) {
                System.err.println("Airlock: the audit journal could not be synced to disk: " + e.getMessage());
            }
        }
    }

    /** At start-up the table must take the journal's records before anything new runs. */
    private void shipNow(Pending pending) {
        AuditJournal.Entry entry = pending.entry();
        unshippedByRequest.merge(entry.requestId(), 1, Integer::sum);
        backlog.incrementAndGet();
        try {
            table.append(pending.record());
        } catch (AuditRecordExistsException alreadyThere) {
            // shipped before the crash; its chain position stands
        }
        done(entry);
    }

    private void ship(BlockingQueue<Pending> lane) {
        Duration wait = FIRST_RETRY;
        Pending entry = null;
        while (!closed) {
            try {
                if (entry == null) {
                    entry = lane.take();
                }
                try {
                    table.append(entry.record());
                } catch (AuditRecordExistsException alreadyThere) {
                    // written by an earlier attempt whose answer was lost
                }
                done(entry.entry());
                entry = null;
                wait = FIRST_RETRY;
            } catch (InterruptedException e) {
                return;
            } catch (AuditUnavailableException e) {
                if (wait.equals(FIRST_RETRY)) {
                    System.err.println("Airlock: the audit table did not take a record (" + e.getMessage()
                            + "); it stays in the journal and is retried.");
                }
                try {
                    Thread.sleep(wait);
                } catch (InterruptedException stop) {
                    return;
                }
                wait = wait.multipliedBy(2).compareTo(LAST_RETRY) > 0 ? LAST_RETRY : wait.multipliedBy(2);
            }
        }
    }

    private void done(AuditJournal.Entry entry) {
        journal.shipped(entry);
        unshippedByRequest.computeIfPresent(entry.requestId(), (id, count) -> count == 1 ? null : count - 1);
        if (backlog.decrementAndGet() == 0) {
            synchronized (drained) {
                drained.notifyAll();
            }
        }
    }

    public static final class Builder {
        private DynamoDbAuditLog table;
        private Path directory;
        private int lanes = 2;
        private int maxBacklog = 10_000;
        private long segmentBytes = 16L * 1024 * 1024;
        private Duration drainOnClose = Duration.ofSeconds(10);
        private Sync sync = Sync.BATCHED;
        private Duration syncEvery = Duration.ofMillis(20);

        private Builder() {
        }

        /** Where the records go; it keeps the hash chains. */
        public Builder table(DynamoDbAuditLog table) {
            this.table = table;
            return this;
        }

        /** The journal's folder: only this process may use it (the local data folder's lock). */
        public Builder directory(Path directory) {
            this.directory = directory;
            return this;
        }

        /** Background writers to the table; records of one chain always go through the same one. */
        public Builder lanes(int lanes) {
            this.lanes = lanes;
            return this;
        }

        /** Unshipped records beyond which new requests are refused. */
        public Builder maxBacklog(int maxBacklog) {
            this.maxBacklog = maxBacklog;
            return this;
        }

        /** Size at which a new journal file is started. */
        public Builder segmentBytes(long segmentBytes) {
            this.segmentBytes = segmentBytes;
            return this;
        }

        /** Whether intents are synced to disk one by one; {@link Sync#BATCHED} by default. */
        public Builder sync(Sync sync) {
            this.sync = sync;
            return this;
        }

        /** How often the journal is synced to disk in the background; 20 ms by default. */
        public Builder syncEvery(Duration syncEvery) {
            this.syncEvery = syncEvery;
            return this;
        }

        /** How long closing waits for the table to take what is pending. */
        public Builder drainOnClose(Duration drainOnClose) {
            this.drainOnClose = drainOnClose;
            return this;
        }

        /**
         * Opens the journal and writes whatever it holds from an earlier run to the table.
         *
         * @throws AuditUnavailableException if the journal cannot be read or the table does not
         *                                   take its records: nothing may run without them
         */
        public JournaledAuditLog open() {
            if (table == null || directory == null) {
                throw new IllegalStateException("a journaled audit log needs a table and a directory");
            }
            if (lanes < 1 || lanes > AuditChains.COUNT || maxBacklog < 1 || segmentBytes < AuditJournal.MAX_LINE_BYTES
                    || sync == null || syncEvery.isNegative() || syncEvery.isZero()) {
                throw new IllegalArgumentException("lanes 1.." + AuditChains.COUNT + ", a positive backlog, segments of "
                        + "at least " + AuditJournal.MAX_LINE_BYTES + " bytes and a positive sync interval");
            }
            AuditJournal.Recovered recovered;
            try {
                recovered = AuditJournal.open(directory, segmentBytes);
            } catch (IOException e) {
                throw new AuditUnavailableException("cannot open the audit journal in " + directory + ": "
                        + e.getMessage(), e);
            }
            JournaledAuditLog log = new JournaledAuditLog(this, recovered.journal());
            log.start(recovered.entries());
            return log;
        }
    }
}
