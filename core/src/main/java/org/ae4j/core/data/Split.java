package org.ae4j.core.data;

/** Which part of a dataset with a fixed train/test partition. */
public enum Split {
    TRAIN,
    TEST
}
