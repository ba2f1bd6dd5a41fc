package org.seqlab.lang.run;

import java.util.LinkedHashMap;
import java.util.Map;
import org.seqlab.lang.ast.Value;
import org.seqlab.lang.check.Scope;

/**
 * What a session holds: models (as checked definitions), templates, data declarations, the
 * current model, settings, and whatever the engine keeps per model ({@link #engineState}).
 * The interpreter runs each statement on a {@link #copy()} and keeps it only on success.
 */
public final class Workspace {

    private final Scope scope;
    private final Map<String, Value> settings;
    private final Map<String, Object> engineState;

    public Workspace() {
        this(new Scope(), new LinkedHashMap<>(), new LinkedHashMap<>());
    }

    private Workspace(Scope scope, Map<String, Value> settings, Map<String, Object> engineState) {
        this.scope = scope;
        this.settings = settings;
        this.engineState = engineState;
    }

    /**
     * A copy to run one statement on. Names and settings are copied; engine state values are
     * shared, so an engine that changes an object in place (weights while training) must put a
     * new object in the copy if the change has to be undone on failure.
     */
    public Workspace copy() {
        return new Workspace(scope.copy(), new LinkedHashMap<>(settings), new LinkedHashMap<>(engineState));
    }

    /** Names for the checker, and the models, templates and data by name. */
    public Scope scope() {
        return scope;
    }

    /** {@code set} values by name: seed, backend, threads. */
    public Map<String, Value> settings() {
        return settings;
    }

    /** The engine's own objects (compiled models, loaded corpora), by a key it chooses. */
    public Map<String, Object> engineState() {
        return engineState;
    }
}
