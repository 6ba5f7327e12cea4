package org.ae4j.core.train;

/** Training met a NaN or infinite value; the last good checkpoint is kept. */
public final class NonFiniteLossException extends RuntimeException {
    private final int epoch;
    private final long step;
    private final String term;

    public NonFiniteLossException(int epoch, long step, String term, double value) {
        super("non-finite " + term + " (" + value + ") at epoch " + epoch + ", step " + step
                + "; training stopped, the last good checkpoint is kept");
        this.epoch = epoch;
        this.step = step;
        this.term = term;
    }

    public int epoch() {
        return epoch;
    }

    public long step() {
        return step;
    }

    public String term() {
        return term;
    }
}
