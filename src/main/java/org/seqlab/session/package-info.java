/**
 * The application layer: what a session holds, typed. {@link org.seqlab.session.Workspace} is the registry of
 * models ({@link org.seqlab.session.ModelSession}: compiled network, training state) and loaded data sets
 * ({@link org.seqlab.session.LoadedData}), with the names the checker sees and the settings;
 * {@link org.seqlab.session.Background} runs training beside the prompt, and {@link org.seqlab.session.Interrupts}
 * turns Ctrl-C into a stop at the next step boundary. The interpreter ({@code lang/run}) executes statements
 * against this package; this package never imports the interpreter or the tools above it.
 */
package org.seqlab.session;
