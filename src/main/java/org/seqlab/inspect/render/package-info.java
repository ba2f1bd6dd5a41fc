/**
 * Pictures of plain data for inspection: the terminal, PNG, SVG and HTML. Imports nothing of seqlab;
 * whoever reads a model's trace builds one of these and hands it over.
 *
 * <p>The data: {@link org.seqlab.inspect.render.Heatmap} (rows x cols floats with labels and a
 * {@link org.seqlab.inspect.render.Scale}: diverging around 0 for signed data, sequential for [0, 1]),
 * {@link org.seqlab.inspect.render.HeatmapGrid} (panels: the gates of a cell),
 * {@link org.seqlab.inspect.render.AttentionMap} (per head queries x keys),
 * {@link org.seqlab.inspect.render.TokenStrip} (a text coloured by one value per token: a neuron,
 * surprisal), {@link org.seqlab.inspect.render.LinePlot} (loss curves),
 * {@link org.seqlab.inspect.render.Table} (summary, neighbours).
 *
 * <p>What the interpreter calls:
 * <pre>
 * print                 Terminal.render(picture, new TerminalOptions(ColorMode.detect(System.getenv(), isTty), width, values, 40))
 * ... to "x.png|svg|html"   Renderers.write(Path.of("x.png"), picture, values)
 * </pre>
 * Per-token-per-unit maps put the tokens across and the units down
 * ({@link org.seqlab.inspect.render.Heatmap#fromTokensByUnits} turns a trace's tokens x units);
 * attention puts queries down and keys across.
 *
 * <p>PNG is drawn with Java2D, headless. Text needs a font: on Debian the package
 * {@code fonts-dejavu-core}; where the JDK cannot draw text the picture is written without it.
 */
package org.seqlab.inspect.render;
