package org.seqlab.session;

import java.util.LinkedHashMap;
import java.util.Map;
import org.seqlab.inspect.CountVectors;
import org.seqlab.lang.ast.Value;
import org.seqlab.lang.check.Scope;

/**
 * What a session holds: models (as checked definitions), templates, data declarations, the current model,
 * settings, and, typed, what the engine has made of them: a {@link ModelSession} per model that has met its data
 * (plain or encoder-decoder: compiled network, training state, history) and the data sets loaded so far.
 * The interpreter (lang/run) runs each statement on a {@link #copy()} and keeps it only on success.
 */
public final class Workspace {

    private final Scope scope;
    private final Map<String, Value> settings;
    private final Map<String, ModelSession> models;
    private final Map<String, LoadedData> data;
    private final Map<String, CountVectors> vectors;

    public Workspace() {
        this(new Scope(), new LinkedHashMap<>(), new LinkedHashMap<>(), new LinkedHashMap<>(), new LinkedHashMap<>());
    }

    private Workspace(Scope scope, Map<String, Value> settings, Map<String, ModelSession> models,
                      Map<String, LoadedData> data, Map<String, CountVectors> vectors) {
        this.scope = scope;
        this.settings = settings;
        this.models = models;
        this.data = data;
        this.vectors = vectors;
    }

    /**
     * A copy to run one statement on. Names, settings and the registries are copied; the sessions and data
     * sets in them are shared, so an engine that changes one in place (weights while training) must put a new
     * one in the copy if the change has to be undone on failure.
     */
    public Workspace copy() {
        return new Workspace(scope.copy(), new LinkedHashMap<>(settings), new LinkedHashMap<>(models), new LinkedHashMap<>(data),
                new LinkedHashMap<>(vectors));
    }

    /** Names for the checker, and the models, templates and data by name. */
    public Scope scope() {
        return scope;
    }

    /** {@code set} values by name: seed, backend, threads. */
    public Map<String, Value> settings() {
        return settings;
    }

    /** The session's {@code set seed=N}; empty before one (the engine then starts from its own). */
    public java.util.OptionalLong seed() {
        return settings.get("seed") instanceof Value.Num n ? java.util.OptionalLong.of(n.asLong()) : java.util.OptionalLong.empty();
    }

    /** The session of model {@code name} once it has met its data; null before (or after it was redefined). */
    public ModelSession model(String name) {
        return models.get(name);
    }

    public void putModel(String name, ModelSession s) {
        models.put(name, s);
    }

    /** Forgets what the engine made of a model (it was redefined). */
    public void dropModel(String name) {
        models.remove(name);
    }

    /** A loaded data set by key: a declared data name, or "file:PATH" for a file named in place; null before. */
    public LoadedData data(String key) {
        return data.get(key);
    }

    public void putData(String key, LoadedData loaded) {
        data.put(key, loaded);
    }

    /** Word vectors made by {@code vectors NAME = counts of CORPUS}; null before. */
    public CountVectors vectors(String name) {
        return vectors.get(name);
    }

    public void putVectors(String name, CountVectors v) {
        vectors.put(name, v);
    }

    /** The models that have met their data, by name, read-only. */
    public Map<String, ModelSession> models() {
        return java.util.Collections.unmodifiableMap(models);
    }

    /** The data sets loaded so far, by key (see {@link #data}), read-only. */
    public Map<String, LoadedData> dataSets() {
        return java.util.Collections.unmodifiableMap(data);
    }
}
