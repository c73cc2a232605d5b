package org.edgeway.fleet.internal.ops;

/** Where one gateway's job of a rollout stands. */
public enum JobState {
    /** Its stage has not started. */
    PENDING,
    /** The request was published; no answer yet. */
    SENT,
    /** A deployment the gateway accepted: waiting for its notifications, then checking the installed package. */
    RUNNING,
    SUCCEEDED,
    /** The gateway refused or failed; the message says why. */
    FAILED,
    /** No final answer within the job timeout. */
    TIMED_OUT,
    /** Offline when its stage started: nothing was sent, it is no failure; redo it in another rollout. */
    OFFLINE,
    /** Not done: the rollout halted, was cancelled or its console stopped. */
    CANCELLED;

    /** Whether the job has ended. */
    public boolean terminal() {
        return this != PENDING && this != SENT && this != RUNNING;
    }

    /** Whether the job counts against the rollout's maximum of failures. */
    public boolean failure() {
        return this == FAILED || this == TIMED_OUT;
    }

    /** Whether a request is out and an answer awaited. */
    boolean inFlight() {
        return this == SENT || this == RUNNING;
    }
}
