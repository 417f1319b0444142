package com.example;

public class Counter {
    private int value;

    public void increment() {
        value += 1;
    }
}
