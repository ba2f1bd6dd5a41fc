package org.seqlab.lang.check;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.seqlab.lang.ast.Statement;

/**
 * The names a script can refer to: models, templates and data sets defined by earlier statements
 * or already held by the workspace, the current model, and the files already used. The checker
 * works on a copy, so a script that fails its check changes nothing.
 */
public final class Scope {

    private final Map<String, Statement.ModelDef> models = new LinkedHashMap<>();
    private final Map<String, Statement.ModelDef> templates = new LinkedHashMap<>();
    private final Map<String, Statement.DataDecl> data = new LinkedHashMap<>();
    private final Set<String> usedFiles = new LinkedHashSet<>();
    private final Set<String> vectors = new LinkedHashSet<>();
    private String current;

    public Scope copy() {
        Scope s = new Scope();
        s.models.putAll(models);
        s.templates.putAll(templates);
        s.data.putAll(data);
        s.usedFiles.addAll(usedFiles);
        s.vectors.addAll(vectors);
        s.current = current;
        return s;
    }

    /** Concrete models by name (templates instantiated), in definition order. */
    public Map<String, Statement.ModelDef> models() {
        return models;
    }

    public Map<String, Statement.ModelDef> templates() {
        return templates;
    }

    public Map<String, Statement.DataDecl> data() {
        return data;
    }

    /** Canonical paths of files already brought in by {@code use}; using one again does nothing. */
    public Set<String> usedFiles() {
        return usedFiles;
    }

    /** Names of word vectors made by {@code vectors NAME = counts of CORPUS}. */
    public Set<String> vectors() {
        return vectors;
    }

    /** The model that statements without a model name act on, or null. */
    public String current() {
        return current;
    }

    public void setCurrent(String name) {
        current = name;
    }

    public void defineModel(Statement.ModelDef m) {
        if (m.template()) {
            templates.put(m.name().name(), m);
            models.remove(m.name().name());
        } else {
            models.put(m.name().name(), m);
            templates.remove(m.name().name());
            current = m.name().name();
        }
    }

    public void defineData(Statement.DataDecl d) {
        data.put(d.name().name(), d);
    }
}
