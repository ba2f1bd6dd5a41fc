package org.seqlab.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.seqlab.data.DataKind;
import org.seqlab.data.ExampleSet;
import org.seqlab.data.Generators;

/**
 * The session's registry is typed and a statement's copy is isolated: what a statement registers in its copy is not
 * in the original until the interpreter keeps the copy, while the models and data sets themselves are shared.
 */
class WorkspaceTest {

    @Test
    void aCopyRegistersApartAndSharesWhatItHolds() {
        Workspace ws = new Workspace();
        ExampleSet reverse = Generators.task("reverse", java.util.Map.of("samples", 20), 1);
        LoadedData loaded = new LoadedData("reverse", reverse);
        ws.putData("reverse", loaded);
        Workspace copy = ws.copy();
        copy.putData("file:x.txt", new LoadedData("x.txt", reverse));
        copy.dropModel("none");
        assertSame(loaded, copy.data("reverse"), "the data set itself is shared");
        assertNull(ws.data("file:x.txt"), "the copy's registrations stay in the copy");
        assertEquals(List.of("reverse", "file:x.txt"), List.copyOf(copy.dataSets().keySet()));
        assertEquals(DataKind.SEQ2SEQ, copy.dataSets().get("reverse").data().kind());
        assertThrows(UnsupportedOperationException.class, () -> ws.dataSets().clear(), "views are read-only");
        assertThrows(UnsupportedOperationException.class, () -> ws.models().clear(), "views are read-only");
        assertNull(ws.model("lm"), "a model has no session before it meets its data");
    }
}
