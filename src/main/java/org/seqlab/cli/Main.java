package org.seqlab.cli;

/** Entry point: `seqlab` (REPL), `seqlab FILE.seq...` (batch). */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.out.println("seqlab 0.1.0");
    }
}
