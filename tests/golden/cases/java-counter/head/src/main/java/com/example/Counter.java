package com.example;

/** A counter that only goes up, by a fixed step. */
public class Counter {
    private int value;
    private final int step;

    public Counter(int step) {
        this.step = step;
    }

    public void increment(int times) {
        value += step * times;
    }

    public int read() {
        return value;
    }
}
