package org.ae4j.core.train;

/** Called after each completed epoch (after its checkpoint is written), e.g. to draw figures during training. */
@FunctionalInterface
public interface EpochListener {
    EpochListener NONE = result -> { };

    void epochDone(EpochResult result);
}
