package org.seqlab.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class CellsTest {

    @Test
    void commandsOnTheirOwnLinesSplitTheStatementsWhichKeepTheirLineNumbers() {
        List<Cells.Part> parts = Cells.split("set seed=1\n:models\n\nmodel m {\n  :not a command inside a block\n}\n  :help lstm");
        assertEquals(4, parts.size());
        assertEquals(new Cells.Part(false, "set seed=1\n"), parts.get(0));
        assertEquals(new Cells.Part(true, ":models"), parts.get(1));
        assertEquals(new Cells.Part(false, "\n\n\nmodel m {\n  :not a command inside a block\n}\n"), parts.get(2));
        assertEquals(new Cells.Part(true, ":help lstm"), parts.get(3));
    }

    @Test
    void aCellOfStatementsIsOnePartAndBlankLinesAreNothing() {
        assertEquals(List.of(new Cells.Part(false, "summary\nsample 5\n")), Cells.split("summary\nsample 5"));
        assertEquals(List.of(), Cells.split("\n  \n"));
    }
}
